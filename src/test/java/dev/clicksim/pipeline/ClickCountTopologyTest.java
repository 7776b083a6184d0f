package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.simulation.Click;
import dev.clicksim.testing.WindowCase;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topology under TopologyTestDriver, fed the same window fixtures as the truth ledger. The
 * driver runs every partition in one task, so all campaigns share one stream time: the fixtures'
 * {@code singlePartition} expectation is what must hold here, and the ledger run with a constant
 * partition function must agree with the driver. Per-partition stream time is covered by the
 * ledger's own test of the fixtures' {@code partitions}.
 */
class ClickCountTopologyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path stateDir;

  static List<WindowCase> cases() {
    return WindowCase.all().toList();
  }

  private TopologyTestDriver driver(WindowSpec spec) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, PipelineNames.DEFAULT.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(ClickCountTopology.build(PipelineNames.DEFAULT, spec), props);
  }

  private static TestInputTopic<String, byte[]> input(TopologyTestDriver d) {
    return d.createInputTopic(
        PipelineNames.DEFAULT.inputTopic(), new StringSerializer(), new ByteArraySerializer());
  }

  private static TestOutputTopic<Windowed<String>, String> output(
      TopologyTestDriver d, WindowSpec spec) {
    return d.createOutputTopic(
        PipelineNames.DEFAULT.outputTopic(),
        ClickCountTopology.windowedKeySerde(spec).deserializer(),
        new StringDeserializer());
  }

  private static void send(TestInputTopic<String, byte[]> in, Click c) {
    in.pipeInput(c.campaignId(), ClickJson.encode(c), Instant.ofEpochMilli(c.eventTimeMs()));
  }

  /**
   * The last value of each windowed key, as the sink keeps it, sorted by campaign then window
   * start.
   */
  private static List<WindowCase.Output> finalCounts(
      TestOutputTopic<Windowed<String>, String> out) {
    Map<Windowed<String>, String> last = out.readKeyValuesToMap();
    List<WindowCase.Output> counts = new ArrayList<>();
    last.forEach(
        (k, v) ->
            counts.add(
                new WindowCase.Output(
                    k.key(),
                    new WindowCase.Bounds(k.window().start(), k.window().end()),
                    payload(v).get("CLICK_COUNT").asLong())));
    counts.sort(
        Comparator.comparing(WindowCase.Output::campaign)
            .thenComparingLong(o -> o.window().start()));
    return counts;
  }

  private static JsonNode payload(String value) {
    try {
      return JSON.readTree(value).get("payload");
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + value, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_count_the_fixture_like_the_single_partition_truth(WindowCase wc) {
    TruthLedger ledger = new TruthLedger(wc.spec(), campaign -> 0);
    List<WindowCase.Output> counts;
    try (TopologyTestDriver d = driver(wc.spec())) {
      TestInputTopic<String, byte[]> in = input(d);
      for (int i = 0; i < wc.inputs().size(); i++) {
        send(in, wc.click(i));
        ledger.record(wc.click(i));
      }
      counts = finalCounts(output(d, wc.spec()));
    }

    assertThat(counts).as(wc.description()).isEqualTo(wc.singlePartitionExpectation().outputs());
    assertThat(counts)
        .as("ledger with one partition")
        .isEqualTo(
            ledger.windows().stream()
                .filter(w -> w.expectedCount() > 0)
                .map(
                    w ->
                        new WindowCase.Output(
                            w.campaignId(),
                            new WindowCase.Bounds(w.windowStartMs(), w.windowEndMs()),
                            w.expectedCount()))
                .toList());
  }

  @Test
  void should_skip_malformed_events_and_events_without_campaign() {
    try (TopologyTestDriver d = driver(WindowSpec.DEFAULT)) {
      TestInputTopic<String, byte[]> in = input(d);
      in.pipeInput("k", "not json".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(1_000));
      in.pipeInput(
          "k", "{\"itemId\":\"i\"}".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(2_000));
      in.pipeInput("k", (byte[]) null, Instant.ofEpochMilli(3_000));
      in.pipeInput(
          "k",
          "{\"campaignId\":\"c\",\"itemId\":\"i\"}".getBytes(StandardCharsets.UTF_8),
          Instant.ofEpochMilli(4_000));

      List<KeyValue<Windowed<String>, String>> out =
          output(d, WindowSpec.DEFAULT).readKeyValuesToList();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).key.key()).isEqualTo("c");
      assertThat(payload(out.get(0).value).get("CLICK_COUNT").asLong()).isEqualTo(1);
    }
  }

  @Test
  void should_group_by_campaign_from_the_value_not_the_record_key() {
    try (TopologyTestDriver d = driver(WindowSpec.DEFAULT)) {
      TestInputTopic<String, byte[]> in = input(d);
      Click c = new Click(5_000, "c", "i", "s", "s-s0", "e1");
      in.pipeInput("some-other-key", ClickJson.encode(c), Instant.ofEpochMilli(5_000));
      in.pipeInput(null, ClickJson.encode(c), Instant.ofEpochMilli(6_000));

      assertThat(finalCounts(output(d, WindowSpec.DEFAULT)))
          .containsExactly(new WindowCase.Output("c", new WindowCase.Bounds(0, 120_000), 2));
    }
  }

  @Test
  void should_write_ksqldb_windowed_keys_and_connect_json_values() throws Exception {
    long start = Instant.parse("2026-11-28T00:02:00Z").toEpochMilli();
    try (TopologyTestDriver d = driver(WindowSpec.DEFAULT)) {
      send(input(d), new Click(start + 5, "p-a", "i", "s", "s-s0", "e1"));
      TestOutputTopic<byte[], String> raw =
          d.createOutputTopic(
              PipelineNames.DEFAULT.outputTopic(),
              new ByteArrayDeserializer(),
              new StringDeserializer());
      KeyValue<byte[], String> kv = raw.readKeyValue();

      byte[] campaign = "p-a".getBytes(StandardCharsets.UTF_8);
      assertThat(kv.key).hasSize(campaign.length + 8);
      assertThat(ByteBuffer.wrap(kv.key, 0, campaign.length).slice())
          .isEqualTo(ByteBuffer.wrap(campaign));
      assertThat(ByteBuffer.wrap(kv.key, campaign.length, 8).getLong()).isEqualTo(start);
      assertThat(kv.value)
          .isEqualTo(ClickCountTopology.outputValueJson("p-a", 1, start, start + 120_000));
    }
  }

  @Test
  void should_write_ksqldbs_value_fields_upper_cased_without_the_group_by_column()
      throws Exception {
    String json = ClickCountTopology.outputValueJson("p-\"a\"", 42, 120_000, 240_000);

    assertThat(JSON.readTree(json))
        .isEqualTo(
            JSON.readTree(
                """
        {"schema":{"type":"struct","optional":false,"fields":[
          {"field":"ID","type":"string","optional":true},
          {"field":"CLICK_COUNT","type":"int64","optional":true},
          {"field":"START_TIME","type":"int64","optional":true},
          {"field":"END_TIME","type":"int64","optional":true}]},
         "payload":{"ID":"p-\\"a\\"","CLICK_COUNT":42,"START_TIME":120000,"END_TIME":240000}}
        """));
  }

  @Test
  void should_stamp_each_update_with_the_largest_input_timestamp_of_its_window() {
    long start = Instant.parse("2026-11-28T00:02:00Z").toEpochMilli();
    try (TopologyTestDriver d = driver(WindowSpec.DEFAULT)) {
      TestInputTopic<String, byte[]> in = input(d);
      send(in, new Click(start + 50_000, "c", "i", "s", "s-s0", "e1"));
      send(in, new Click(start + 10_000, "c", "i", "s", "s-s0", "e2"));
      send(in, new Click(start + 70_000, "c", "i", "s", "s-s0", "e3"));

      List<Long> stamps =
          output(d, WindowSpec.DEFAULT).readRecordsToList().stream()
              .map(r -> r.getRecordTime().toEpochMilli())
              .toList();
      assertThat(stamps).containsExactly(start + 50_000, start + 50_000, start + 70_000);
    }
  }

  @Test
  void should_name_the_repartition_topic_after_the_group_by() {
    String description =
        ClickCountTopology.build(PipelineNames.DEFAULT, WindowSpec.DEFAULT).describe().toString();
    assertThat(description)
        .contains(PipelineNames.DEFAULT.groupByName() + "-repartition")
        .contains(PipelineNames.DEFAULT.storeName());
  }
}
