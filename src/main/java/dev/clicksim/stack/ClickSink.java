package dev.clicksim.stack;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.simulation.Click;
import org.HdrHistogram.Histogram;

/**
 * Where a run's clicks go: one producer onto {@code click_events}, keyed by campaign with the
 * click's event time as the record timestamp. {@link #send} is called from one thread;
 * acknowledgements are timed on the host clock from the click's intended send time and from its
 * actual one, so a stalled sender cannot hide its delay.
 */
public interface ClickSink extends AutoCloseable {

  /**
   * Hands one click over; returns once the producer has it, not when it is acknowledged.
   *
   * @param intendedNanos when the schedule wanted it sent, on the sink's clock
   * @param place the click's place among its window's counted clicks, 0 if it is due to be dropped
   *     as late
   * @param window the freshness state of the click's window, told of the ack; null for a click not
   *     counted
   */
  void send(Click click, long intendedNanos, long place, FreshnessTracker.Window window);

  /**
   * Waits until every click handed over is acknowledged or failed; a failed one is an
   * infrastructure failure.
   */
  void flush();

  long sent();

  long acked();

  long failed();

  /**
   * Ack latencies (microseconds) since the previous call: from the intended, then from the actual
   * send time.
   */
  Histogram[] intervalAckLatencies();

  /** Every ack latency so far, microseconds, from the intended send time. */
  Histogram ackLatencyFromIntended();

  @Override
  void close();
}
