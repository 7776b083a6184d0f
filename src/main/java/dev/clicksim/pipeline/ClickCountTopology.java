package dev.clicksim.pipeline;

import dev.clicksim.window.WindowSpec;
import java.util.Properties;
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
 * output topic with ksqlDB's windowed key (campaignId + 8-byte big-endian window start) and
 * ksqlDB's value fields in a Kafka Connect JSON value with its schema, for the JDBC sink. Each
 * output's record timestamp is the largest input timestamp of its window so far, as ksqlDB's.
 * Runtime settings (commit interval, cache, threads) are the caller's.
 */
public final class ClickCountTopology {
  /**
   * The Connect schema of an output value, as JsonConverter with {@code schemas.enable=true}
   * expects it: ksqlDB's value columns for {@code ksql/02-click-counts-table.sql}, upper-cased as
   * ksqlDB names unquoted identifiers, the GROUP BY column only in the key (its copy in the value
   * is {@code AS_VALUE(campaignId) AS id}), and every column optional, as ksqlDB declares them.
   */
  public static final String OUTPUT_SCHEMA_JSON =
      "{\"type\":\"struct\",\"optional\":false,"
          + "\"fields\":["
          + "{\"field\":\"ID\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"CLICK_COUNT\",\"type\":\"int64\",\"optional\":true},"
          + "{\"field\":\"START_TIME\",\"type\":\"int64\",\"optional\":true},"
          + "{\"field\":\"END_TIME\",\"type\":\"int64\",\"optional\":true}]}";

  private ClickCountTopology() {}

  public static Topology build(PipelineNames names, WindowSpec spec) {
    return build(names, spec, false, new Properties());
  }

  /**
   * @param config the application's Streams configuration: {@code topology.optimization} takes
   *     effect only when the topology is built with it, as ksqlDB builds its queries
   */
  public static Topology build(PipelineNames names, WindowSpec spec, Properties config) {
    return build(names, spec, false, config);
  }

  /**
   * With {@code inMemoryStore}, the counts live in an in-memory window store instead of RocksDB:
   * same windows, grace and drops (those are the aggregation's, not the store's), but no RocksDB
   * flush on every TopologyTestDriver commit, which makes a driver run of tens of thousands of
   * records take seconds instead of minutes.
   */
  static Topology build(PipelineNames names, WindowSpec spec, boolean inMemoryStore) {
    return build(names, spec, inMemoryStore, new Properties());
  }

  private static Topology build(
      PipelineNames names, WindowSpec spec, boolean inMemoryStore, Properties config) {
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
    return builder.build(config);
  }

  /**
   * ksqlDB's key for a tumbling window: the UTF-8 campaignId followed by the window start as 8
   * big-endian bytes.
   */
  public static Serde<Windowed<String>> windowedKeySerde(WindowSpec spec) {
    return WindowedSerdes.timeWindowedSerdeFrom(String.class, spec.sizeMs());
  }

  /**
   * The output value: a Connect JSON envelope, {@code {"schema":...,"payload":{...}}}, whose
   * payload is ksqlDB's value: {@code ID} (the campaignId), {@code CLICK_COUNT}, {@code START_TIME}
   * and {@code END_TIME} (epoch milliseconds).
   */
  public static String outputValueJson(String campaignId, long count, long start, long end) {
    StringBuilder sb = new StringBuilder(OUTPUT_SCHEMA_JSON.length() + 120);
    sb.append("{\"schema\":").append(OUTPUT_SCHEMA_JSON).append(",\"payload\":{\"ID\":");
    Json.string(sb, campaignId)
        .append(",\"CLICK_COUNT\":")
        .append(count)
        .append(",\"START_TIME\":")
        .append(start)
        .append(",\"END_TIME\":")
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
