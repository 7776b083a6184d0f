package dev.clicksim.run;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.stack.CountsReader;
import java.time.Duration;

/**
 * Reads the run's windows from the table at a fixed interval while clicks are being sent, so the
 * freshness tracker sees counts appear as they do. Its own connection; a failed poll is retried at
 * the next tick (the verifier reports database problems).
 */
public final class TableObserver implements AutoCloseable {

  private final CountsReader reader;
  private final FreshnessTracker tracker;
  private final String campaignPrefix;
  private final BackgroundLoop loop;

  /**
   * @param reader the observer's own reader, closed with it
   */
  public TableObserver(
      CountsReader reader, FreshnessTracker tracker, String campaignPrefix, Duration interval) {
    this.reader = reader;
    this.tracker = tracker;
    this.campaignPrefix = campaignPrefix;
    this.loop =
        BackgroundLoop.start(
            "clicksim-table-observer",
            interval,
            Duration.ZERO,
            Duration.ofSeconds(5),
            this::observe);
  }

  private void observe() {
    try {
      tracker.observe(reader.read(campaignPrefix), System.nanoTime());
    } catch (RuntimeException e) {
      // the verifier will name the problem if it persists
    }
  }

  @Override
  public void close() {
    loop.close();
    reader.close();
  }
}
