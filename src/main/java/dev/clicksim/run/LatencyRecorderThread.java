package dev.clicksim.run;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import dev.clicksim.stack.ClickSink;
import java.time.Duration;

/**
 * Every second, moves the interval histograms of acks and click visibility into the run's latency
 * log.
 */
public final class LatencyRecorderThread implements AutoCloseable {

  public static final String SEND_RATE_FILE = "send-rate.csv";

  private final ClickSink sender;
  private final FreshnessTracker tracker;
  private final LatencyLog log;
  private final BackgroundLoop loop;
  private long intervalStartMs = System.currentTimeMillis();
  private final PacedSendLoop.Progress progress;
  private final java.io.PrintWriter rates;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastSent;
  private long lastDeliveries;
  private long lastScheduledNanos;

  /**
   * Also writes {@code send-rate.csv}: per second, the rate sent and the rate the schedule asked
   * for.
   */
  public LatencyRecorderThread(
      ClickSink sender,
      FreshnessTracker tracker,
      LatencyLog log,
      PacedSendLoop.Progress progress,
      java.nio.file.Path runDir) {
    this.sender = sender;
    this.tracker = tracker;
    this.log = log;
    this.progress = progress;
    try {
      this.rates =
          new java.io.PrintWriter(
              java.nio.file.Files.newBufferedWriter(runDir.resolve(SEND_RATE_FILE)));
    } catch (java.io.IOException e) {
      throw new dev.clicksim.failure.ClicksimFailure(
          dev.clicksim.failure.ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write " + runDir.resolve(SEND_RATE_FILE),
          e);
    }
    rates.println("seconds,sent_per_second,target_per_second");
    this.loop =
        BackgroundLoop.start(
            "clicksim-latency-log",
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            this::flush);
  }

  /** Writes what was recorded since the last flush. */
  public synchronized void flush() {
    long now = System.currentTimeMillis();
    var acks = sender.intervalAckLatencies();
    log.write(LatencyLog.ACK_FROM_INTENDED, acks[0], intervalStartMs, now);
    log.write(LatencyLog.ACK_FROM_ACTUAL, acks[1], intervalStartMs, now);
    log.write(LatencyLog.CLICK_VISIBILITY, tracker.intervalVisibility(), intervalStartMs, now);
    intervalStartMs = now;
    long nanos = System.nanoTime();
    long sent = sender.sent();
    long deliveries = progress.deliveries();
    long scheduled = progress.scheduledNanos();
    double seconds = Math.max((nanos - lastNanos) / 1e9, 1e-9);
    double target =
        scheduled > lastScheduledNanos
            ? (deliveries - lastDeliveries) / ((scheduled - lastScheduledNanos) / 1e9)
            : (sent - lastSent) / seconds;
    rates.printf(
        java.util.Locale.ROOT,
        "%.3f,%.1f,%.1f%n",
        (nanos - startNanos) / 1e9,
        (sent - lastSent) / seconds,
        target);
    rates.flush();
    lastNanos = nanos;
    lastSent = sent;
    lastDeliveries = deliveries;
    lastScheduledNanos = scheduled;
  }

  /** Stops the thread after a last flush; the log stays open for the verifier. */
  @Override
  public void close() {
    loop.close();
    flush();
    rates.close();
  }
}
