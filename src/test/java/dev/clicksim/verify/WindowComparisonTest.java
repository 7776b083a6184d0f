package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.WindowVerdict.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowComparisonTest {
  private static WindowTruth truth(String campaign, long start, long expected) {
    return new WindowTruth(campaign, start, start + 120_000, expected, expected, 0, 0);
  }

  private static ObservedWindow seen(String campaign, long start, long count) {
    return new ObservedWindow(campaign, start, start + 120_000, count);
  }

  @Test
  void should_match_when_every_window_has_its_expected_count() {
    ComparisonResult r =
        WindowComparison.compare(
            List.of(truth("a", 0, 3), truth("a", 120_000, 4)),
            List.of(seen("a", 120_000, 4), seen("a", 0, 3)));

    assertThat(r.matches()).isTrue();
    assertThat(r.mismatches()).isEmpty();
    assertThat(r.count(Kind.MATCHED)).isEqualTo(2);
    assertThat(r.totalExpected()).isEqualTo(7);
    assertThat(r.totalObserved()).isEqualTo(7);
  }

  @Test
  void should_report_lost_clicks_when_window_count_is_low() {
    ComparisonResult r =
        WindowComparison.compare(List.of(truth("a", 0, 5)), List.of(seen("a", 0, 3)));

    assertThat(r.matches()).isFalse();
    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, 3L, Kind.LOST_CLICKS));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(-2);
  }

  @Test
  void should_report_duplicated_clicks_when_window_count_is_high() {
    ComparisonResult r =
        WindowComparison.compare(List.of(truth("a", 0, 5)), List.of(seen("a", 0, 6)));

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, 6L, Kind.DUPLICATED_CLICKS));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(1);
  }

  @Test
  void should_report_a_missing_window() {
    ComparisonResult r = WindowComparison.compare(List.of(truth("a", 0, 5)), List.of());

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, null, Kind.MISSING_WINDOW));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(-5);
  }

  @Test
  void should_report_an_unexpected_window() {
    ComparisonResult r = WindowComparison.compare(List.of(), List.of(seen("zz", 0, 2)));

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("zz", 0, 120_000, 0, 2L, Kind.UNEXPECTED_WINDOW));
    assertThat(r.count(Kind.UNEXPECTED_WINDOW)).isEqualTo(1);
  }

  @Test
  void should_match_an_absent_window_whose_clicks_were_all_late() {
    WindowTruth allLate = new WindowTruth("a", 0, 120_000, 4, 0, 4, 0);

    ComparisonResult absent = WindowComparison.compare(List.of(allLate), List.of());
    assertThat(absent.matches()).isTrue();
    assertThat(absent.verdicts())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 0, null, Kind.MATCHED));

    ComparisonResult present = WindowComparison.compare(List.of(allLate), List.of(seen("a", 0, 1)));
    // Its clicks were due to be dropped: a row for it means late clicks were counted.
    assertThat(present.mismatches())
        .extracting(WindowVerdict::kind)
        .containsExactly(Kind.LATE_CLICKS_COUNTED);
  }

  @Test
  void should_sort_verdicts_by_campaign_then_window_and_count_every_kind() {
    ComparisonResult r =
        WindowComparison.compare(
            List.of(truth("b", 0, 1), truth("a", 120_000, 2), truth("a", 0, 3), truth("c", 0, 1)),
            List.of(seen("a", 0, 3), seen("b", 0, 2), seen("a", 120_000, 1), seen("d", 0, 1)));

    assertThat(r.verdicts())
        .extracting(WindowVerdict::campaignId, WindowVerdict::windowStartMs, WindowVerdict::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 0L, Kind.MATCHED),
            org.assertj.core.groups.Tuple.tuple("a", 120_000L, Kind.LOST_CLICKS),
            org.assertj.core.groups.Tuple.tuple("b", 0L, Kind.DUPLICATED_CLICKS),
            org.assertj.core.groups.Tuple.tuple("c", 0L, Kind.MISSING_WINDOW),
            org.assertj.core.groups.Tuple.tuple("d", 0L, Kind.UNEXPECTED_WINDOW));
    assertThat(r.countsByKind())
        .containsEntry(Kind.MATCHED, 1L)
        .containsEntry(Kind.LOST_CLICKS, 1L)
        .containsEntry(Kind.DUPLICATED_CLICKS, 1L)
        .containsEntry(Kind.MISSING_WINDOW, 1L)
        .containsEntry(Kind.UNEXPECTED_WINDOW, 1L);
  }

  @Test
  void should_use_the_largest_count_when_a_window_is_observed_twice() {
    ComparisonResult r =
        WindowComparison.compare(
            List.of(truth("a", 0, 5)), List.of(seen("a", 0, 2), seen("a", 0, 5)));
    assertThat(r.matches()).isTrue();
  }

  @Test
  void should_attribute_a_surplus_within_the_late_clicks_to_late_clicks_counted() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 12, 10, 2, 0, 0);
    var r = WindowComparison.compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 12)));
    assertThat(r.verdicts())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_COUNTED);
              assertThat(v.difference()).isEqualTo(2);
            });
    var beyond =
        WindowComparison.compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 13)));
    assertThat(beyond.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.DUPLICATED_CLICKS);
  }

  @Test
  void should_attribute_a_deficit_within_the_grace_kept_clicks_to_late_clicks_dropped() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 10, 10, 0, 0, 3);
    var r = WindowComparison.compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 7)));
    assertThat(r.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_DROPPED);
    var beyond =
        WindowComparison.compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 6)));
    assertThat(beyond.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LOST_CLICKS);
  }

  @Test
  void should_call_a_row_for_a_window_whose_clicks_were_all_late_late_clicks_counted() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 2, 0, 2, 0, 0);
    var r = WindowComparison.compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 2)));
    assertThat(r.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_COUNTED);
  }
}
