package dev.clicksim.stack;

import dev.clicksim.db.CountsTable;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A counts table held in memory, for a verification without a database: the launcher's class-cache
 * training verifies a dry run against its own truth this way, and tests verify against counts they
 * make up.
 */
public final class FixedCounts implements CountsSource {

  private final List<ObservedWindow> rows;
  private final Optional<String> failedSinkTask;

  /**
   * @param rows the windows the table holds, one row each
   * @param failedSinkTask what a failed sink task would say, or empty for a healthy sink
   */
  public FixedCounts(List<ObservedWindow> rows, Optional<String> failedSinkTask) {
    List<ObservedWindow> sorted = new ArrayList<>(rows);
    sorted.sort(WindowComparison.OBSERVED_ORDER);
    this.rows = List.copyOf(sorted);
    this.failedSinkTask = failedSinkTask;
  }

  @Override
  public CountsReader openCountsReader(CountsTable table) {
    return new CountsReader() {
      @Override
      public List<ObservedWindow> read(String campaignPrefix) {
        return rows.stream().filter(r -> r.campaignId().startsWith(campaignPrefix)).toList();
      }

      @Override
      public String detectLayout(String campaignPrefix) {
        return "upsert";
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe(CountsTable table) {
    return "counts held in memory";
  }

  @Override
  public Optional<String> failedSinkTask() {
    return failedSinkTask;
  }
}
