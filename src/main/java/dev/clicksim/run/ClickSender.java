package dev.clicksim.run;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.ClickSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends clicks to {@code click_events}: keyed by campaign (so a campaign stays in one partition, in
 * send order), the record timestamp set to the click's event time, one idempotent producer so
 * retries neither reorder nor duplicate.
 *
 * <p>Every acknowledgement is timed twice on the same host clock: from the click's intended send
 * time (its place in the rate schedule) and from the moment it was handed to the producer. The
 * first includes any time the sender fell behind its schedule, so a stalled producer cannot hide
 * its own delay (coordinated omission).
 *
 * <p>A broker that disappears is noticed by the producer's delivery timeout ({@code
 * delivery.timeout.ms}, {@link #DEFAULT_DELIVERY_TIMEOUT} unless the run says otherwise): the first
 * click not acknowledged within it fails, and {@link #failing()} tells the run to stop. The
 * producer blocks a send for no longer than that either ({@code max.block.ms}), and each request
 * waits for half of it ({@code request.timeout.ms}, so a lost request is retried once in time).
 */
public final class ClickSender implements ClickSink {

  /**
   * Latencies above an hour are clamped: nothing in a run waits that long without failing first.
   */
  private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

  /** How long without an acknowledgement, clicks waiting, before the progress line says so. */
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final int LINGER_MS = 5;

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String broker;
  private final Duration deliveryTimeout;
  private final LongSupplier nanoClock;
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
  private volatile boolean failing;
  private volatile boolean closing;
  private volatile long lastAckNanos;
  private Metric connectionCount;
  // Single-writer recorders: successful acks complete on the producer's one I/O thread (failures,
  // which may complete on the caller's thread, are not recorded), and a single writer records
  // without the atomic operations of a concurrent histogram.
  private final SingleWriterRecorder ackFromIntended =
      new SingleWriterRecorder(HIGHEST_TRACKABLE_MICROS, 3);
  private final SingleWriterRecorder ackFromActual =
      new SingleWriterRecorder(HIGHEST_TRACKABLE_MICROS, 3);
  private final Histogram cumulativeFromIntended = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
  private final Histogram cumulativeFromActual = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
  private final java.util.function.Function<Click, byte[]> encoder;

  /** The first click that failed, and whether it failed because this sender gave up on it. */
  private record Failure(Exception exception, boolean abandoned) {}

  public ClickSender(Map<String, Object> clientProperties, String topic, LongSupplier nanoClock) {
    this(clientProperties, topic, nanoClock, ClickJson::encode, DEFAULT_DELIVERY_TIMEOUT);
  }

  /**
   * @param encoder the record value of a click: plain JSON, or Schema Registry's framed JSON
   * @param deliveryTimeout how long a click may wait for its acknowledgement, at least {@link
   *     #MIN_DELIVERY_TIMEOUT}
   */
  public ClickSender(
      Map<String, Object> clientProperties,
      String topic,
      LongSupplier nanoClock,
      java.util.function.Function<Click, byte[]> encoder,
      Duration deliveryTimeout) {
    if (deliveryTimeout.compareTo(MIN_DELIVERY_TIMEOUT) < 0) {
      throw new IllegalArgumentException("delivery timeout below " + MIN_DELIVERY_TIMEOUT);
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long deliveryMs = deliveryTimeout.toMillis();
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryMs, Integer.MAX_VALUE));
    // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryMs / 2, 30_000));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "clicksim-producer");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    Object servers = clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    this.broker = servers == null ? "(no bootstrap servers)" : String.valueOf(servers);
    this.deliveryTimeout = deliveryTimeout;
    this.nanoClock = nanoClock;
    this.encoder = encoder;
    this.lastAckNanos = nanoClock.getAsLong();
  }

  /**
   * Hands one click to the producer.
   *
   * @param intendedNanos when the schedule wanted it sent, on {@code nanoClock}
   */
  @Override
  public void send(Click click, long intendedNanos, Acknowledgement acknowledgement) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            topic, null, click.eventTimeMs(), click.campaignId(), encoder.apply(click));
    long actualNanos = nanoClock.getAsLong();
    try {
      producer.send(
          record,
          (metadata, exception) -> {
            if (exception == null) {
              long now = nanoClock.getAsLong();
              lastAckNanos = now;
              ackFromIntended.recordValue(clampMicros(now - intendedNanos));
              ackFromActual.recordValue(clampMicros(now - actualNanos));
              acked.increment();
              acknowledgement.acknowledged(now);
            } else {
              failed.increment();
              firstFailure.compareAndSet(null, new Failure(exception, closing));
              failing = true;
            }
          });
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "Kafka at "
              + broker
              + " did not take a click for "
              + seconds(deliveryTimeout)
              + " (the delivery timeout)"
              + (unreachable() ? ": the broker is unreachable" : ": " + firstLine(e)),
          e);
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INTERRUPTED, "interrupted handing a click to Kafka at " + broker, e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "Kafka at " + broker + " refused a click: " + firstLine(e),
          e);
    }
    sent.increment();
  }

  private static long clampMicros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), HIGHEST_TRACKABLE_MICROS);
  }

  @Override
  public boolean failing() {
    return failing;
  }

  @Override
  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  /**
   * Waits, at most {@code atMost}, for every send to be acknowledged or failed, then closes the
   * producer: {@link KafkaProducer#flush()} has no bound, and a close with a timeout is a flush
   * that fails what is still unacknowledged at its end. Throws if any click failed.
   */
  @Override
  public void flush(Duration atMost) {
    boolean unreachable = unreachable();
    closing = true;
    producer.close(failing ? Duration.ZERO : atMost);
    Failure first = firstFailure.get();
    if (first == null) {
      return;
    }
    String why;
    if (first.abandoned()) {
      why = "did not acknowledge every click within " + seconds(atMost) + " of the end of sending";
    } else if (first.exception() instanceof org.apache.kafka.common.errors.TimeoutException) {
      why = "did not acknowledge clicks within the delivery timeout of " + seconds(deliveryTimeout);
    } else {
      why = "refused a click (" + firstLine(first.exception()) + ")";
    }
    throw new ClicksimFailure(
        ClicksimFailure.Kind.INFRASTRUCTURE,
        "Kafka at "
            + broker
            + " "
            + why
            + (unreachable ? ": the broker is unreachable" : "")
            + String.format(
                Locale.ROOT, "; %,d of %,d clicks were not acknowledged", failed.sum(), sent.sum()),
        first.exception());
  }

  /**
   * Whether the producer holds no connection to any broker (its connection-count metric), as after
   * the broker died: connecting is refused, and retried every second or so.
   */
  private synchronized boolean unreachable() {
    try {
      if (connectionCount == null) {
        for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
          if (m.getKey().name().equals("connection-count")
              && m.getKey().group().equals("producer-metrics")) {
            connectionCount = m.getValue();
          }
        }
      }
      return connectionCount != null
          && connectionCount.metricValue() instanceof Number n
          && n.doubleValue() < 1;
    } catch (RuntimeException e) {
      return false; // the metrics are for the message, not for the run
    }
  }

  @Override
  public Optional<String> trouble() {
    long waiting = sent.sum() - acked.sum() - failed.sum();
    long quiet = nanoClock.getAsLong() - lastAckNanos;
    if ((waiting <= 0 && !failing) || quiet < QUIET_NANOS) {
      return Optional.empty();
    }
    return Optional.of(
        "broker "
            + broker
            + (unreachable() ? " unreachable" : " not acknowledging")
            + ", no acknowledgement for "
            + TimeUnit.NANOSECONDS.toSeconds(quiet)
            + " s");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? d.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage();
    return m == null ? "no reason given" : m.lines().findFirst().orElse("");
  }

  /**
   * Ack latencies since the previous call, in microseconds: from the intended and from the actual
   * send time.
   */
  @Override
  public synchronized Histogram[] intervalAckLatencies() {
    Histogram intended = ackFromIntended.getIntervalHistogram();
    Histogram actual = ackFromActual.getIntervalHistogram();
    cumulativeFromIntended.add(intended);
    cumulativeFromActual.add(actual);
    return new Histogram[] {intended, actual};
  }

  /** Every ack latency so far, microseconds, from the intended send time. */
  @Override
  public synchronized Histogram ackLatencyFromIntended() {
    intervalAckLatencies();
    return cumulativeFromIntended.copy();
  }

  /** Every ack latency so far, microseconds, from the actual send time. */
  public synchronized Histogram ackLatencyFromActual() {
    intervalAckLatencies();
    return cumulativeFromActual.copy();
  }

  @Override
  public long sent() {
    return sent.sum();
  }

  @Override
  public long acked() {
    return acked.sum();
  }

  @Override
  public long failed() {
    return failed.sum();
  }

  /** Closes the producer, failing at once whatever is still unacknowledged. */
  @Override
  public void close() {
    closing = true;
    producer.close(Duration.ZERO);
  }
}
