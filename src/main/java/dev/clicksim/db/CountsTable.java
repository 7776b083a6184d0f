package dev.clicksim.db;

/**
 * Where the sink writes the window counts, and the names of its columns. The default is the table
 * of {@code postgres/init/01-click-counts.sql}, the same for the embedded and the compose stack:
 * the fields as ksqlDB writes them (upper case, the campaign only as {@code ID}, its key being
 * binary on the topic), which other names can replace for a table of one's own.
 */
public record CountsTable(
    String table, String campaignColumn, String countColumn, String startColumn, String endColumn) {

  public static final CountsTable DEFAULT =
      new CountsTable("click_counts", "ID", "CLICK_COUNT", "START_TIME", "END_TIME");

  /** Quoted for PostgreSQL, so mixed-case names survive exactly as written. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * The table the upsert sink expects: one row per (campaign, window start). Timestamps are {@code
   * timestamp} without time zone holding UTC, which is what the sink writes from the converted
   * epoch milliseconds.
   */
  public String createStatement() {
    return "CREATE TABLE IF NOT EXISTS "
        + quote(table)
        + " ("
        + quote(campaignColumn)
        + " text NOT NULL, "
        + quote(countColumn)
        + " bigint NOT NULL, "
        + quote(startColumn)
        + " timestamp NOT NULL, "
        + quote(endColumn)
        + " timestamp NOT NULL, "
        + "PRIMARY KEY ("
        + quote(campaignColumn)
        + ", "
        + quote(startColumn)
        + "))";
  }

  /** The columns, in the order {@link #createStatement()} declares them. */
  public java.util.List<String> columns() {
    return java.util.List.of(campaignColumn, countColumn, startColumn, endColumn);
  }
}
