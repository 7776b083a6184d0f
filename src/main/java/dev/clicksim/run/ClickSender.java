package dev.clicksim.run;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.ClickSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 */
public final class ClickSender implements ClickSink {

  /**
   * Latencies above an hour are clamped: nothing in a run waits that long without failing first.
   */
  private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final LongSupplier nanoClock;
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
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

  public ClickSender(Map<String, Object> clientProperties, String topic, LongSupplier nanoClock) {
    this(clientProperties, topic, nanoClock, ClickJson::encode);
  }

  /**
   * @param encoder the record value of a click: plain JSON, or Schema Registry's framed JSON
   */
  public ClickSender(
      Map<String, Object> clientProperties,
      String topic,
      LongSupplier nanoClock,
      java.util.function.Function<Click, byte[]> encoder) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "clicksim-producer");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.nanoClock = nanoClock;
    this.encoder = encoder;
  }

  /**
   * Hands one click to the producer.
   *
   * @param intendedNanos when the schedule wanted it sent, on {@code nanoClock}
   * @param place the click's place among its window's counted clicks, 0 if it is due to be dropped
   *     as late
   * @param window the freshness state of the click's window, told of the ack; null for a click not
   *     counted
   */
  @Override
  public void send(Click click, long intendedNanos, long place, FreshnessTracker.Window window) {
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
              ackFromIntended.recordValue(clampMicros(now - intendedNanos));
              ackFromActual.recordValue(clampMicros(now - actualNanos));
              acked.increment();
              if (window != null) {
                window.acked(place, now);
              }
            } else {
              failed.increment();
              firstFailure.compareAndSet(null, exception);
            }
          });
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "Kafka did not accept records for topic " + topic + ": " + e.getMessage(),
          e);
    }
    sent.increment();
  }

  private static long clampMicros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), HIGHEST_TRACKABLE_MICROS);
  }

  /** Waits for every send to be acknowledged or failed; throws if any failed. */
  @Override
  public void flush() {
    producer.flush();
    if (failed.sum() > 0) {
      Exception e = firstFailure.get();
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          failed.sum()
              + " of "
              + sent.sum()
              + " clicks were not acknowledged by Kafka: "
              + (e == null ? "unknown" : e.getMessage()),
          e);
    }
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

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
