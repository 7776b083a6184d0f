package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-pass checks a verify makes on every poll of the table, against the truth in the reader's
 * order.
 */
class VerificationSettleTest {

  private static WindowTruth truth(String campaign, long start, long count) {
    return new WindowTruth(campaign, start, start + 120_000, count, count, 0, 0, 0);
  }

  private static ObservedWindow row(String campaign, long start, long count) {
    return new ObservedWindow(campaign, start, start + 120_000, count);
  }

  private final List<WindowTruth> expected =
      List.of(truth("a", 0, 3), truth("a", 120_000, 5), truth("b", 0, 7));

  @Test
  void should_match_only_the_same_windows_with_the_same_counts() {
    assertThat(
            Verification.matchesExactly(
                List.of(row("a", 0, 3), row("a", 120_000, 5), row("b", 0, 7)), expected))
        .isTrue();
    assertThat(
            Verification.matchesExactly(
                List.of(row("a", 0, 3), row("a", 120_000, 4), row("b", 0, 7)), expected))
        .isFalse();
    assertThat(
            Verification.matchesExactly(
                List.of(row("a", 0, 3), row("a", 240_000, 5), row("b", 0, 7)), expected))
        .isFalse();
    assertThat(
            Verification.matchesExactly(
                List.of(row("a", 0, 3), row("a", 120_000, 5), row("c", 0, 7)), expected))
        .isFalse();
    assertThat(Verification.matchesExactly(List.of(row("a", 0, 3), row("a", 120_000, 5)), expected))
        .isFalse();
    assertThat(
            Verification.matchesExactly(
                List.of(row("a", 0, 3), row("a", 120_000, 5), row("b", 0, 7), row("b", 120_000, 1)),
                expected))
        .isFalse();
  }

  @Test
  void should_not_match_a_window_whose_end_is_wrong_though_its_count_is_right() {
    List<ObservedWindow> rightCounts =
        List.of(
            row("a", 0, 3),
            new ObservedWindow("a", 120_000, 420_000L, 420_000L, 5),
            row("b", 0, 7));
    assertThat(Verification.matchesExactly(rightCounts, expected)).isFalse();
    assertThat(
            Verification.matchesExactly(
                List.of(
                    row("a", 0, 3),
                    row("a", 120_000, 5),
                    new ObservedWindow("b", 0, null, null, 7)),
                expected))
        .isFalse();
    assertThat(
            Verification.matchesExactly(
                List.of(
                    row("a", 0, 3),
                    new ObservedWindow("a", 120_000, 240_000L, 240_001L, 5),
                    row("b", 0, 7)),
                expected))
        .isFalse();
    assertThat(Verification.hasEveryWindow(rightCounts, expected)).isTrue();
  }

  @Test
  void should_see_every_window_present_whatever_the_counts_and_extra_rows() {
    assertThat(
            Verification.hasEveryWindow(
                List.of(row("a", 0, 1), row("a", 120_000, 9), row("b", 0, 7)), expected))
        .isTrue();
    assertThat(
            Verification.hasEveryWindow(
                List.of(
                    row("0", 0, 1),
                    row("a", 0, 1),
                    row("a", 60_000, 2),
                    row("a", 120_000, 9),
                    row("b", 0, 7),
                    row("z", 0, 1)),
                expected))
        .isTrue();
    assertThat(Verification.hasEveryWindow(List.of(row("a", 0, 1), row("b", 0, 7)), expected))
        .isFalse();
    assertThat(Verification.hasEveryWindow(List.of(row("a", 0, 1), row("a", 120_000, 9)), expected))
        .isFalse();
    assertThat(Verification.hasEveryWindow(List.of(), expected)).isFalse();
    assertThat(Verification.hasEveryWindow(List.of(), List.of())).isTrue();
  }

  @Test
  void should_set_up_the_report_writers_with_a_report_that_is_valid() {
    assertThat(Verification.prepareReportWriters()).isTrue();
  }
}
