package dev.clicksim.pipeline;

import dev.clicksim.window.WindowSpec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams equivalent of {@code ksql/02-click-counts-table.sql}: clicks from the input
 * topic, records without a parsable JSON object or without campaignId skipped, re-keyed by
 * campaignId (a repartition, as ksqlDB's GROUP BY on a value column), counted in tumbling windows
 * of the spec's size and grace on the record timestamp (ROWTIME), every update written to the
 * output topic with ksqlDB's windowed key (campaignId + 8-byte big-endian window start) and a Kafka
 * Connect JSON value with its schema, for the JDBC sink. Runtime settings (commit interval, cache)
 * are the caller's.
 */
public final class ClickCountTopology {
  /**
   * The Connect schema of an output value, as JsonConverter with {@code schemas.enable=true}
   * expects it.
   */
  public static final String OUTPUT_SCHEMA_JSON =
      "{\"type\":\"struct\",\"name\":\"click_counts\",\"optional\":false,"
          + "\"fields\":["
          + "{\"field\":\"campaignId\",\"type\":\"string\",\"optional\":false},"
          + "{\"field\":\"id\",\"type\":\"string\",\"optional\":false},"
          + "{\"field\":\"click_count\",\"type\":\"int64\",\"optional\":false},"
          + "{\"field\":\"start_time\",\"type\":\"int64\",\"optional\":false},"
          + "{\"field\":\"end_time\",\"type\":\"int64\",\"optional\":false}]}";

  private ClickCountTopology() {}

  public static Topology build(PipelineNames names, WindowSpec spec) {
    return build(names, spec, false);
  }

  /**
   * With {@code inMemoryStore}, the counts live in an in-memory window store instead of RocksDB:
   * same windows, grace and drops (those are the aggregation's, not the store's), but no RocksDB
   * flush on every TopologyTestDriver commit, which makes a driver run of tens of thousands of
   * records take seconds instead of minutes.
   */
  static Topology build(PipelineNames names, WindowSpec spec, boolean inMemoryStore) {
    Materialized<String, Long, WindowStore<Bytes, byte[]>> store =
        inMemoryStore
            ? Materialized.<String, Long>as(
                Stores.inMemoryWindowStore(
                    names.storeName(), spec.size().plus(spec.grace()), spec.size(), false))
            : Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(names.storeName());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            names.inputTopic(),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-clicks"))
        .mapValues(ClickCount::campaignIdOf, Named.as("parse-click"))
        .filter((key, campaignId) -> campaignId != null, Named.as("skip-unparsable-clicks"))
        .groupBy(
            (key, campaignId) -> campaignId,
            Grouped.with(names.groupByName(), Serdes.String(), Serdes.String()))
        .windowedBy(TimeWindows.ofSizeAndGrace(spec.size(), spec.grace()))
        .count(
            Named.as("count-clicks"),
            store.withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream(Named.as("count-updates"))
        .mapValues(
            (Windowed<String> w, Long count) ->
                count == null
                    ? null
                    : outputValueJson(w.key(), count, w.window().start(), w.window().end()),
            Named.as("to-connect-json"))
        .to(
            names.outputTopic(),
            Produced.with(windowedKeySerde(spec), Serdes.String()).withName("write-counts"));
    return builder.build();
  }

  /**
   * ksqlDB's key for a tumbling window: the UTF-8 campaignId followed by the window start as 8
   * big-endian bytes.
   */
  public static Serde<Windowed<String>> windowedKeySerde(WindowSpec spec) {
    return WindowedSerdes.timeWindowedSerdeFrom(String.class, spec.sizeMs());
  }

  /**
   * The output value: a Connect JSON envelope, {@code {"schema":...,"payload":{...}}}, id =
   * campaignId.
   */
  public static String outputValueJson(String campaignId, long count, long start, long end) {
    StringBuilder sb = new StringBuilder(OUTPUT_SCHEMA_JSON.length() + 160);
    sb.append("{\"schema\":").append(OUTPUT_SCHEMA_JSON).append(",\"payload\":{\"campaignId\":");
    Json.string(sb, campaignId).append(",\"id\":");
    Json.string(sb, campaignId)
        .append(",\"click_count\":")
        .append(count)
        .append(",\"start_time\":")
        .append(start)
        .append(",\"end_time\":")
        .append(end)
        .append("}}");
    return sb.toString();
  }

  private static final class ClickCount {
    static String campaignIdOf(byte[] value) {
      return ClickJson.campaignIdOf(value);
    }
  }
}
