package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import dev.clicksim.truth.TruthFile;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real embedded stack, started once for the class and announced in a state directory the way
 * {@code clicksim up} does, so the commands below attach to it exactly as from another terminal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPipelineIT {

  private static Path root;
  private static Path stateDir;
  private static Path runsDir;
  private static EmbeddedStack stack;
  private static final List<String> outputs = new ArrayList<>();

  @BeforeAll
  static void startStack() throws IOException {
    root = Files.createTempDirectory("clicksim-it");
    stateDir = root.resolve("state");
    runsDir = root.resolve("runs");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Cli.Result clicksim(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state-dir", stateDir.toString(), "--runs-dir", runsDir.toString()));
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    outputs.add(r.out());
    outputs.add(r.err());
    return r;
  }

  @Test
  @Order(1)
  void should_change_nothing_when_provisioning_twice() {
    Cli.Result r = clicksim("provision").expectExit(0);
    assertThat(r.out()).contains("nothing to change").doesNotContain("created ");
    assertThat(r.out())
        .contains(
            "unchanged  topic click_events",
            "unchanged  table click_counts",
            "unchanged  connector clicksim-postgres-sink");
  }

  @Test
  @Order(2)
  void should_match_every_window_of_the_smoke_scenario() throws IOException {
    Cli.Result r = clicksim("run", "--scenario", "smoke").expectExit(0);
    List<WindowTruth> truth = TruthFile.read(latestRun().resolve("truth.csv"));
    assertThat(truth).isNotEmpty();
    assertThat(r.out())
        .contains("VERDICT: MATCH - " + truth.size() + " of " + truth.size() + " windows matched");
    long matchedLines =
        r.out().lines().filter(l -> l.strip().endsWith(" matched") && l.contains(" - ")).count();
    assertThat(matchedLines).as("every window is listed as matched").isEqualTo(truth.size());
    assertThat(truth.stream().mapToLong(WindowTruth::expectedCount).sum()).isEqualTo(300);
  }

  @Test
  @Order(3)
  void should_fail_naming_the_window_when_a_count_is_corrupted() throws Exception {
    Path run = latestRun();
    WindowTruth victim = TruthFile.read(run.resolve("truth.csv")).get(0);
    execute(
        "UPDATE click_counts SET \"CLICK_COUNT\" = \"CLICK_COUNT\" + 1 WHERE \"ID\" = '"
            + victim.campaignId()
            + "' AND \"START_TIME\" = to_timestamp("
            + victim.windowStartMs()
            + " / 1000.0) AT TIME ZONE 'UTC'");
    Cli.Result r =
        clicksim(
                "verify", "--run", run.toString(), "--quiet-period", "1s", "--settle-timeout", "5s")
            .expectExit(ExitCode.MISMATCH.code());
    String window =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(victim.windowStartMs()));
    assertThat(r.out())
        .containsPattern(
            "(?m)^\\s+"
                + java.util.regex.Pattern.quote(victim.campaignId())
                + "\\s+"
                + java.util.regex.Pattern.quote(window)
                + ".*\\+1\\s+duplicated clicks$");
    assertThat(r.out()).contains("VERDICT: MISMATCH - 1 of");
  }

  @Test
  @Order(4)
  void should_report_a_missing_window_when_a_row_is_deleted() throws Exception {
    Path run = latestRun();
    WindowTruth victim = TruthFile.read(run.resolve("truth.csv")).get(1);
    execute(
        "DELETE FROM click_counts WHERE \"ID\" = '"
            + victim.campaignId()
            + "' AND \"START_TIME\" = to_timestamp("
            + victim.windowStartMs()
            + " / 1000.0) AT TIME ZONE 'UTC'");
    Cli.Result r =
        clicksim(
                "verify", "--run", run.toString(), "--quiet-period", "1s", "--settle-timeout", "3s")
            .expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(
            "(?m)^\\s+"
                + java.util.regex.Pattern.quote(victim.campaignId())
                + "\\s.*missing window$");
    assertThat(r.out()).contains("windows still short at the timeout: " + victim.campaignId());
  }

  @Test
  @Order(5)
  void should_exit_with_not_found_for_a_missing_table() {
    Cli.Result r =
        clicksim("verify", "--table", "no_such_table", "--settle-timeout", "1s")
            .expectExit(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("no_such_table");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  @Order(6)
  void should_exit_with_authentication_error_for_a_wrong_password() throws IOException {
    Path wrongState = root.resolve("wrong-password");
    DatabaseEndpoint db = stack.database();
    new StackStateFile(
            ProcessHandle.current().pid(),
            stack.bootstrapServers(),
            stack.connectUrl(),
            new DatabaseEndpoint(db.jdbcUrl(), db.user(), Secret.of("not-the-password")),
            stack.sinkPasswordReference(),
            WindowSpec.DEFAULT,
            stack.runSettings())
        .write(wrongState);
    Cli.Result r =
        Cli.run(
                "verify",
                "--state-dir",
                wrongState.toString(),
                "--runs-dir",
                runsDir.toString(),
                "--settle-timeout",
                "1s")
            .expectExit(ExitCode.AUTHENTICATION.code());
    outputs.add(r.out());
    outputs.add(r.err());
    assertThat(r.err())
        .contains("password authentication failed")
        .contains(db.user())
        .doesNotContain("not-the-password");
  }

  @Test
  @Order(7)
  void should_keep_counting_after_postgres_restarts_on_its_own_data() {
    StackComponent postgres = stack.component("postgres");
    postgres.stop();
    assertThat(postgres.isRunning()).isFalse();
    postgres.start();
    Cli.Result r = clicksim("run", "--scenario", "smoke").expectExit(0);
    assertThat(r.out()).contains("VERDICT: MATCH");
  }

  @Test
  @Order(7)
  void should_keep_counting_after_kafka_connect_and_streams_each_restart_on_their_own_data() {
    for (String name : List.of("kafka", "connect", "streams")) {
      StackComponent component = stack.component(name);
      component.stop();
      assertThat(component.isRunning()).as("%s stopped", name).isFalse();
      component.start();
      assertThat(component.isRunning()).as("%s running again", name).isTrue();
    }
    Cli.Result r = clicksim("run", "--scenario", "smoke").expectExit(0);
    assertThat(r.out()).contains("VERDICT: MATCH");
  }

  @Test
  @Order(8)
  void should_stop_with_one_line_naming_the_component_when_its_port_is_taken() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Cli.Result r =
          Cli.run(
                  "run",
                  "--state-dir",
                  root.resolve("other").toString(),
                  "--runs-dir",
                  runsDir.toString(),
                  "--kafka-port",
                  Integer.toString(taken.getLocalPort()))
              .expectExit(ExitCode.INFRASTRUCTURE.code());
      assertThat(r.err().strip())
          .isEqualTo(
              "clicksim: embedded kafka could not start: port 127.0.0.1:"
                  + taken.getLocalPort()
                  + " is already in use");
    }
  }

  @Test
  @Order(9)
  void should_never_show_the_database_password_in_output_or_logs() throws IOException {
    String password = stack.database().password().reveal();
    assertThat(outputs).isNotEmpty().allSatisfy(o -> assertThat(o).doesNotContain(password));
    try (Stream<Path> files = Files.walk(stateDir.resolve("logs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as("log %s", f).doesNotContain(password);
      }
    }
    try (Stream<Path> files = Files.walk(runsDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as("run file %s", f).doesNotContain(password);
      }
    }
    // Failsafe points clicksim's log (Kafka, Connect, Debezium, PostgreSQL driver) at a file of its
    // own.
    Path appLog = Path.of(System.getProperty("clicksim.log.file"));
    assertThat(appLog).exists();
    assertThat(Files.readString(appLog)).as("log %s", appLog).doesNotContain(password);
  }

  private static Path latestRun() throws IOException {
    try (Stream<Path> runs = Files.list(runsDir)) {
      return runs.max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow();
    }
  }

  private static void execute(String sql) throws Exception {
    DatabaseEndpoint db = stack.database();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(sql)).as("rows changed by %s", sql).isEqualTo(1);
    }
  }
}
