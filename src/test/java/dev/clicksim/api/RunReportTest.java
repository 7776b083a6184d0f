package dev.clicksim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.usecase.Verification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private static final Instant START = Instant.parse("2026-12-01T21:20:00Z");

  @Test
  void should_give_every_outcome_the_exit_code_of_the_command_line() {
    for (Verification.Verdict verdict : Verification.Verdict.values()) {
      for (boolean accepted : new boolean[] {true, false}) {
        Verification.Outcome outcome = new Verification.Outcome(verdict, accepted);
        assertThat(RunReport.exitCodeOf(outcome))
            .as("%s", outcome)
            .isEqualTo(ExitCode.of(outcome).code());
      }
    }
  }

  @Test
  void should_map_every_window_kind_to_a_class_of_the_same_name() {
    for (dev.clicksim.verify.WindowVerdict.Kind kind :
        dev.clicksim.verify.WindowVerdict.Kind.values()) {
      assertThat(WindowClass.of(kind).name()).isEqualTo(kind.name());
    }
  }

  @Test
  void should_name_each_differing_window_when_a_match_is_asserted() {
    RunReport report =
        report(
            Verdict.MISMATCH,
            List.of(
                window("r1.spring-sale", 0, 42, 42L, WindowClass.MATCHED),
                window("r1.spring-sale", 2, 17, 15L, WindowClass.LATE_CLICKS_DROPPED),
                window("r1.free-shipping", 4, 9, null, WindowClass.MISSING_WINDOW)),
            List.of(new SloResult("min-match", "100%", "33.33%", false)));

    assertThatThrownBy(report::assertMatched)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected MATCH, but clicksim run of smoke (seed 42")
        .hasMessageContaining("MISMATCH - 2 of 3 windows differ")
        .hasMessageContaining(
            "r1.spring-sale                     2026-12-01 21:22:00 - 21:24:00                   17        15      -2  late clicks dropped")
        .hasMessageContaining(
            "r1.free-shipping                   2026-12-01 21:24:00 - 21:26:00                    9    absent      -9  missing window")
        .hasMessageContaining("SLO min-match breached: threshold 100%, actual 33.33%")
        .hasMessageContaining("report: " + Path.of("runs/x/report.html").toAbsolutePath())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("21:20:00 - 21:22:00"));
  }

  @Test
  void should_pass_a_class_assertion_only_when_every_differing_window_is_of_that_class() {
    RunReport lateOnly =
        report(
            Verdict.MISMATCH,
            List.of(
                window("r1.a", 0, 5, 5L, WindowClass.MATCHED),
                window("r1.a", 2, 5, 6L, WindowClass.LATE_CLICKS_COUNTED)),
            List.of());
    lateOnly.assertDifferingOnlyAs(WindowClass.LATE_CLICKS_COUNTED);
    assertThat(lateOnly.windows(WindowClass.LATE_CLICKS_COUNTED)).hasSize(1);

    RunReport lost =
        report(
            Verdict.MISMATCH,
            List.of(window("r1.a", 0, 5, 1L, WindowClass.LOST_CLICKS)),
            List.of());
    assertThatThrownBy(() -> lost.assertDifferingOnlyAs(WindowClass.LATE_CLICKS_COUNTED))
        .hasMessageContaining("expected differing windows of class late clicks counted, but")
        .hasMessageContaining("lost clicks");

    RunReport matched =
        report(Verdict.MATCH, List.of(window("r1.a", 0, 5, 5L, WindowClass.MATCHED)), List.of());
    assertThatThrownBy(() -> matched.assertDifferingOnlyAs(WindowClass.LATE_CLICKS_COUNTED))
        .hasMessageContaining("and at least one")
        .hasMessageContaining("all 1 windows matched");
  }

  @Test
  void should_name_a_breached_slo() {
    RunReport report =
        report(
            Verdict.SLO_BREACHED,
            List.of(window("r1.a", 0, 5, 5L, WindowClass.MATCHED)),
            List.of(new SloResult("max-p99-window-completion", "2000 ms", "2481.0 ms", false)));
    assertThatThrownBy(report::assertSlosMet)
        .hasMessageContaining("SLOs breached")
        .hasMessageContaining("max-p99-window-completion")
        .hasMessageContaining("actual 2481.0 ms");
  }

  private static RunReport report(Verdict verdict, List<WindowResult> windows, List<SloResult> s) {
    return new RunReport(
        "smoke",
        42,
        verdict,
        verdict == Verdict.MATCH ? 0 : 1,
        windows,
        s,
        Path.of("runs/x"),
        120_000,
        60_000);
  }

  private static WindowResult window(
      String campaign, int startMinute, long expected, Long observed, WindowClass c) {
    Instant start = START.plusSeconds(60L * startMinute);
    return new WindowResult(
        campaign, start, start.plusSeconds(120), expected, observed, c, null, null);
  }
}
