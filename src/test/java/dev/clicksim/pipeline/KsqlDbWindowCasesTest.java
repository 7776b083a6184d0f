package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clicksim.simulation.Click;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ksqlDB's own tumbling-window query-validation cases ({@code src/test/resources/ksqldb-cases/},
 * each naming its source) through the topology under TopologyTestDriver with the cache off, as
 * ksqlDB's QVT runner runs them: every output record, in order, must be the case's, key bytes,
 * window, count and record timestamp.
 */
class KsqlDbWindowCasesTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path stateDir;

  record Source(String repository, String commit, String file, @JsonProperty("case") String name) {}

  record Window(long sizeMs, long graceMs, String graceFrom) {}

  record Input(long timestamp, String campaignId, String ksqlComment) {}

  record Bounds(long start, long end) {}

  record Output(
      String campaignId,
      String keyHex,
      Bounds window,
      long count,
      long timestamp,
      JsonNode ksqlValue) {}

  record KsqlDbCase(
      String file,
      Source source,
      List<String> statements,
      String aggregate,
      String countFrom,
      Window window,
      List<Input> inputs,
      List<Output> outputs,
      List<Integer> dropped,
      String note) {
    WindowSpec spec() {
      return new WindowSpec(
          Duration.ofMillis(window.sizeMs()), Duration.ofMillis(window.graceMs()));
    }

    @Override
    public String toString() {
      return source.file().substring(source.file().lastIndexOf('/') + 1) + ": " + source.name();
    }
  }

  /** One output record as compared: everything the sink and the verifier depend on. */
  record Row(
      String campaignId,
      String keyHex,
      String id,
      long windowStart,
      long windowEnd,
      long count,
      long startTime,
      long endTime,
      long timestamp) {}

  static List<KsqlDbCase> cases() {
    try {
      Path dir = Path.of(KsqlDbWindowCasesTest.class.getResource("/ksqldb-cases").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(p -> p.toString().endsWith(".json"))
            .sorted()
            .map(KsqlDbWindowCasesTest::read)
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KsqlDbCase read(Path file) {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
      return JSON.treeToValue(tree.put("file", file.getFileName().toString()), KsqlDbCase.class);
    } catch (IOException e) {
      throw new UncheckedIOException("ksqlDB case " + file, e);
    }
  }

  /** Each case with {@code topology.optimization} all, as ksqlDB runs queries, and none (fast). */
  static Stream<Arguments> casesAndOptimizations() {
    return cases().stream()
        .flatMap(
            c ->
                Stream.of(StreamsConfig.OPTIMIZE, StreamsConfig.NO_OPTIMIZATION)
                    .map(optimization -> Arguments.of(c, optimization)));
  }

  @ParameterizedTest(name = "{0}, topology.optimization={1}")
  @MethodSource("casesAndOptimizations")
  void should_emit_what_ksqldb_emits_record_by_record(KsqlDbCase c, String optimization) {
    List<Row> emitted = run(c, optimization);

    List<Row> expected =
        c.outputs().stream()
            .map(
                o ->
                    new Row(
                        o.campaignId(),
                        o.keyHex(),
                        o.campaignId(),
                        o.window().start(),
                        o.window().end(),
                        o.count(),
                        o.window().start(),
                        o.window().end(),
                        o.timestamp()))
            .toList();
    assertThat(emitted).as("%s (%s)", c.file(), c.note()).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_hold_a_consistent_case(KsqlDbCase c) {
    assertThat(c.source().file())
        .startsWith("ksqldb-functional-tests/src/test/resources/query-validation-tests/");
    assertThat(c.source().name()).isNotBlank();
    assertThat(c.statements())
        .anySatisfy(s -> assertThat(s).containsIgnoringCase("WINDOW TUMBLING"));
    for (Output o : c.outputs()) {
      assertThat(o.keyHex())
          .as("keyHex is the campaignId's UTF-8 bytes and the window start")
          .isEqualTo(HEX.formatHex(ksqlDbKey(o.campaignId(), o.window().start())));
      assertThat(o.window().end() - o.window().start()).isEqualTo(c.window().sizeMs());
    }
    // With the cache off each input a window accepts emits exactly one update.
    assertThat(c.outputs()).hasSize(c.inputs().size() - c.dropped().size());
  }

  @Test
  void should_have_the_selected_cases_of_both_ksqldb_files() {
    assertThat(cases())
        .extracting(c -> c.source().file().substring(c.source().file().lastIndexOf('/') + 1))
        .containsOnly("tumbling-windows.json", "window-bounds.json");
    assertThat(cases())
        .extracting(c -> c.source().name())
        .contains("out of order - explicit grace period", "table tumbling")
        .hasSize(10)
        .doesNotHaveDuplicates();
  }

  private List<Row> run(KsqlDbCase c, String optimization) {
    WindowSpec spec = c.spec();
    Properties props = new Properties();
    props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, optimization);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, PipelineNames.DEFAULT.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    List<Row> rows = new ArrayList<>();
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ClickCountTopology.build(PipelineNames.DEFAULT, spec, props), props)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic(
              PipelineNames.DEFAULT.inputTopic(),
              new StringSerializer(),
              new ByteArraySerializer());
      for (int i = 0; i < c.inputs().size(); i++) {
        Input input = c.inputs().get(i);
        Click click =
            new Click(
                input.timestamp(),
                input.campaignId(),
                "item-" + i,
                "shopper-" + i,
                "shopper-" + i + "-s0",
                "e" + i);
        in.pipeInput(
            input.campaignId(), ClickJson.encode(click), Instant.ofEpochMilli(input.timestamp()));
      }
      List<TestRecord<byte[], String>> out =
          d.createOutputTopic(
                  PipelineNames.DEFAULT.outputTopic(),
                  new ByteArrayDeserializer(),
                  new StringDeserializer())
              .readRecordsToList();
      for (TestRecord<byte[], String> r : out) {
        Windowed<String> key =
            ClickCountTopology.windowedKeySerde(spec)
                .deserializer()
                .deserialize(PipelineNames.DEFAULT.outputTopic(), r.key());
        assertThat(r.key())
            .as("raw key of %s", key)
            .isEqualTo(ksqlDbKey(key.key(), key.window().start()));
        JsonNode payload = payload(r.value());
        rows.add(
            new Row(
                key.key(),
                HEX.formatHex(r.key()),
                payload.path("ID").textValue(),
                key.window().start(),
                key.window().end(),
                integer(payload, "CLICK_COUNT"),
                integer(payload, "START_TIME"),
                integer(payload, "END_TIME"),
                r.timestamp()));
      }
    }
    return rows;
  }

  /** ksqlDB's windowed KAFKA key of a STRING column: UTF-8 bytes, then the start, big-endian. */
  private static byte[] ksqlDbKey(String campaignId, long windowStart) {
    byte[] id = campaignId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(id.length + Long.BYTES).put(id).putLong(windowStart).array();
  }

  /** The Connect envelope's payload, which must hold exactly ksqlDB's value columns. */
  private static JsonNode payload(String value) {
    try {
      JsonNode payload = JSON.readTree(value).get("payload");
      assertThat(payload).as("payload of %s", value).isNotNull();
      List<String> names = new ArrayList<>();
      payload.fieldNames().forEachRemaining(names::add);
      assertThat(names)
          .as("payload fields of %s", value)
          .containsExactly("ID", "CLICK_COUNT", "START_TIME", "END_TIME");
      return payload;
    } catch (IOException e) {
      throw new AssertionError("output value is not JSON: " + value, e);
    }
  }

  private static long integer(JsonNode payload, String name) {
    JsonNode n = payload.get(name);
    assertThat(n.isIntegralNumber()).as("%s in %s is an integer", name, payload).isTrue();
    return n.asLong();
  }
}
