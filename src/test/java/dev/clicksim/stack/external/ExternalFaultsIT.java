package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.cli.ExitCode;
import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.stack.ConnectorFaults;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.testing.Cli;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on an external target through the parts' own protocols, with the embedded stack's Kafka,
 * Connect and PostgreSQL seen as any cluster (as in {@code ExternalTargetIT}): the SQL faults on
 * the real server, then a run with faults of the sink task and of PostgreSQL that must still match.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalFaultsIT {

  private static Path root;
  private static EmbeddedStack stack;
  private static List<String> external;

  @BeforeAll
  static void startStack() throws Exception {
    root = Files.createTempDirectory("clicksim-external-faults-it");
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
    try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("click_events", 3, (short) 1),
                  new NewTopic("click_counts_table_output", 3, (short) 1)))
          .all()
          .get();
    }
    stack.component("streams").start();
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
    clicksim("provision").expectExit(0);
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Cli.Result clicksim(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(external);
    return Cli.run(all.toArray(String[]::new));
  }

  private static PostgresSqlFaults sql(DatabaseEndpoint as) {
    return new PostgresSqlFaults(as, stack.database().user(), CountsTable.DEFAULT);
  }

  /** The embedded server's superuser, which it lets in from loopback without a password. */
  private static Connection superuser() throws SQLException {
    return as("postgres", "", "clicksim-test");
  }

  private static Connection as(String user, String password, String applicationName)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("ApplicationName", applicationName);
    return Jdbc.connect(stack.database().jdbcUrl(), props);
  }

  private static List<Long> sinkSessions() throws SQLException {
    try (Connection c = superuser();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE usename = ? AND datname = 'db_metrics'"
                    + " AND application_name IS DISTINCT FROM 'clicksim'"
                    + " AND backend_type = 'client backend'")) {
      q.setString(1, stack.database().user());
      List<Long> pids = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getLong(1));
        }
      }
      return pids;
    }
  }

  @Test
  @Order(1)
  void should_terminate_the_sinks_sessions_and_leave_clicksims_own_alone() throws Exception {
    Awaitility.await("the sink's connection pool open on db_metrics")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !sinkSessions().isEmpty());
    List<Long> before = sinkSessions();

    try (Connection clicksimsOwn = Jdbc.connect(stack.database())) {
      String what = sql(stack.database()).terminateSinkSessions();

      assertThat(what)
          .startsWith(
              "pg_terminate_backend of the sink's sessions (user user_metrics on db_metrics): ")
          .containsPattern("([1-9]\\d*) of \\1 terminated");
      Awaitility.await("the sink's sessions gone")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(sinkSessions()).doesNotContainAnyElementsOf(before));
      assertThat(clicksimsOwn.isValid(2)).as("clicksim's own session").isTrue();
    }
  }

  @Test
  @Order(2)
  void should_refuse_in_one_line_when_the_role_may_not_signal_the_sink() throws Exception {
    String role = "faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String password = UUID.randomUUID().toString();
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    }
    DatabaseEndpoint stranger =
        new DatabaseEndpoint(stack.database().jdbcUrl(), role, Secret.of(password));

    // A session of the sink's user as its pool opens them, whatever the sink's own pool holds now.
    try (Connection sinkLike =
        as(
            stack.database().user(),
            stack.database().password().reveal(),
            "PostgreSQL JDBC Driver")) {
      assertThatThrownBy(() -> sql(stranger).terminateSinkSessions())
          .isInstanceOf(ClicksimFailure.class)
          .hasMessageContaining("refused pg_terminate_backend of the sink's session (pid ")
          .hasMessageEndingWith(
              "to "
                  + role
                  + ": permission denied; it takes the same role, a member of pg_signal_backend, or"
                  + " a superuser")
          .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
      assertThat(sinkLike.isValid(2)).as("the session it was refused").isTrue();
    }
    assertThatThrownBy(() -> sql(stranger).lockTable(Duration.ofSeconds(1)))
        .hasMessageContaining("refused LOCK TABLE click_counts IN ACCESS EXCLUSIVE MODE to " + role)
        .hasMessageContaining("permission denied");
  }

  @Test
  @Order(3)
  void should_hold_an_access_exclusive_lock_on_the_table_for_the_pause_then_release_it()
      throws Exception {
    long started = System.nanoTime();
    CompletableFuture<String> pause =
        CompletableFuture.supplyAsync(() -> sql(stack.database()).lockTable(Duration.ofSeconds(3)));

    Awaitility.await("an AccessExclusiveLock on click_counts")
        .atMost(Duration.ofSeconds(10))
        .until(() -> exclusiveLocksOnTheTable() == 1);
    assertThat(pause.get())
        .isEqualTo(
            "LOCK TABLE \"click_counts\" IN ACCESS EXCLUSIVE MODE at "
                + stack.database().jdbcUrl()
                + " for 3 s, then ROLLBACK");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(3));
    assertThat(exclusiveLocksOnTheTable()).isZero();
  }

  private static int exclusiveLocksOnTheTable() throws SQLException {
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = public");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                  + " WHERE d.datname = 'db_metrics' AND l.locktype = 'relation'"
                  + " AND l.mode = 'AccessExclusiveLock' AND l.granted"
                  + " AND l.relation = (SELECT oid FROM pg_class WHERE relname = 'click_counts'"
                  + " LIMIT 1)")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  @Order(4)
  void should_match_after_restarts_and_a_pause_of_the_sink_task_and_its_sessions_terminated()
      throws Exception {
    Cli.Result r =
        clicksim(
            "run",
            "--scenario",
            "smoke",
            "--speed",
            "16",
            "--fault",
            "restart:sink-task@20%",
            "--fault",
            "pause:sink-task@40%/5s",
            "--fault",
            "kill:postgres@70%",
            "--progress",
            "none");

    assertThat(r.out())
        .containsPattern(
            "fault: restart:sink-task@20% at scenario .*: restart of sink connector"
                + " clicksim-postgres-sink's task 0 through Connect's REST API")
        .containsPattern(
            "fault: pause:sink-task@40%/5s at scenario .*: pause of sink connector"
                + " clicksim-postgres-sink through Connect's REST API .* for 5 s")
        .containsPattern(
            "fault: kill:postgres@70% at scenario .*: pg_terminate_backend of the sink's sessions"
                + " \\(user user_metrics on db_metrics\\): [1-9]\\d* of [1-9]\\d* terminated")
        .doesNotContain("FAILED:");
    if (r.exitCode() != 0) {
      // Sessions terminated while Debezium's sink was writing fail its task (it retries only
      // communication errors, and only with connection.restart.on.errors), and on an external
      // target nothing restarts it: clicksim says so in one line, exit 4. Restarted as an
      // operator would, the sink must then write every count: nothing was lost.
      assertThat(r.exitCode())
          .as("exit code; out:%n%s%nerr:%n%s", r.out(), r.err())
          .isEqualTo(ExitCode.INFRASTRUCTURE.code());
      assertThat(r.err())
          .contains("sink connector clicksim-postgres-sink task 0 FAILED")
          .contains("clicksim verify --run");
      new ConnectRestClient(stack.connectUrl())
          .restartConnector(SinkConnectorConfig.CONNECTOR_NAME);
      Cli.Result again = clicksim("verify", "--run", latestRun().toString()).expectExit(0);
      assertThat(again.out()).contains("VERDICT: MATCH");
    } else {
      assertThat(r.out()).contains("VERDICT: MATCH");
    }
    JsonNode settings =
        new ObjectMapper().readTree(latestRun().resolve("run.json").toFile()).path("settings");
    assertThat(settings.path("fault.1").asText()).startsWith("restart:sink-task@20% at scenario ");
    assertThat(settings.path("fault.2").asText()).startsWith("pause:sink-task@40%/5s at scenario ");
    assertThat(settings.path("fault.3").asText())
        .startsWith("kill:postgres@70% at scenario ")
        .contains("terminated");
  }

  @Test
  @Order(5)
  void should_restart_the_connector_with_its_tasks_on_a_real_worker() {
    String what =
        new ConnectorFaults(
                new ConnectRestClient(stack.connectUrl()), SinkConnectorConfig.CONNECTOR_NAME)
            .restartConnectorAndTasks();

    assertThat(what)
        .startsWith(
            "restart of sink connector clicksim-postgres-sink and all its tasks through Connect's"
                + " REST API (POST /connectors/clicksim-postgres-sink/restart?includeTasks=true&onlyFailed=false); connector and tasks RUNNING again");
  }

  private static Path latestRun() throws Exception {
    try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
      return runs.filter(Files::isDirectory).max(Path::compareTo).orElseThrow();
    }
  }
}
