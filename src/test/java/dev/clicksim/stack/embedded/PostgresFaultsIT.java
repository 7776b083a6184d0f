package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.Clicksim;
import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.scenario.Fault;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.ClickSink;
import dev.clicksim.stack.Postmaster;
import dev.clicksim.testing.Cli;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL SIGKILLed under a running stack: the stack notices, restarts it on the
 * same port and data, and the pipeline carries on; a sink task the outage failed is restarted.
 *
 * <p>{@link ProcessHandle#destroyForcibly()} is SIGKILL on Linux: the postmaster gets no shutdown,
 * as in a crash or an OOM kill.
 */
class PostgresFaultsIT {

  private static final Duration STACK_START = Duration.ofMinutes(4);

  /** The restart delay of the stack whose sink task the outage fails. */
  private static final Duration OUTAGE = Duration.ofSeconds(150);

  @TempDir Path root;

  private final List<Process> started = new ArrayList<>();
  private EmbeddedStack inProcess;

  /**
   * {@code clicksim up} in a process of its own, as from a terminal; provision and a run attached
   * afterwards work without restarting it. Before the supervisor, up noticed nothing and both
   * failed with "connection refused".
   */
  @Test
  void should_restart_a_killed_postgres_under_clicksim_up_and_match_a_run_afterwards()
      throws Exception {
    Path state = root.resolve("state");
    Path upOut = root.resolve("up.out");
    Process up = startClicksim(upOut, "up", "--state-dir", state.toString());
    awaitOut(up, upOut, "embedded stack up and provisioned", STACK_START);
    Path dataDir = state.resolve("embedded/postgres/data");
    Postmaster first = Postmaster.of(dataDir).orElseThrow();

    new ProcessBuilder("kill", "-9", Long.toString(first.pid())).inheritIO().start().waitFor();

    awaitOut(
        up,
        upOut,
        "postgres (pid " + first.pid() + ") died; restarting it in 1 s",
        Duration.ofSeconds(10));
    awaitOut(up, upOut, "restarted postgres in", Duration.ofMinutes(1));
    Postmaster second = Postmaster.of(dataDir).orElseThrow();
    assertThat(second.pid()).isNotEqualTo(first.pid());

    Cli.run("provision", "--state-dir", state.toString()).expectExit(0);
    Cli.Result run =
        Cli.run(
                "run",
                "--scenario",
                "smoke",
                "--progress",
                "none",
                "--state-dir",
                state.toString(),
                "--runs-dir",
                root.resolve("runs").toString())
            .expectExit(0);
    assertThat(run.out()).contains("VERDICT: MATCH").contains("clicksim up, pid " + up.pid());

    // A SIGKILL of PostgreSQL while Debezium's JDBC sink writes costs no acknowledged write: the
    // server commits synchronously. With synchronous_commit off, the sink's last upserts were
    // acknowledged, their offsets committed, and then lost with the server's WAL buffers (9 of 300
    // clicks in 3 windows, seen once).
    Cli.Result killed = pacedSmokeWithFault(state, "kill:postgres@30%");
    assertThat(killed.out())
        .containsPattern("SIGKILL of postgres \\(pid \\d+\\)")
        .contains("VERDICT: MATCH");
    awaitOut(up, upOut, "restarted postgres in", Duration.ofMinutes(1));

    Cli.Result paused = pacedSmokeWithFault(state, "pause:postgres@30%/5s");
    assertThat(paused.out())
        .contains("VERDICT: MATCH")
        .containsPattern("SIGSTOP of postgres \\(pid \\d+ and its \\d+ child processes\\) for 5 s");

    Cli.Result restarted = pacedSmokeWithFault(state, "restart:postgres@30%");
    assertThat(restarted.out())
        .contains("VERDICT: MATCH")
        .containsPattern(
            "restart of postgres \\(pid \\d+\\): fast shutdown \\(SIGINT\\), started again by clicksim up");
    assertThat(up.isAlive()).as("the same clicksim up all along").isTrue();
  }

  /** smoke's 8 minutes in 30 s, attached to the up, with one fault on its clock. */
  private Cli.Result pacedSmokeWithFault(Path state, String fault) {
    return pacedSmokeWithFault(state, fault, 0);
  }

  private Cli.Result pacedSmokeWithFault(Path state, String fault, int... exits) {
    Cli.Result r =
        Cli.run(
            "run",
            "--scenario",
            "smoke",
            "--speed",
            "16",
            "--fault",
            fault,
            "--progress",
            "none",
            "--state-dir",
            state.toString(),
            "--runs-dir",
            root.resolve("runs").toString());
    assertThat(exits)
        .as("exit code of run --fault %s; out:%n%s%nerr:%n%s", fault, r.out(), r.err())
        .contains(r.exitCode());
    return r;
  }

  /**
   * Clicks reach the sink while PostgreSQL is down longer than the sink's pool (c3p0: 30 attempts a
   * second apart) and Debezium's flush retries hold out: its task fails, and the supervisor
   * restarts it once PostgreSQL is back, so the counts arrive. A shorter outage costs the sink a
   * reconnect only.
   */
  @Test
  void should_restart_the_sink_task_an_outage_failed() throws Exception {
    List<String> console = new CopyOnWriteArrayList<>();
    Path state = root.resolve("state");
    inProcess =
        EmbeddedStack.start(
            new EmbeddedStackOptions(
                state.resolve("embedded"),
                state.resolve("logs"),
                0,
                0,
                0,
                PipelineNames.DEFAULT,
                WindowSpec.DEFAULT,
                EngineProfile.fast,
                EngineProfile.fast.settings(),
                OUTAGE),
            true,
            console::add);
    inProcess.provision(CountsTable.DEFAULT, step -> {});
    ConnectRestClient connect = new ConnectRestClient(inProcess.connectUrl());
    String connector = SinkConnectorConfig.CONNECTOR_NAME;

    inProcess.postgresKill();
    long killed = System.nanoTime();
    long now = System.currentTimeMillis();
    try (ClickSink sink = inProcess.openClickSink(System::nanoTime, Duration.ofSeconds(30))) {
      for (int i = 0; i < 20; i++) {
        sink.send(
            new Click(now + i, "spring-sale", "sku-1", "shopper-" + i, "s-" + i, "e-" + i),
            System.nanoTime(),
            at -> {});
      }
      sink.flush(Duration.ofSeconds(30));
    }

    Awaitility.await("the sink task FAILED while postgres is down")
        .atMost(OUTAGE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> connect.status(connector).flatMap(s -> s.failedTask()).isPresent());
    long failedAfter = (System.nanoTime() - killed) / 1_000_000_000L;
    Awaitility.await(
            "postgres restarted, then the sink task that failed "
                + failedAfter
                + " s into the outage; console: "
                + console)
        .atMost(OUTAGE.plusMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                console.stream().anyMatch(l -> l.startsWith("restarted postgres in"))
                    && console.stream()
                        .anyMatch(l -> l.startsWith("restarted the sink's failed task 0")));
    assertThat(console)
        .anyMatch(
            l ->
                l.matches(
                    "postgres \\(pid \\d+\\) died \\(SIGKILL by a fault\\); restarting it in "
                        + OUTAGE.toSeconds()
                        + " s"));
    Awaitility.await("the 20 clicks counted in the table")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> countedClicks() == 20);
    assertThat(connect.status(connector).orElseThrow().isRunning()).isTrue();

    assertThat(inProcess.inject(Fault.Action.restart, Fault.Target.postgres, null))
        .matches(
            "restart of postgres \\(pid \\d+\\): fast shutdown \\(SIGINT\\), then started again"
                + " as pid \\d+ in [\\d.]+ s");
    assertThat(inProcess.inject(Fault.Action.pause, Fault.Target.postgres, Duration.ofSeconds(2)))
        .matches(
            "SIGSTOP of postgres \\(pid \\d+ and its \\d+ child processes\\) for 2 s, then SIGCONT");
    Awaitility.await(
            "no restart after the stack's own clean restart and a pause; console: " + console)
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> console.stream().filter(l -> l.contains(") died")).count() == 1);
  }

  private long countedClicks() throws Exception {
    try (Connection c = Jdbc.connect(inProcess.database());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select coalesce(sum("
                    + CountsTable.quote("CLICK_COUNT")
                    + "), 0) from "
                    + CountsTable.quote("click_counts"))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Process startClicksim(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Clicksim.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    started.add(p);
    return p;
  }

  private static void awaitOut(Process p, Path out, String text, Duration bound) {
    Awaitility.await("'" + text + "' from clicksim up")
        .atMost(bound)
        .pollInterval(Duration.ofMillis(200))
        .failFast("clicksim up exited", () -> !p.isAlive())
        .until(() -> Files.readString(out).contains(text));
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (inProcess != null) {
      inProcess.close();
    }
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    }
    Postmaster.of(root.resolve("state/embedded/postgres/data"))
        .ifPresent(left -> left.fastShutdown(Duration.ofSeconds(60)));
    Path kept = Path.of("target", "it-logs", getClass().getSimpleName());
    Files.createDirectories(kept);
    if (Files.exists(root.resolve("up.out"))) {
      Files.copy(
          root.resolve("up.out"),
          kept.resolve("up.out"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path logs = root.resolve("state/logs/postgres.log");
    if (Files.exists(logs)) {
      Files.copy(
          logs, kept.resolve("postgres.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
