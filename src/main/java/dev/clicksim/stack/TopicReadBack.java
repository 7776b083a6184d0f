package dev.clicksim.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.verify.WindowKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the pipeline's topics back with a plain consumer (no group, nothing committed, {@code
 * read_committed}), for verify's three-way accounting; and the start positions a run records.
 */
final class TopicReadBack implements PipelineTopics {

  /** The longest a read-back may take before verify gives up on it. */
  static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> clientProperties;
  private final String inputTopic;
  private final String outputTopic;

  TopicReadBack(Map<String, Object> clientProperties, String inputTopic, String outputTopic) {
    this.clientProperties = clientProperties;
    this.inputTopic = inputTopic;
    this.outputTopic = outputTopic;
  }

  @Override
  public int inputPartitions() {
    return KafkaTopics.partitions(clientProperties, inputTopic);
  }

  /** Each partition's end offset and highest timestamp so far, from the Admin API. */
  static Map<Integer, InputPosition> positions(Map<String, Object> clientProperties, String topic) {
    int partitions = KafkaTopics.partitions(clientProperties, topic);
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      Map<TopicPartition, OffsetSpec> maxima = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
        maxima.put(new TopicPartition(topic, p), OffsetSpec.maxTimestamp());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(ends).all().get(20, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> max =
          admin.listOffsets(maxima).all().get(20, TimeUnit.SECONDS);
      Map<Integer, InputPosition> out = new java.util.TreeMap<>();
      end.forEach(
          (tp, info) -> {
            ListOffsetsResult.ListOffsetsResultInfo m = max.get(tp);
            long ts = m != null && m.offset() >= 0 ? m.timestamp() : Long.MIN_VALUE;
            out.put(tp.partition(), new InputPosition(info.offset(), ts));
          });
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot read the offsets of topic " + topic + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while asking Kafka about topic " + topic, e);
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "clicksim-verify-read-back");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 * 1024 * 1024);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public ReadStats readClicks(Map<Integer, Long> fromOffsets, ClickRecordSink sink) {
    int partitions = inputPartitions();
    long[] counts = new long[2];
    int[] fromBeginning = {0};
    read(
        inputTopic,
        partitions,
        fromOffsets,
        fromBeginning,
        r -> {
          counts[0]++;
          byte[] value = r.value();
          counts[1] += value == null ? 0 : value.length;
          String[] fields = parseClick(value);
          sink.accept(r.partition(), r.timestamp(), fields[0], fields[1]);
        });
    return new ReadStats(counts[0], counts[1], partitions, fromBeginning[0]);
  }

  @Override
  public Map<WindowKey, Long> readOutputCounts(String campaignPrefix) {
    byte[] prefix = campaignPrefix.getBytes(StandardCharsets.UTF_8);
    Map<WindowKey, Long> counts = new HashMap<>();
    read(
        outputTopic,
        KafkaTopics.partitions(clientProperties, outputTopic),
        Map.of(),
        new int[1],
        r -> {
          byte[] key = r.key();
          if (key == null || key.length < 8 + prefix.length || !startsWith(key, prefix)) {
            return;
          }
          WindowKey window =
              new WindowKey(
                  new String(key, 0, key.length - 8, StandardCharsets.UTF_8),
                  ByteBuffer.wrap(key, key.length - 8, 8).getLong());
          Long count = outputCount(r.value());
          if (count == null) {
            counts.remove(window);
          } else {
            counts.put(window, count);
          }
        });
    return counts;
  }

  private interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> r);
  }

  /** Every partition from its start to its end as it is now, records of a partition in order. */
  private void read(
      String topic,
      int partitions,
      Map<Integer, Long> fromOffsets,
      int[] fromBeginning,
      RecordHandler handler) {
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, Duration.ofSeconds(20));
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(20));
      List<TopicPartition> open = new ArrayList<>();
      for (TopicPartition tp : tps) {
        Long from = fromOffsets.get(tp.partition());
        long first = begin.getOrDefault(tp, 0L);
        if (from == null || from < first) {
          fromBeginning[0]++;
          from = first;
        }
        if (from < end.getOrDefault(tp, 0L)) {
          consumer.seek(tp, from);
          open.add(tp);
        }
      }
      consumer.assign(open);
      while (!open.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new ClicksimFailure(
              ClicksimFailure.Kind.INFRASTRUCTURE,
              "cannot read topic "
                  + topic
                  + " back within "
                  + READ_TIMEOUT.toMinutes()
                  + " minutes (verify --no-topic-read skips the read-back)");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          handler.handle(r);
        }
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : open) {
          if (consumer.position(tp) >= end.get(tp)) {
            done.add(tp);
          }
        }
        if (!done.isEmpty()) {
          open.removeAll(done);
          consumer.assign(open);
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      throw ClicksimFailure.interrupted(
          "while reading topic " + topic + " back", new InterruptedException(e.getMessage()));
    } catch (KafkaException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot read topic " + topic + " back: " + e.getMessage(),
          e);
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The window count of an output value: {@code CLICK_COUNT} of a Kafka Connect JSON envelope's
   * payload, or of a Schema Registry framed JSON object (ksqlDB's JSON_SR); null for a tombstone or
   * a value without a count.
   */
  static Long outputCount(byte[] value) {
    if (value == null) {
      return null;
    }
    int offset = value.length > 5 && value[0] == 0 ? 5 : 0;
    try {
      JsonNode node = JSON.readTree(value, offset, value.length - offset);
      if (node == null) {
        return null;
      }
      if (node.has("schema") && node.has("payload")) {
        node = node.get("payload");
      }
      JsonNode count = node.get("CLICK_COUNT");
      return count != null && count.canConvertToLong() ? count.asLong() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static final byte[][] CLICK_FIELDS = {
    ascii("{\"eventId\":\""),
    ascii("\",\"itemId\":\""),
    ascii("\",\"campaignId\":\""),
    ascii("\",\"shopperId\":\""),
    ascii("\",\"sessionId\":\""),
    ascii("\",\"timestamp\":\""),
    ascii("\"}")
  };

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The campaign (as ksqlDB's JSON format reads it, {@link ClickJson#campaignIdOf}) and the event
   * id of a click value. clicksim's own encoding, six printable-ASCII fields in a fixed order, is
   * cut without a JSON parser (the read-back's hot path); anything else, and a Schema Registry
   * framed value, goes through the parser.
   *
   * @return {campaignId or null, eventId or null}
   */
  static String[] parseClick(byte[] value) {
    if (value == null) {
      return new String[2];
    }
    String[] fast = parseOwnEncoding(value);
    if (fast != null) {
      return fast;
    }
    byte[] json =
        value.length > 5 && value[0] == 0
            ? java.util.Arrays.copyOfRange(value, 5, value.length)
            : value;
    String eventId = null;
    try {
      JsonNode node = JSON.readTree(json);
      if (node != null && node.isObject() && node.get("eventId") != null) {
        eventId = node.get("eventId").isTextual() ? node.get("eventId").asText() : null;
      }
    } catch (java.io.IOException e) {
      // not JSON: no event id, and the windowed count counts it nowhere
    }
    return new String[] {ClickJson.campaignIdOf(json), eventId};
  }

  private static String[] parseOwnEncoding(byte[] v) {
    int p = 0;
    String eventId = null;
    String campaignId = null;
    for (int field = 0; field < CLICK_FIELDS.length; field++) {
      byte[] literal = CLICK_FIELDS[field];
      if (p + literal.length > v.length) {
        return null;
      }
      for (int i = 0; i < literal.length; i++) {
        if (v[p + i] != literal[i]) {
          return null;
        }
      }
      p += literal.length;
      if (field == CLICK_FIELDS.length - 1) {
        return p == v.length ? new String[] {campaignId, eventId} : null;
      }
      int start = p;
      while (p < v.length && v[p] != '"') {
        byte b = v[p];
        if (b < 0x20 || b > 0x7e || b == '\\') {
          return null;
        }
        p++;
      }
      if (field == 0) {
        eventId = new String(v, start, p - start, StandardCharsets.ISO_8859_1);
      } else if (field == 2) {
        campaignId = new String(v, start, p - start, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }
}
