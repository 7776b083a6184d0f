package dev.clicksim.run;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clicksim.cli.ClicksimException;
import dev.clicksim.cli.ExitCode;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.simulation.Click;

/**
 * Sends clicks to {@code click_events}: keyed by campaign (so a campaign stays in one partition, in send order), the
 * record timestamp set to the click's event time, one idempotent producer so retries neither reorder nor duplicate.
 */
public final class ClickSender implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final Callback callback = this::onCompletion;

  public ClickSender(Map<String, Object> clientProperties, String topic) {
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
  }

  public void send(Click click) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, click.eventTimeMs(), click.campaignId(), ClickJson.encode(click));
    try {
      producer.send(record, callback);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new ClicksimException(ExitCode.INFRASTRUCTURE, "Kafka did not accept records for topic " + topic + ": " + e.getMessage(), e);
    }
    sent.increment();
  }

  private void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      acked.increment();
    } else {
      failed.increment();
      firstFailure.compareAndSet(null, exception);
    }
  }

  /** Waits for every send to be acknowledged or failed; throws if any failed. */
  public void flush() {
    producer.flush();
    if (failed.sum() > 0) {
      Exception e = firstFailure.get();
      throw new ClicksimException(ExitCode.INFRASTRUCTURE, failed.sum() + " of " + sent.sum() + " clicks were not acknowledged by Kafka: "
          + (e == null ? "unknown" : e.getMessage()), e);
    }
  }

  public long sent() {
    return sent.sum();
  }

  public long acked() {
    return acked.sum();
  }

  public long failed() {
    return failed.sum();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
