package dev.clicksim.run;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;

/** Every second, moves the interval histograms of acks and click visibility into the run's latency log. */
public final class LatencyRecorderThread implements AutoCloseable {

  private final ClickSender sender;
  private final FreshnessTracker tracker;
  private final LatencyLog log;
  private final Thread thread;
  private volatile boolean running = true;
  private long intervalStartMs = System.currentTimeMillis();

  public LatencyRecorderThread(ClickSender sender, FreshnessTracker tracker, LatencyLog log) {
    this.sender = sender;
    this.tracker = tracker;
    this.log = log;
    this.thread = new Thread(this::loop, "clicksim-latency-log");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      flush();
    }
  }

  /** Writes what was recorded since the last flush. */
  public synchronized void flush() {
    long now = System.currentTimeMillis();
    var acks = sender.intervalAckLatencies();
    log.write(LatencyLog.ACK_FROM_INTENDED, acks[0], intervalStartMs, now);
    log.write(LatencyLog.ACK_FROM_ACTUAL, acks[1], intervalStartMs, now);
    log.write(LatencyLog.CLICK_VISIBILITY, tracker.intervalVisibility(), intervalStartMs, now);
    intervalStartMs = now;
  }

  /** Stops the thread after a last flush; the log stays open for the verifier. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
