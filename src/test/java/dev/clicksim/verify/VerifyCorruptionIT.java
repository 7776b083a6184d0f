package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.db.CountsTable;
import dev.clicksim.report.DisplayText;
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

  private static final CountsTable TABLE = CountsTable.DEFAULT;
  private static final String COUNTS = CountsTable.quote(TABLE.table());
  private static final String CAMPAIGN = CountsTable.quote(TABLE.campaignColumn());
  private static final String COUNT = CountsTable.quote(TABLE.countColumn());
  private static final String START_TIME = CountsTable.quote(TABLE.startColumn());
  private static final String END_TIME = CountsTable.quote(TABLE.endColumn());

  /** SQL for an epoch-millisecond parameter as the table's UTC timestamp. */
  private static final String UTC_TIMESTAMP = "to_timestamp(? / 1000.0) AT TIME ZONE 'UTC'";

  /** The one row of a (campaign, window start), the two parameters in that order. */
  private static final String WINDOW = CAMPAIGN + " = ? AND " + START_TIME + " = " + UTC_TIMESTAMP;

  @Test
  void should_report_lost_clicks_when_a_count_is_one_low() throws Exception {
    Path run = cleanRun("minus");
    WindowTruth w = truth(run).get(2);
    assertThat(
            execute(
                "UPDATE " + COUNTS + " SET " + COUNT + " = " + COUNT + " - 1 WHERE " + WINDOW,
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
                "UPDATE " + COUNTS + " SET " + COUNT + " = " + COUNT + " + 1 WHERE " + WINDOW,
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
            execute(
                "DELETE FROM " + COUNTS + " WHERE " + WINDOW, w.campaignId(), w.windowStartMs()))
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
                "UPDATE "
                    + COUNTS
                    + " SET "
                    + START_TIME
                    + " = "
                    + START_TIME
                    + " + interval '2 minutes', "
                    + END_TIME
                    + " = "
                    + END_TIME
                    + " + interval '2 minutes' WHERE "
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
                "UPDATE " + COUNTS + " SET " + CAMPAIGN + " = ? WHERE " + CAMPAIGN + " = ?",
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
                "INSERT INTO "
                    + COUNTS
                    + " ("
                    + String.join(", ", CAMPAIGN, COUNT, START_TIME, END_TIME)
                    + ") VALUES (?, 7, "
                    + UTC_TIMESTAMP
                    + ", "
                    + UTC_TIMESTAMP
                    + ")",
                w.campaignId(),
                start,
                start + 120_000))
        .isEqualTo(1);
    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());
    assertThat(r.out())
        .containsPattern(windowRow(w.campaignId(), start, "unexpected window"))
        .contains("VERDICT: MISMATCH - 1 of");
  }

  /** A window's row whose end is set by {@code newEnd} (SQL over the end column), and verify. */
  private static Cli.Result verifyWithEnd(Path run, WindowTruth w, String newEnd) throws Exception {
    assertThat(
            execute(
                "UPDATE " + COUNTS + " SET " + END_TIME + " = " + newEnd + " WHERE " + WINDOW,
                w.campaignId(),
                w.windowStartMs()))
        .isEqualTo(1);
    return verify(run).expectExit(ExitCode.MISMATCH.code());
  }

  /** The window's line in verify.json carries the class and the table's end. */
  private static void assertVerifyJsonNames(Path run, WindowTruth w, String wrongEnd)
      throws IOException {
    assertThat(Files.readAllLines(run.resolve("verify.json")))
        .filteredOn(
            l ->
                l.contains("\"campaignId\": \"" + w.campaignId() + "\"")
                    && l.contains("\"windowStartMs\": " + w.windowStartMs() + ","))
        .singleElement()
        .asString()
        .contains("\"kind\": \"wrong window end\", \"wrongEnd\": \"" + wrongEnd + "\"");
    assertThat(Files.readString(run.resolve("verify.json")))
        .containsPattern("\"verdict\": \"MISMATCH\",\\s+\"exitCode\": 1,");
  }

  @Test
  void should_report_a_wrong_window_end_when_an_end_is_three_minutes_off() throws Exception {
    Path run = cleanRun("end-3min");
    WindowTruth w = truth(run).get(5);
    String shown = DisplayText.instant(w.windowEndMs() + 180_000);

    Cli.Result r = verifyWithEnd(run, w, END_TIME + " + interval '3 minutes'");

    assertThat(r.out())
        .containsPattern(
            windowRow(w.campaignId(), w.windowStartMs(), "+0  wrong window end: " + shown))
        .contains(
            "VERDICT: MISMATCH - 1 of " + truth(run).size() + " windows differ: 1 wrong window end")
        .doesNotContain("timed out");
    assertVerifyJsonNames(run, w, shown);
    assertThat(Files.readString(run.resolve("junit.xml"))).contains("wrong window end: " + shown);
    assertThat(Files.readString(run.resolve("report.html"))).contains("wrong window end: " + shown);
  }

  @Test
  void should_report_a_wrong_window_end_when_an_end_is_in_1970() throws Exception {
    Path run = cleanRun("end-1970");
    WindowTruth w = truth(run).get(1);

    Cli.Result r = verifyWithEnd(run, w, "timestamp '1970-01-01 00:00:00'");

    assertThat(r.out())
        .containsPattern(
            windowRow(
                w.campaignId(), w.windowStartMs(), "+0  wrong window end: 1970-01-01 00:00:00"))
        .contains("1 wrong window end");
    assertVerifyJsonNames(run, w, "1970-01-01 00:00:00");
  }

  @Test
  void should_report_a_wrong_count_and_a_wrong_end_of_one_window_both() throws Exception {
    Path run = cleanRun("end-and-count");
    WindowTruth w = truth(run).get(3);
    assertThat(
            execute(
                "UPDATE "
                    + COUNTS
                    + " SET "
                    + COUNT
                    + " = "
                    + COUNT
                    + " - 1, "
                    + END_TIME
                    + " = "
                    + END_TIME
                    + " - interval '1 hour' WHERE "
                    + WINDOW,
                w.campaignId(),
                w.windowStartMs()))
        .isEqualTo(1);

    Cli.Result r = verify(run).expectExit(ExitCode.MISMATCH.code());

    assertThat(r.out())
        .containsPattern(
            windowRow(
                w.campaignId(),
                w.windowStartMs(),
                "-1  lost clicks, wrong window end: "
                    + DisplayText.instant(w.windowEndMs() - 3_600_000)))
        .contains("1 lost clicks (1 of them also has a wrong window end)");
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
  void should_report_a_wrong_end_in_any_row_of_an_insert_layout_window() throws Exception {
    Path run = cleanRun("insert-wrong-ends");
    List<WindowTruth> t = truth(run);
    WindowTruth offEarly = t.get(0);
    WindowTruth noEnd = t.get(2);
    DatabaseEndpoint db = stack.database();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE \"CLICK_COUNTS_INSERT_ENDS\" (\"ID\" text, \"CLICK_COUNT\" bigint, \"START_TIME\" timestamp, \"END_TIME\" timestamp)");
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO \"CLICK_COUNTS_INSERT_ENDS\" VALUES (?, ?, "
                  + UTC_TIMESTAMP
                  + ", "
                  + UTC_TIMESTAMP
                  + ")")) {
        for (WindowTruth w : t) {
          long[] counts = {1, w.expectedCount()};
          for (int i = 0; i < counts.length; i++) {
            p.setString(1, w.campaignId());
            p.setLong(2, counts[i]);
            p.setLong(3, w.windowStartMs());
            // An early update of one window ends 3 minutes late, the final one of another has no
            // end; the largest count of every window is right.
            if (w.equals(offEarly) && i == 0) {
              p.setLong(4, w.windowEndMs() + 180_000);
            } else if (w.equals(noEnd) && i == 1) {
              p.setNull(4, java.sql.Types.BIGINT);
            } else {
              p.setLong(4, w.windowEndMs());
            }
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
                "CLICK_COUNTS_INSERT_ENDS",
                "--campaign-column",
                "ID",
                "--count-column",
                "CLICK_COUNT",
                "--start-column",
                "START_TIME",
                "--end-column",
                "END_TIME")
            .expectExit(ExitCode.MISMATCH.code());

    assertThat(r.out())
        .contains("table layout insert")
        .containsPattern(
            windowRow(
                offEarly.campaignId(),
                offEarly.windowStartMs(),
                "wrong window end: "
                    + DisplayText.instant(offEarly.windowEndMs())
                    + " to "
                    + DisplayText.instant(offEarly.windowEndMs() + 180_000)))
        .containsPattern(
            windowRow(noEnd.campaignId(), noEnd.windowStartMs(), "wrong window end: NULL"))
        .contains("2 of " + t.size() + " windows differ: 2 wrong window end");
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
