package dev.clicksim.stack;

import dev.clicksim.simulation.Click;
import java.time.Duration;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Where a run's clicks go: one producer onto {@code click_events}, keyed by campaign with the
 * click's event time as the record timestamp. {@link #send} is called from one thread;
 * acknowledgements are timed on the host clock from the click's intended send time and from its
 * actual one, so a stalled sender cannot hide its delay.
 *
 * <p>A click not acknowledged within the sink's delivery timeout fails; once one has, {@link
 * #failing()} says so and the run should stop: the clicks after it could reach Kafka out of order.
 */
public interface ClickSink extends AutoCloseable {

  /**
   * Long enough for a loaded broker on a small machine (acks take milliseconds there, and a few
   * seconds in a rebalance or a leader change), short enough that a run against a dead one ends
   * within half a minute.
   */
  Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  /** The shortest delivery timeout: the producer needs room for a request and its retry. */
  Duration MIN_DELIVERY_TIMEOUT = Duration.ofSeconds(2);

  /** Told that Kafka acknowledged one click, on the producer's I/O thread. */
  @FunctionalInterface
  interface Acknowledgement {
    /**
     * @param atNanos when, on the sink's clock
     */
    void acknowledged(long atNanos);
  }

  /**
   * Hands one click over; returns once the producer has it, not when it is acknowledged.
   *
   * @param intendedNanos when the schedule wanted it sent, on the sink's clock
   * @param acknowledgement told when Kafka acknowledges the click; never told of a click that
   *     failed
   * @throws dev.clicksim.failure.ClicksimFailure when the producer does not take the click (Kafka
   *     unreachable for the producer's longest block), naming the broker
   */
  void send(Click click, long intendedNanos, Acknowledgement acknowledgement);

  /** True once a click failed: Kafka did not acknowledge it within the delivery timeout. */
  boolean failing();

  /**
   * Waits until every click handed over is acknowledged or failed, at most {@code atMost}; the
   * clicks still unacknowledged then fail. Once a click has failed, it does not wait at all.
   *
   * @throws dev.clicksim.failure.ClicksimFailure (infrastructure) naming the broker when a click
   *     failed
   */
  void flush(Duration atMost);

  /** How long a click may wait for its acknowledgement before it fails. */
  Duration deliveryTimeout();

  long sent();

  long acked();

  long failed();

  /**
   * What stands between the clicks and their acknowledgements right now, for the progress line,
   * e.g. "broker 127.0.0.1:9092 unreachable, no acknowledgement for 12 s"; empty while clicks are
   * acknowledged.
   */
  Optional<String> trouble();

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
