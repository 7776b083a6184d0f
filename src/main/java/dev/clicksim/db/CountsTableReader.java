package dev.clicksim.db;

import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowComparison;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the window counts of one run (its campaign prefix) from the sink's table. It takes the
 * largest count per (campaign, window start), which is the final count in both layouts: upsert (one
 * row per window) and the seed's insert mode (a row per update). Counts only grow in a window, so
 * the largest is the last. It also reads the lowest and highest end of each window's rows, and
 * whether a row has no end, so that a wrong end in any row is seen.
 */
public final class CountsTableReader implements CountsReader {

  private final Connection connection;
  private final PreparedStatement query;
  private final CountsTable table;
  private String lastPrefix;
  private long lastMaxRowsPerWindow;

  public CountsTableReader(DatabaseEndpoint db, CountsTable table) {
    this.table = table;
    this.connection = Jdbc.connect(db);
    try (java.sql.Statement session = connection.createStatement()) {
      // The grouping of a large run's windows fits in memory instead of spilling to disk (4 MB by
      // default); this session only.
      session.execute("SET work_mem = '64MB'");
    } catch (SQLException ex) {
      // A server that refuses it groups on disk, more slowly; the result is the same.
    }
    String c = CountsTable.quote(table.campaignColumn());
    String n = CountsTable.quote(table.countColumn());
    String s = CountsTable.quote(table.startColumn());
    String e = CountsTable.quote(table.endColumn());
    // No ORDER BY: on 100 k windows PostgreSQL's sort spills to disk, and sorting in Java is
    // cheaper. The row count per window tells the layout from the same query. date_part is double
    // precision (exact for millisecond epochs, which need 13 digits), where extract's numeric
    // arithmetic took twice as long on 100 000 windows. The lowest and highest end, and whether a
    // row has none, let verify check every row's end (min and max skip NULLs, count(e) does not
    // count them).
    String sql =
        "SELECT "
            + c
            + ", (date_part('epoch', "
            + s
            + ") * 1000)::bigint, (date_part('epoch', min("
            + e
            + ")) * 1000)::bigint, (date_part('epoch', max("
            + e
            + ")) * 1000)::bigint, max("
            + n
            + "), count(*), count(*) - count("
            + e
            + ") FROM "
            + CountsTable.quote(table.table())
            + " WHERE starts_with("
            + c
            + ", ?) GROUP BY "
            + c
            + ", "
            + s;
    try {
      this.query = connection.prepareStatement(sql);
    } catch (SQLException ex) {
      close();
      throw Jdbc.translate(ex, "table " + table.table());
    }
  }

  @Override
  public List<ObservedWindow> read(String campaignPrefix) {
    try {
      query.setString(1, campaignPrefix);
      List<ObservedWindow> rows = new ArrayList<>();
      long maxRows = 0;
      // Each campaign id is kept once (the driver makes a string per row): less garbage, and the
      // sort below compares rows of one campaign by identity.
      Map<String, String> campaignIds = new HashMap<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String campaign = rs.getString(1);
          String shared = campaignIds.putIfAbsent(campaign, campaign);
          Long lowestEnd = null;
          Long highestEnd = null;
          if (rs.getLong(7) == 0) {
            // One Long for both when the rows agree, as they do but for a broken sink.
            lowestEnd = rs.getLong(3);
            highestEnd = lowestEnd;
            long highest = rs.getLong(4);
            if (highest != lowestEnd) {
              highestEnd = highest;
            }
          }
          rows.add(
              new ObservedWindow(
                  shared != null ? shared : campaign,
                  rs.getLong(2),
                  lowestEnd,
                  highestEnd,
                  rs.getLong(5)));
          maxRows = Math.max(maxRows, rs.getLong(6));
        }
      }
      rows.sort(WindowComparison.OBSERVED_ORDER);
      lastPrefix = campaignPrefix;
      lastMaxRowsPerWindow = maxRows;
      return rows;
    } catch (SQLException ex) {
      throw Jdbc.translate(ex, "reading table " + table.table());
    }
  }

  /**
   * How the run's rows are laid out: "upsert" when every (campaign, window) has one row, "insert"
   * when some have several (a row per update, the final count being the largest). Taken from the
   * latest read of that prefix.
   */
  @Override
  public String detectLayout(String campaignPrefix) {
    if (!campaignPrefix.equals(lastPrefix)) {
      read(campaignPrefix);
    }
    return lastMaxRowsPerWindow > 1 ? "insert" : "upsert";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing after a failure: the original error is what matters
    }
  }
}
