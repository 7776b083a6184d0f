package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.cli.ExitCode;
import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import dev.clicksim.truth.TruthFile;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * verify's three-way accounting on the real embedded stack: a second run on the same partitions no
 * longer gives a false mismatch, and each kind of damage is attributed to its stage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeWayAccountingIT {

  private static final String TOPIC = PipelineNames.DEFAULT.inputTopic();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path stateDir;
  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws IOException {
    root = Files.createTempDirectory("clicksim-accounting-it");
    stateDir = root.resolve("state");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String[] runArgs(String name, String prefix, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--scenario",
                "smoke",
                "--campaign-prefix",
                prefix,
                "--state-dir",
                stateDir.toString(),
                "--runs-dir",
                root.resolve("runs-" + name).toString(),
                "--progress",
                "none",
                "--quiet-period",
                "1s",
                "--settle-timeout",
                "20s"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static Path runDir(String name) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("runs-" + name))) {
      return s.max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
    }
  }

  private static Cli.Result verify(Path run, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--run",
                run.toString(),
                "--state-dir",
                stateDir.toString(),
                // Long enough for the windowed count to take in clicks produced just before.
                "--quiet-period",
                "3s",
                "--settle-timeout",
                "10s",
                "--list",
                "mismatched"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static Connection database() throws Exception {
    DatabaseEndpoint db = stack.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
  }

  private static long rowsOf(String prefix) throws Exception {
    try (Connection c = database();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + CountsTable.quote(CountsTable.DEFAULT.table())
                    + " WHERE "
                    + CountsTable.quote(CountsTable.DEFAULT.campaignColumn())
                    + " LIKE ?")) {
      s.setString(1, prefix + "%");
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** A prefix whose smoke campaigns reach every partition run {@code other}'s campaigns are on. */
  private static String prefixSharing(String other) {
    Scenario smoke = ScenarioLoader.loadBuiltIn("smoke");
    int partitions = Provisioner.CLICK_EVENTS_PARTITIONS;
    Set<Integer> theirs =
        smoke.campaigns().stream()
            .map(c -> CampaignPartitioner.partitionOf(other + c.id(), partitions))
            .collect(Collectors.toSet());
    for (int n = 0; ; n++) {
      String prefix = "r2n" + n + ".";
      Set<Integer> ours =
          smoke.campaigns().stream()
              .map(c -> CampaignPartitioner.partitionOf(prefix + c.id(), partitions))
              .collect(Collectors.toSet());
      if (ours.containsAll(theirs)) {
        return prefix;
      }
    }
  }

  @Test
  @Order(1)
  void should_match_when_a_second_run_on_the_same_partitions_makes_some_clicks_late()
      throws Exception {
    long anchor = WindowSpec.DEFAULT.startOf(System.currentTimeMillis() - 10 * 60_000L);
    // Run 1 sends smoke's 8 minutes of event time over 24 s; run 2, halfway through, sends its
    // clicks 20 minutes of event time later onto the same partitions: stream time jumps past run
    // 1's windows and its clicks from then on are late. The pipeline is right to drop them; the
    // generated truth, blind to run 2, expects them.
    CompletableFuture<Cli.Result> first =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    runArgs(
                        "first",
                        "r1x.",
                        "--speed",
                        "20",
                        "--anchor",
                        Instant.ofEpochMilli(anchor).toString())));
    await("run 1's first windows in the table")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> first.isDone() || rowsOf("r1x.") > 0);
    assertThat(first).as("run 1 still sending when run 2 starts").isNotDone();
    Cli.run(
            runArgs(
                "second",
                prefixSharing("r1x."),
                "--anchor",
                Instant.ofEpochMilli(anchor + 20 * 60_000L).toString()))
        .expectExit(0);

    Cli.Result r1 = first.get(120, TimeUnit.SECONDS);

    r1.expectExit(0);
    assertThat(r1.out())
        .contains("VERDICT: MATCH")
        .contains("late drops explained by the topic's order");
    Path run = runDir("first");
    JsonNode accounting = JSON.readTree(run.resolve("verify.json").toFile()).get("accounting");
    assertThat(accounting.get("topicRead").asBoolean()).isTrue();
    assertThat(accounting.get("lateDropsExplained").asLong()).isPositive();
    assertThat(accounting.get("method").asText()).contains("from the offsets the run recorded");
    assertThat(Files.readString(run.resolve("run.json"))).contains("input.start.offsets");
    // The same data compared with the generated truth alone: the false mismatch of before.
    Cli.Result blind = verify(run, "--no-topic-read").expectExit(ExitCode.MISMATCH.code());
    assertThat(blind.out()).contains("VERDICT: MISMATCH").contains("lost clicks");
    verify(run).expectExit(0);
  }

  /** A clean smoke run with its own prefix; returns its run directory. */
  private static Path cleanRun(String name) throws IOException {
    Cli.run(runArgs(name, name + ".")).expectExit(0);
    return runDir(name);
  }

  @Test
  @Order(2)
  void should_attribute_a_retry_duplicate_in_the_topic_to_kafka() throws Exception {
    Path run = cleanRun("dup");
    // The run's latest click, so the copies are not late: produced twice more, as a producer that
    // retried would.
    ConsumerRecord<byte[], byte[]> last = latestRecordOf("dup.");
    String eventId = JSON.readTree(last.value()).get("eventId").asText();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 2; i++) {
        producer
            .send(
                new ProducerRecord<>(
                    TOPIC, last.partition(), last.timestamp(), last.key(), last.value()))
            .get(20, TimeUnit.SECONDS);
      }
    }

    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());

    assertThat(r.out())
        .contains("duplicated clicks")
        .contains("stage duplicated into Kafka: 2 clicks duplicated into Kafka")
        .contains(eventId + " x3");
    assertThat(Files.readString(run.resolve("verify.json")))
        .contains("\"stage\": \"duplicated-into-kafka\"")
        .contains("\"duplicated-into-kafka\": 2");
    assertThat(Files.readString(run.resolve("junit.xml"))).contains("duplicated into Kafka");
    assertThat(Files.readString(run.resolve("report.html"))).contains("duplicated into Kafka");
  }

  private static ConsumerRecord<byte[], byte[]> latestRecordOf(String prefix) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < Provisioner.CLICK_EVENTS_PARTITIONS; p++) {
        tps.add(new TopicPartition(TOPIC, p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      ConsumerRecord<byte[], byte[]> latest = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime()).as("click_events read within 60 s").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null
              && new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix)
              && (latest == null || r.timestamp() > latest.timestamp())) {
            latest = r;
          }
        }
      }
      assertThat(latest).as("a record of " + prefix + " on " + TOPIC).isNotNull();
      return latest;
    }
  }

  @Test
  @Order(3)
  void should_attribute_a_corrupted_row_to_the_sink() throws Exception {
    Path run = cleanRun("corrupt");
    WindowTruth w = TruthFile.read(run.resolve("truth.csv")).get(2);
    try (Connection c = database();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + CountsTable.quote(CountsTable.DEFAULT.table())
                    + " SET "
                    + CountsTable.quote(CountsTable.DEFAULT.countColumn())
                    + " = "
                    + CountsTable.quote(CountsTable.DEFAULT.countColumn())
                    + " + 4 WHERE "
                    + CountsTable.quote(CountsTable.DEFAULT.campaignColumn())
                    + " = ? AND "
                    + CountsTable.quote(CountsTable.DEFAULT.startColumn())
                    + " = to_timestamp(? / 1000.0) AT TIME ZONE 'UTC'")) {
      s.setString(1, w.campaignId());
      s.setLong(2, w.windowStartMs());
      assertThat(s.executeUpdate()).isEqualTo(1);
    }

    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());

    assertThat(r.out())
        .contains("duplicated clicks")
        .contains(
            "stage sink: 4 clicks added by the sink (table "
                + (w.expectedCount() + 4)
                + ", the output topic's last count "
                + w.expectedCount()
                + ")")
        .contains("clicks by stage: 4 sink");
    assertThat(Files.readString(run.resolve("verify.json"))).contains("\"stage\": \"sink\"");
  }

  @Test
  @Order(4)
  void should_attribute_clicks_in_the_truth_that_were_never_produced_to_kafka() throws Exception {
    Path run = cleanRun("never");
    List<WindowTruth> truth = new ArrayList<>(TruthFile.read(run.resolve("truth.csv")));
    WindowTruth w = truth.get(1);
    // Three clicks the truth says were acknowledged and that click_events does not hold.
    truth.set(
        1,
        new WindowTruth(
            w.campaignId(),
            w.windowStartMs(),
            w.windowEndMs(),
            w.sent() + 3,
            w.expectedCount() + 3,
            w.droppedLate(),
            w.duplicates(),
            w.countedInGrace()));
    TruthFile.write(run.resolve("truth.csv"), truth);

    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());

    assertThat(r.out())
        .contains("lost clicks")
        .contains("stage never reached Kafka: 3 clicks never reached Kafka")
        .contains("clicks by stage: 3 never-reached-kafka");
    assertThat(Files.readString(run.resolve("verify.json")))
        .contains("\"stage\": \"never-reached-kafka\"");
  }
}
