package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.db.CountsTable;
import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.report.FaultRow;
import dev.clicksim.report.StageClicks;
import dev.clicksim.report.Timeline;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.run.RunFault;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.stack.FixedCounts;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults' story in a verification: the table's timeline the run's tracker measured, kept in the
 * run directory for a later verify, turned into each fault's recovery and cost.
 */
class VerificationTimelineTest {

  private static final long SECOND = 1_000_000_000L;

  @TempDir Path tmp;

  private RunDirectory run;
  private List<WindowTruth> truth;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void dryRunWithAFault() {
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
    truth = run.readTruth().stream().filter(w -> w.expectedCount() > 0).toList();
    RunDirectory.RunInfo i = run.readInfo();
    run.writeInfo(
        new RunDirectory.RunInfo(
            i.runId(),
            i.scenario(),
            i.seed(),
            i.anchorMs(),
            i.campaignPrefix(),
            i.windowSizeMs(),
            i.graceMs(),
            i.clicksSent(),
            i.clicksExpected(),
            i.clicksDroppedLate(),
            i.duplicates(),
            i.target(),
            i.settings(),
            List.of(
                new RunFault(
                    "kill:postgres@30%",
                    "kill",
                    "postgres",
                    null,
                    "30%",
                    144_000,
                    1_764_291_610_000L,
                    10.0,
                    10.0,
                    "SIGKILL of postgres (pid 77)",
                    false))));
  }

  /** The table as it ends: the truth, the first window two clicks short. */
  private List<ObservedWindow> table() {
    List<ObservedWindow> rows = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      WindowTruth w = truth.get(i);
      rows.add(
          new ObservedWindow(
              w.campaignId(),
              w.windowStartMs(),
              w.windowEndMs(),
              w.expectedCount() - (i == 0 ? 2 : 0)));
    }
    return rows;
  }

  private Verification.Result verify(FreshnessTracker tracker) {
    return new Verification(
            new FixedCounts(table(), Optional.empty()),
            o -> o.countsAccepted() ? 0 : 1,
            progress::add)
        .verify(
            run,
            CountsTable.DEFAULT,
            new Verification.Settings(
                Duration.ofMillis(100),
                Duration.ZERO,
                Duration.ofMillis(50),
                Verification.Layout.auto,
                "0%",
                null,
                null,
                null),
            tracker);
  }

  @Test
  void
      should_time_the_recovery_charge_the_short_window_to_the_fault_and_keep_it_for_a_later_verify()
          throws Exception {
    // Every click acknowledged 9 s into the sending, a second before the kill; the table shows
    // them (but the first window's last two) 14 s in.
    long origin = System.nanoTime() - 60 * SECOND;
    FreshnessTracker tracker = new FreshnessTracker();
    tracker.sendingStarted(origin);
    for (WindowTruth w : truth) {
      for (long place = 1; place <= w.expectedCount(); place++) {
        tracker.window(w.campaignId(), w.windowStartMs()).acked(place, origin + 9 * SECOND);
      }
    }
    tracker.observe(table(), origin + 14 * SECOND);

    Timeline timeline = verify(tracker).report().timeline();

    FaultRow fault = timeline.faults().get(0);
    assertThat(fault.fault()).isEqualTo("kill:postgres@30%");
    assertThat(fault.firedAt()).isEqualTo(Instant.ofEpochMilli(1_764_291_610_000L));
    assertThat(fault.recoverySeconds()).isEqualTo(4.0);
    assertThat(fault.clicksNeverShown()).isEqualTo(2);
    assertThat(fault.cost()).containsExactly(new StageClicks("table", 2, 0));
    assertThat(fault.windowExamples())
        .containsExactly(
            truth.get(0).campaignId() + "@" + Instant.ofEpochMilli(truth.get(0).windowStartMs()));
    assertThat(fault.describe())
        .isEqualTo(
            "fault 1 kill:postgres@30% fired at +10.0 s: SIGKILL of postgres (pid 77); table caught"
                + " up in 4.0 s; 2 lost by the table in 1 window");
    assertThat(timeline.notAttributableWindows()).isZero();
    assertThat(timeline.windowCompletion()).hasSize(truth.size());
    assertThat(run.path().resolve(RunDirectory.TIMELINE_FILE)).isRegularFile();

    Verification.Result later = verify(null);
    Verification.writeReports(later);

    assertThat(later.report().timeline()).isEqualTo(timeline);
    assertThat(VerifyJson.read(run.path()).timeline()).isEqualTo(timeline);
  }

  @Test
  void should_name_each_fault_of_a_run_without_a_timeline_and_attribute_nothing() {
    Timeline timeline = verify(null).report().timeline();

    assertThat(timeline.faults()).hasSize(1);
    assertThat(timeline.faults().get(0).recoverySeconds()).isNull();
    assertThat(timeline.faults().get(0).recoveryProblem()).startsWith("not measured");
    assertThat(timeline.notAttributable()).containsExactly(new StageClicks("table", 2, 0));
    assertThat(timeline.method()).endsWith("no timeline of the table was kept for this run");
  }

  @Test
  void should_verify_with_a_damaged_timeline_and_say_it_cost_the_faults_story() throws Exception {
    Files.writeString(run.path().resolve(RunDirectory.TIMELINE_FILE), "{\"windows\": 3");

    Verification.Result r = verify(null);

    assertThat(r.report().timeline().faults().get(0).recoverySeconds()).isNull();
    assertThat(progress)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("timeline.json: it is not a timeline clicksim wrote")
                    .endsWith("the faults' recovery and cost are not measured"));
  }
}
