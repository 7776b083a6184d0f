package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import dev.clicksim.truth.TruthFile;
import dev.clicksim.truth.WindowTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way a table can be wrong, made on purpose after a clean smoke run on the real embedded
 * stack, must be caught by {@code verify} with the right class and the window named.
 */
class VerifyCorruptionIT {

  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static Path root;
  private static Path stateDir;
  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws IOException {
    root = Files.createTempDirectory("clicksim-verify-it");
    stateDir = root.resolve("state");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A clean smoke run in its own runs directory; returns that run's directory. */
  private static Path cleanRun(String name) throws IOException {
    Path runs = root.resolve("runs-" + name);
    Cli.run(
            "run",
            "--scenario",
            "smoke",
            "--state-dir",
            stateDir.toString(),
            "--runs-dir",
            runs.toString(),
            "--progress",
            "none")
        .expectExit(0);
    try (Stream<Path> s = Files.list(runs)) {
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
                "--quiet-period",
                "500ms",
                "--settle-timeout",
                "3s",
                "--list",
                "mismatched"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<WindowTruth> truth(Path run) {
    return TruthFile.read(run.resolve("truth.csv"));
  }

  private static String windowRow(String campaign, long startMs, String kind) {
    return "(?m)^\\s+"
        + Pattern.quote(campaign)
        + "\\s+"
        + Pattern.quote(START.format(Instant.ofEpochMilli(startMs)))
        + " .*\\s"
        + Pattern.quote(kind)
        + "$";
  }

  private static int execute(String sql, Object... params) throws Exception {
    DatabaseEndpoint db = stack.database();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    }
  }

  private static final String WINDOW =
      "\"ID\" = ? AND \"START_TIME\" = to_timestamp(? / 1000.0) AT TIME ZONE 'UTC'";

  @Test
  void should_report_lost_clicks_when_a_count_is_one_low() throws Exception {
    Path run = cleanRun("minus");
    WindowTruth w = truth(run).get(2);
    assertThat(
            execute(
                "UPDATE click_counts SET \"CLICK_COUNT\" = \"CLICK_COUNT\" - 1 WHERE " + WINDOW,
                w.campaignId(),
                w.windowStartMs()))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(w.campaignId(), w.windowStartMs(), "lost clicks"))
        .contains("-1  lost clicks");
  }

  @Test
  void should_report_duplicated_clicks_when_a_count_is_one_high() throws Exception {
    Path run = cleanRun("plus");
    WindowTruth w = truth(run).get(3);
    assertThat(
            execute(
                "UPDATE click_counts SET \"CLICK_COUNT\" = \"CLICK_COUNT\" + 1 WHERE " + WINDOW,
                w.campaignId(),
                w.windowStartMs()))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(w.campaignId(), w.windowStartMs(), "duplicated clicks"));
  }

  @Test
  void should_report_a_missing_window_when_its_row_is_deleted() throws Exception {
    Path run = cleanRun("deleted");
    WindowTruth w = truth(run).get(4);
    assertThat(
            execute("DELETE FROM click_counts WHERE " + WINDOW, w.campaignId(), w.windowStartMs()))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(w.campaignId(), w.windowStartMs(), "missing window"));
  }

  @Test
  void should_report_both_ends_when_a_window_is_shifted_by_two_minutes() throws Exception {
    Path run = cleanRun("shifted");
    List<WindowTruth> t = truth(run);
    WindowTruth last =
        t.stream()
            .filter(w -> w.campaignId().equals(t.get(0).campaignId()))
            .max(Comparator.comparingLong(WindowTruth::windowStartMs))
            .orElseThrow();
    assertThat(
            execute(
                "UPDATE click_counts SET \"START_TIME\" = \"START_TIME\" + interval '2 minutes', \"END_TIME\" = \"END_TIME\" + interval '2 minutes' WHERE "
                    + WINDOW,
                last.campaignId(),
                last.windowStartMs()))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(last.campaignId(), last.windowStartMs(), "missing window"))
        .containsPattern(
            windowRow(last.campaignId(), last.windowStartMs() + 120_000, "unexpected window"));
  }

  @Test
  void should_report_every_window_of_a_renamed_campaign() throws Exception {
    Path run = cleanRun("renamed");
    List<WindowTruth> t = truth(run);
    String campaign = t.get(0).campaignId();
    long windows = t.stream().filter(w -> w.campaignId().equals(campaign)).count();
    assertThat(
            execute(
                "UPDATE click_counts SET \"ID\" = ? WHERE \"ID\" = ?",
                campaign + "-renamed",
                campaign))
        .isEqualTo((int) windows);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .contains(windows + " missing window")
        .contains(windows + " unexpected window")
        .containsPattern(
            windowRow(campaign + "-renamed", t.get(0).windowStartMs(), "unexpected window"));
  }

  @Test
  void should_report_an_unexpected_window_for_an_extra_row() throws Exception {
    Path run = cleanRun("extra");
    WindowTruth w = truth(run).get(0);
    long start = w.windowStartMs() - 10 * 120_000L;
    assertThat(
            execute(
                "INSERT INTO click_counts VALUES (?, 7, to_timestamp(? / 1000.0) AT TIME ZONE 'UTC', to_timestamp(? / 1000.0) AT TIME ZONE 'UTC')",
                w.campaignId(),
                start,
                start + 120_000))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(w.campaignId(), start, "unexpected window"))
        .contains("VERDICT: MISMATCH - 1 of");
  }

  @Test
  void should_verify_an_insert_layout_table_with_many_rows_per_window() throws Exception {
    Path run = cleanRun("insert-layout");
    List<WindowTruth> t = truth(run);
    DatabaseEndpoint db = stack.database();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
        Statement s = c.createStatement()) {
      // The seed's auto-created table: upper-case names, no primary key, a row for every update of
      // a window.
      s.execute(
          "CREATE TABLE \"CLICK_COUNTS_TABLE_OUTPUT\" (\"ID\" text, \"CLICK_COUNT\" bigint, \"START_TIME\" timestamp, \"END_TIME\" timestamp)");
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO \"CLICK_COUNTS_TABLE_OUTPUT\" VALUES (?, ?, to_timestamp(? / 1000.0) AT TIME ZONE 'UTC',"
                  + " to_timestamp(? / 1000.0) AT TIME ZONE 'UTC')")) {
        for (WindowTruth w : t) {
          for (long count : new long[] {1, w.expectedCount() / 2, w.expectedCount()}) {
            p.setString(1, w.campaignId());
            p.setLong(2, Math.max(count, 1));
            p.setLong(3, w.windowStartMs());
            p.setLong(4, w.windowEndMs());
            p.addBatch();
          }
        }
        p.executeBatch();
      }
    }
    Cli.Result r =
        verify(
                run,
                "--table",
                "CLICK_COUNTS_TABLE_OUTPUT",
                "--campaign-column",
                "ID",
                "--count-column",
                "CLICK_COUNT",
                "--start-column",
                "START_TIME",
                "--end-column",
                "END_TIME")
            .expectExit(0);
    assertThat(r.out())
        .contains("table layout insert")
        .contains("VERDICT: MATCH - " + t.size() + " of " + t.size());
  }

  @Test
  void should_exit_with_slo_breached_when_counts_match_but_a_latency_objective_fails()
      throws IOException {
    Path runs = root.resolve("runs-slo");
    Cli.Result r =
        Cli.run(
                "run",
                "--scenario",
                "smoke",
                "--state-dir",
                stateDir.toString(),
                "--runs-dir",
                runs.toString(),
                "--progress",
                "none",
                "--max-p99-window-completion",
                "1ms")
            .expectExit(ExitCode.SLO_BREACHED.code());
    assertThat(r.out())
        .contains("VERDICT: MATCH")
        .containsPattern("SLO max-p99-window-completion\\s+BREACHED");
    assertThat(r.out()).containsPattern("latency window completion\\s+n=12 ");
  }

  @Test
  void should_apply_the_objectives_of_the_scenario_file_at_run_and_at_a_later_verify()
      throws IOException {
    Path scenario = root.resolve("smoke-with-slo.yaml");
    Files.writeString(
        scenario,
        new String(
                VerifyCorruptionIT.class
                    .getResourceAsStream("/scenarios/smoke.yaml")
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            + "\nslos:\n  maxP99WindowCompletion: 1ms\n");
    Path runs = root.resolve("runs-scenario-slo");
    Cli.Result r =
        Cli.run(
                "run",
                "--scenario",
                scenario.toString(),
                "--state-dir",
                stateDir.toString(),
                "--runs-dir",
                runs.toString(),
                "--progress",
                "none")
            .expectExit(ExitCode.SLO_BREACHED.code());
    assertThat(r.out())
        .contains("VERDICT: MATCH")
        .containsPattern("SLO max-p99-window-completion\\s+BREACHED\\s+threshold 1 ms");
    Cli.Result later =
        Cli.run("verify", "--state-dir", stateDir.toString(), "--runs-dir", runs.toString())
            .expectExit(ExitCode.SLO_BREACHED.code());
    assertThat(later.out()).containsPattern("SLO max-p99-window-completion\\s+BREACHED");
    Cli.Result overridden =
        Cli.run(
                "verify",
                "--state-dir",
                stateDir.toString(),
                "--runs-dir",
                runs.toString(),
                "--max-p99-window-completion",
                "1h")
            .expectExit(0);
    assertThat(overridden.out()).containsPattern("SLO max-p99-window-completion\\s+met");
  }

  @Test
  void should_verify_against_a_database_given_by_jdbc_url_alone() throws IOException {
    Path run = cleanRun("jdbc");
    Path passwordFile = root.resolve("db-password");
    Files.writeString(passwordFile, stack.database().password().reveal());
    Cli.Result r =
        Cli.run(
                "verify",
                "--run",
                run.toString(),
                "--state-dir",
                root.resolve("no-stack").toString(),
                "--jdbc-url",
                stack.database().jdbcUrl(),
                "--db-user",
                stack.database().user(),
                "--db-password-file",
                passwordFile.toString())
            .expectExit(0);
    assertThat(r.out()).contains("VERDICT: MATCH").doesNotContain("stack:");
    assertThat(root.resolve("no-stack")).doesNotExist();

    // The table options apply to a bare database too: the table given is the one read.
    Cli.Result other =
        Cli.run(
                "verify",
                "--run",
                run.toString(),
                "--state-dir",
                root.resolve("no-stack").toString(),
                "--jdbc-url",
                stack.database().jdbcUrl(),
                "--db-user",
                stack.database().user(),
                "--db-password-file",
                passwordFile.toString(),
                "--table",
                "no_such_counts_table",
                "--settle-timeout",
                "1s")
            .expectExit(ExitCode.NOT_FOUND.code());
    assertThat(other.err()).contains("no_such_counts_table");
  }
}
