package dev.clicksim.db;

/**
 * Where the sink writes the window counts, and the names of its columns. The defaults are the
 * fields of {@code click_counts_table_output} as the sink writes them; a table made by the seed's
 * auto-create has upper-case names, which can be given here.
 */
public record CountsTable(
    String table, String campaignColumn, String countColumn, String startColumn, String endColumn) {

  public static final CountsTable DEFAULT =
      new CountsTable("click_counts", "campaignId", "click_count", "start_time", "end_time");

  /**
   * The fields as ksqlDB names them: upper case, the campaign only as {@code ID} (its key is binary
   * on the topic).
   */
  public static final CountsTable KSQLDB =
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
    // The embedded topology writes the campaign both as campaignId and as id (ksqlDB's AS_VALUE);
    // ksqlDB only as ID.
    boolean campaignIsId = campaignColumn.equalsIgnoreCase("id");
    return "CREATE TABLE IF NOT EXISTS "
        + quote(table)
        + " ("
        + quote(campaignColumn)
        + " text NOT NULL, "
        + (campaignIsId ? "" : "\"id\" text, ")
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
}
