package dev.clicksim.stack;

import dev.clicksim.verify.ObservedWindow;
import java.util.List;

/** Reads one run's window counts from the sink's table, as often as asked, over one connection. */
public interface CountsReader extends AutoCloseable {

  /**
   * The largest count of every (campaign, window start) whose campaign id starts with {@code
   * campaignPrefix}, in {@link dev.clicksim.verify.WindowComparison#OBSERVED_ORDER}. The largest is
   * the final count in both layouts.
   */
  List<ObservedWindow> read(String campaignPrefix);

  /**
   * "upsert" when each of the run's windows has one row, "insert" when some have a row per update.
   */
  String detectLayout(String campaignPrefix);

  @Override
  void close();
}
