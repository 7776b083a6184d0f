package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.FixedCounts;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowVerdict;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification use case against a table held in memory: the verdict, the outcome and the
 * reports.
 */
class VerificationTest {

  @TempDir Path tmp;

  private RunDirectory run;
  private List<WindowTruth> truth;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void dryRun() {
    Instant now = Instant.parse("2026-11-28T01:00:00Z");
    run = RunDirectory.create(tmp.resolve("runs"), now, "smoke");
    new RunSession(line -> {})
        .dryRun(
            run,
            new RunSession.Request(
                ScenarioLoader.loadBuiltIn("smoke"),
                "smoke",
                "none",
                Instant.parse("2026-11-27T00:00:00Z"),
                Duration.ofMillis(10),
                CountsTable.DEFAULT,
                null),
            WindowSpec.DEFAULT,
            now);
    truth = run.readTruth();
  }

  private static Verification.Settings settings(String minMatch) {
    return new Verification.Settings(
        Duration.ofMillis(1),
        Duration.ZERO,
        Duration.ofMillis(50),
        Verification.Layout.auto,
        minMatch,
        null,
        null,
        null);
  }

  /** The truth as the table would hold it, each window's count passed through {@code change}. */
  private CountsSource table(UnaryOperator<ObservedWindow> change, Optional<String> failedTask) {
    return new FixedCounts(
        truth.stream()
            .filter(w -> w.expectedCount() > 0)
            .map(
                w ->
                    change.apply(
                        new ObservedWindow(
                            w.campaignId(), w.windowStartMs(), w.windowEndMs(), w.expectedCount())))
            .toList(),
        failedTask);
  }

  private Verification verification(CountsSource source) {
    // Exit codes as the command line gives them; the use case only records them.
    return new Verification(
        source,
        o -> !o.countsAccepted() ? 1 : o.verdict() == Verification.Verdict.SLO_BREACHED ? 3 : 0,
        progress::add);
  }

  @Test
  void should_read_the_truth_while_the_table_opens_and_match_the_same() {
    Verification.Result r =
        verification(table(UnaryOperator.identity(), Optional.empty()))
            .verify(run, CountsTable.DEFAULT, settings(null), null);

    assertThat(r.outcome()).isEqualTo(new Verification.Outcome(Verification.Verdict.MATCH, true));
    assertThat(r.comparison().verdicts()).hasSize(truth.size());
  }

  @Test
  void should_report_a_broken_truth_file_read_while_the_table_opens_as_invalid_input()
      throws Exception {
    Path truthFile = run.path().resolve("truth.csv");
    Files.writeString(truthFile, Files.readString(truthFile) + "not,a,window\n");

    assertThatThrownBy(
            () ->
                verification(table(UnaryOperator.identity(), Optional.empty()))
                    .verify(run, CountsTable.DEFAULT, settings(null), null))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("truth.csv");
  }

  @Test
  void should_match_when_the_table_equals_the_truth_and_record_the_exit_code_in_the_report()
      throws Exception {
    Verification.Result r =
        verification(table(UnaryOperator.identity(), Optional.empty()))
            .verify(run.load(), CountsTable.DEFAULT, settings(null), null);

    assertThat(r.outcome()).isEqualTo(new Verification.Outcome(Verification.Verdict.MATCH, true));
    assertThat(r.comparison().matches()).isTrue();
    assertThat(r.report().exitCode()).isZero();
    assertThat(progress)
        .singleElement()
        .asString()
        .contains("run " + run.id())
        .contains("against counts held in memory");
    Path page = Verification.writeReports(r);
    assertThat(page).exists();
    assertThat(Files.readString(run.path().resolve("verify.json")))
        .containsPattern("\"verdict\"\\s*:\\s*\"MATCH\"");
  }

  @Test
  void should_report_lost_clicks_and_a_mismatch_when_one_window_is_short() {
    ObservedWindow first =
        table(UnaryOperator.identity(), Optional.empty())
            .openCountsReader(CountsTable.DEFAULT)
            .read("")
            .get(0);
    Verification.Result r =
        verification(
                table(
                    w ->
                        w.equals(first)
                            ? new ObservedWindow(
                                w.campaignId(),
                                w.windowStartMs(),
                                w.lowestEndMs(),
                                w.highestEndMs(),
                                w.count() - 3)
                            : w,
                    Optional.empty()))
            .verify(run.load(), CountsTable.DEFAULT, settings(null), null);

    assertThat(r.outcome())
        .isEqualTo(new Verification.Outcome(Verification.Verdict.MISMATCH, false));
    assertThat(r.comparison().mismatches())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(WindowVerdict.Kind.LOST_CLICKS);
              assertThat(v.difference()).isEqualTo(-3);
            });
    assertThat(r.report().exitCode()).isEqualTo(1);
    assertThat(r.slos())
        .filteredOn(s -> s.name().equals("min-match"))
        .singleElement()
        .satisfies(s -> assertThat(s.met()).isFalse());
  }

  @Test
  void should_report_a_wrong_window_end_as_a_mismatch_in_every_report_once_the_counts_are_quiet()
      throws Exception {
    List<ObservedWindow> rows =
        table(UnaryOperator.identity(), Optional.empty())
            .openCountsReader(CountsTable.DEFAULT)
            .read("");
    ObservedWindow first = rows.get(0);
    ObservedWindow second = rows.get(1);
    long threeMinutesOff = first.lowestEndMs() + 180_000;
    Verification.Result r =
        verification(
                table(
                    w ->
                        w.equals(first)
                            ? new ObservedWindow(
                                w.campaignId(),
                                w.windowStartMs(),
                                threeMinutesOff,
                                threeMinutesOff,
                                w.count())
                            : w.equals(second)
                                ? new ObservedWindow(
                                    w.campaignId(), w.windowStartMs(), 0L, 0L, w.count() - 1)
                                : w,
                    Optional.empty()))
            .verify(
                run.load(),
                CountsTable.DEFAULT,
                new Verification.Settings(
                    Duration.ofMillis(1),
                    Duration.ofMillis(20),
                    Duration.ofMinutes(1),
                    Verification.Layout.auto,
                    null,
                    null,
                    null,
                    null),
                null);

    assertThat(r.outcome())
        .isEqualTo(new Verification.Outcome(Verification.Verdict.MISMATCH, false));
    assertThat(r.report().exitCode()).isEqualTo(1);
    // Not at the timeout: a wrong end does not keep the wait going once the counts are quiet.
    assertThat(r.settled().reason()).isEqualTo(dev.clicksim.verify.Settler.Reason.QUIET);
    assertThat(r.comparison().mismatches())
        .extracting(WindowVerdict::kind, WindowVerdict::endWrong)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(WindowVerdict.Kind.WRONG_WINDOW_END, true),
            org.assertj.core.groups.Tuple.tuple(WindowVerdict.Kind.LOST_CLICKS, true));
    String wrong = dev.clicksim.report.DisplayText.instant(threeMinutesOff);
    assertThat(Verification.verdictText(r.comparison().mismatches().get(0)))
        .isEqualTo("wrong window end: " + wrong);
    assertThat(Verification.kindName(WindowVerdict.Kind.WRONG_WINDOW_END))
        .isEqualTo(dev.clicksim.report.WindowRow.WRONG_WINDOW_END);

    Verification.writeReports(r);
    assertThat(Files.readString(run.path().resolve("verify.json")))
        .containsPattern("\"verdict\"\\s*:\\s*\"MISMATCH\"")
        .contains("\"kind\": \"wrong window end\", \"wrongEnd\": \"" + wrong + "\"")
        .contains("\"kind\": \"lost clicks\", \"wrongEnd\": \"1970-01-01 00:00:00\"");
    assertThat(Files.readString(run.path().resolve("junit.xml")))
        .contains("wrong window end: " + wrong)
        .contains("lost clicks, wrong window end: 1970-01-01 00:00:00");
    assertThat(Files.readString(run.path().resolve("report.html")))
        .contains("wrong window end: " + wrong)
        .contains("lost clicks, wrong window end: 1970-01-01 00:00:00");
  }

  @Test
  void should_accept_a_mismatch_that_stays_within_min_match() {
    ObservedWindow first =
        table(UnaryOperator.identity(), Optional.empty())
            .openCountsReader(CountsTable.DEFAULT)
            .read("")
            .get(0);
    Verification.Result r =
        verification(
                table(
                    w ->
                        w.equals(first)
                            ? new ObservedWindow(
                                w.campaignId(),
                                w.windowStartMs(),
                                w.lowestEndMs(),
                                w.highestEndMs(),
                                w.count() + 1)
                            : w,
                    Optional.empty()))
            .verify(run.load(), CountsTable.DEFAULT, settings("50%"), null);

    assertThat(r.outcome())
        .isEqualTo(new Verification.Outcome(Verification.Verdict.MISMATCH, true));
    assertThat(r.report().exitCode()).isZero();
  }

  @Test
  void should_fail_at_once_naming_the_task_when_the_sink_task_has_failed() {
    Verification v =
        verification(
            table(
                w ->
                    new ObservedWindow(
                        w.campaignId(), w.windowStartMs(), w.lowestEndMs(), w.highestEndMs(), 0),
                Optional.of(
                    "sink connector clicksim-postgres-sink task 0 FAILED: connection refused")));

    assertThatThrownBy(() -> v.verify(run.load(), CountsTable.DEFAULT, settings(null), null))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "sink connector clicksim-postgres-sink task 0 FAILED: connection refused (while verifying)");
  }

  @Test
  void should_refuse_a_zero_poll_interval_as_invalid_input() {
    assertThatThrownBy(
            () ->
                new Verification.Settings(
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    Verification.Layout.auto,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("--poll-interval");
  }
}
