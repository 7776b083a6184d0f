package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.fixture;
import static dev.clicksim.testing.RecordedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.RecordedServer;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code provision} and {@code run} on {@code --target external} with ksqlDB, through the command
 * line: the embedded stack's Kafka, Connect and PostgreSQL are real, the ksqlDB server answers as a
 * real one does for a table someone made with a JSON key, JSON_SR values, EMIT FINAL and {@code
 * auto.offset.reset=latest} (src/test/resources/ksqldb-rest/README.md).
 */
class KsqlQueryCheckIT {

  private static Path root;
  private static EmbeddedStack stack;
  private static List<String> external;
  private final RecordedServer ksql = new RecordedServer();

  @BeforeAll
  static void startStack() throws IOException {
    root = Files.createTempDirectory("clicksim-ksqlcheck-it");
    stack =
        EmbeddedStack.start(
            new EmbeddedStackOptions(
                root.resolve("embedded"),
                root.resolve("logs"),
                0,
                0,
                0,
                PipelineNames.DEFAULT,
                WindowSpec.DEFAULT,
                EngineProfile.fast,
                EngineProfile.fast.settings()),
            false,
            line -> {});
    Path password = root.resolve("db-password");
    Files.writeString(password, stack.database().password().reveal());
    external =
        List.of(
            "--target",
            "external",
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--connect-url",
            stack.connectUrl().toString(),
            "--jdbc-url",
            stack.database().jdbcUrl(),
            "--db-user",
            stack.database().user(),
            "--db-password-file",
            password.toString(),
            "--state-dir",
            root.resolve("state").toString(),
            "--runs-dir",
            root.resolve("runs").toString());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void stopKsqlDb() {
    ksql.close();
  }

  /** One command's worth of answers: the table exists, made otherwise than by clicksim. */
  private void answerAsATableMadeElsewhere() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb-rest", "show-queries-click-counts-final.json")),
        ok(fixture("ksqldb-rest", "describe-extended-click-counts-final-json-key.json")),
        ok(fixture("ksqldb-rest", "explain-click-counts-final-latest.json")),
        ok(fixture("ksqldb-rest", "describe-click-events-stream.json")),
        ok(fixture("ksqldb-rest", "show-properties.json")));
  }

  private Cli.Result clicksim(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(external);
    all.addAll(List.of("--ksqldb-url", ksql.url().toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void should_provision_and_warn_of_each_finding() {
    answerAsATableMadeElsewhere();

    Cli.Result r = clicksim("provision").expectExit(ExitCode.OK.code());

    assertThat(r.out())
        .contains(
            "ksqlDB table click_counts_table query CTAS_CLICK_COUNTS_TABLE_7 RUNNING, 2 MINUTES"
                + " windows, grace 1 MINUTES, 4 findings (warnings)")
        .contains("connector clicksim-postgres-sink");
    assertThat(r.out().lines().filter(l -> l.startsWith("warning: ksqlDB table")))
        .satisfiesExactly(
            key -> assertThat(key).contains("has key format JSON, not KAFKA"),
            value -> assertThat(value).contains("writes JSON_SR values, not JSON"),
            emit -> assertThat(emit).contains("emits final results (EMIT FINAL)"),
            offsets ->
                assertThat(offsets)
                    .contains("auto.offset.reset=latest (the query's own auto.offset.reset)")
                    .contains("has committed no offset on partition 1 of click_events"));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void should_refuse_the_findings_in_one_line_under_strict() {
    answerAsATableMadeElsewhere();

    Cli.Result r = clicksim("provision", "--strict").expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().strip().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "clicksim: refused under --strict: ksqlDB table click_counts_table has"
                            + " key format JSON, not KAFKA; ksqlDB table click_counts_table"
                            + " writes JSON_SR values, not JSON; ksqlDB table click_counts_table"
                            + " emits final results (EMIT FINAL); ksqlDB table"
                            + " click_counts_table's query CTAS_CLICK_COUNTS_TABLE_7 reads"
                            + " click_events with auto.offset.reset=latest (the query's own"
                            + " auto.offset.reset) and has committed no offset on partition 1 of"
                            + " click_events (without --strict, each is a warning that says what"
                            + " it does to a run)"));
    assertThat(r.out()).doesNotContain("warning: ");
  }

  @Test
  void should_refuse_before_sending_a_click_when_run_is_strict() throws IOException {
    answerAsATableMadeElsewhere();

    Cli.Result r =
        clicksim("run", "--strict", "--scenario", "smoke", "--progress", "none")
            .expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().strip())
        .startsWith("clicksim: refused under --strict: ksqlDB table click_counts_table has key");
    assertThat(r.out()).doesNotContain("VERDICT").doesNotContain("timings:");
    Path runs = root.resolve("runs");
    if (Files.exists(runs)) {
      try (Stream<Path> made = Files.list(runs)) {
        assertThat(made).as("no run directory: nothing was sent").isEmpty();
      }
    }
  }
}
