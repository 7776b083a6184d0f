package dev.clicksim.run;

import java.time.Duration;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.stack.CountsReader;

/**
 * Reads the run's windows from the table at a fixed interval while clicks are being sent, so the freshness tracker sees
 * counts appear as they do. Its own connection; a failed poll is retried at the next tick (the verifier reports
 * database problems).
 */
public final class TableObserver implements AutoCloseable {

  private final CountsReader reader;
  private final FreshnessTracker tracker;
  private final String campaignPrefix;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean running = true;

  /** @param reader the observer's own reader, closed with it */
  public TableObserver(CountsReader reader, FreshnessTracker tracker, String campaignPrefix, Duration interval) {
    this.reader = reader;
    this.tracker = tracker;
    this.campaignPrefix = campaignPrefix;
    this.interval = interval;
    this.thread = new Thread(this::loop, "clicksim-table-observer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    long next = System.nanoTime();
    while (running) {
      try {
        tracker.observe(reader.read(campaignPrefix), System.nanoTime());
      } catch (RuntimeException e) {
        // the verifier will name the problem if it persists
      }
      next += interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      } else {
        next = System.nanoTime();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.close();
  }
}
