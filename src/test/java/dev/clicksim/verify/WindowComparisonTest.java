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

  /**
   * A row of window {@code start} whose rows end between {@code lowestEnd} and {@code highestEnd}.
   */
  private static ObservedWindow seen(
      String campaign, long start, Long lowestEnd, Long highestEnd, long count) {
    return new ObservedWindow(campaign, start, lowestEnd, highestEnd, count);
  }

  private static ComparisonResult compare(List<WindowTruth> truth, List<ObservedWindow> observed) {
    return WindowComparison.compare(truth, observed, WINDOW_MS);
  }

  private static final long WINDOW_MS = 120_000;
  private static final long MINUTE = 60_000;
  private static final long START = 1_764_358_320_000L; // 2026-11-28 19:32:00 UTC
  private static final long END = START + WINDOW_MS;

  @Test
  void should_match_when_every_window_has_its_expected_count() {
    ComparisonResult r =
        compare(
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
    ComparisonResult r = compare(List.of(truth("a", 0, 5)), List.of(seen("a", 0, 3)));

    assertThat(r.matches()).isFalse();
    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, 3L, Kind.LOST_CLICKS));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(-2);
  }

  @Test
  void should_report_duplicated_clicks_when_window_count_is_high() {
    ComparisonResult r = compare(List.of(truth("a", 0, 5)), List.of(seen("a", 0, 6)));

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, 6L, Kind.DUPLICATED_CLICKS));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(1);
  }

  @Test
  void should_report_a_missing_window() {
    ComparisonResult r = compare(List.of(truth("a", 0, 5)), List.of());

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 5, null, Kind.MISSING_WINDOW));
    assertThat(r.mismatches().get(0).difference()).isEqualTo(-5);
  }

  @Test
  void should_report_an_unexpected_window() {
    ComparisonResult r = compare(List.of(), List.of(seen("zz", 0, 2)));

    assertThat(r.mismatches())
        .containsExactly(new WindowVerdict("zz", 0, 120_000, 0, 2L, Kind.UNEXPECTED_WINDOW));
    assertThat(r.count(Kind.UNEXPECTED_WINDOW)).isEqualTo(1);
  }

  @Test
  void should_match_an_absent_window_whose_clicks_were_all_late() {
    WindowTruth allLate = new WindowTruth("a", 0, 120_000, 4, 0, 4, 0);

    ComparisonResult absent = compare(List.of(allLate), List.of());
    assertThat(absent.matches()).isTrue();
    assertThat(absent.verdicts())
        .containsExactly(new WindowVerdict("a", 0, 120_000, 0, null, Kind.MATCHED));

    ComparisonResult present = compare(List.of(allLate), List.of(seen("a", 0, 1)));
    // Its clicks were due to be dropped: a row for it means late clicks were counted.
    assertThat(present.mismatches())
        .extracting(WindowVerdict::kind)
        .containsExactly(Kind.LATE_CLICKS_COUNTED);
  }

  @Test
  void should_sort_verdicts_by_campaign_then_window_and_count_every_kind() {
    ComparisonResult r =
        compare(
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
        compare(List.of(truth("a", 0, 5)), List.of(seen("a", 0, 2), seen("a", 0, 5)));
    assertThat(r.matches()).isTrue();
  }

  @Test
  void should_attribute_a_surplus_within_the_late_clicks_to_late_clicks_counted() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 12, 10, 2, 0, 0);
    var r = compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 12)));
    assertThat(r.verdicts())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_COUNTED);
              assertThat(v.difference()).isEqualTo(2);
            });
    var beyond = compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 13)));
    assertThat(beyond.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.DUPLICATED_CLICKS);
  }

  @Test
  void should_attribute_a_deficit_within_the_grace_kept_clicks_to_late_clicks_dropped() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 10, 10, 0, 0, 3);
    var r = compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 7)));
    assertThat(r.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_DROPPED);
    var beyond = compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 6)));
    assertThat(beyond.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LOST_CLICKS);
  }

  @Test
  void should_call_a_row_for_a_window_whose_clicks_were_all_late_late_clicks_counted() {
    WindowTruth t = new WindowTruth("a", 0, 120_000, 2, 0, 2, 0, 0);
    var r = compare(List.of(t), List.of(new ObservedWindow("a", 0, 120_000, 2)));
    assertThat(r.verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LATE_CLICKS_COUNTED);
  }

  @Test
  void should_report_a_wrong_window_end_when_the_end_is_three_minutes_off_and_the_count_right() {
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5)),
            List.of(seen("a", START, END + 3 * MINUTE, END + 3 * MINUTE, 5)));

    assertThat(r.matches()).isFalse();
    assertThat(r.mismatches())
        .containsExactly(
            new WindowVerdict(
                "a",
                START,
                END,
                5,
                5L,
                Kind.WRONG_WINDOW_END,
                new WrongEnd(END + 3 * MINUTE, END + 3 * MINUTE)));
    assertThat(r.count(Kind.WRONG_WINDOW_END)).isEqualTo(1);
    assertThat(r.wrongEnds()).isEqualTo(1);
  }

  @Test
  void should_report_a_wrong_window_end_for_an_end_in_1970_a_null_end_and_one_millisecond_off() {
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5), truth("b", START, 5), truth("c", START, 5)),
            List.of(
                seen("a", START, 0L, 0L, 5),
                seen("b", START, null, null, 5),
                seen("c", START, END + 1, END + 1, 5)));

    assertThat(r.verdicts())
        .extracting(WindowVerdict::kind, WindowVerdict::wrongEnd)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.WRONG_WINDOW_END, new WrongEnd(0L, 0L)),
            org.assertj.core.groups.Tuple.tuple(Kind.WRONG_WINDOW_END, new WrongEnd(null, null)),
            org.assertj.core.groups.Tuple.tuple(
                Kind.WRONG_WINDOW_END, new WrongEnd(END + 1, END + 1)));
    assertThat(r.verdicts().get(1).wrongEnd().missing()).isTrue();
  }

  @Test
  void should_report_a_wrong_window_end_when_only_the_end_was_shifted_by_a_time_zone() {
    // Only one of the two timestamps converted: the end an hour off, as in Europe/Berlin winter.
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5)),
            List.of(seen("a", START, END - 60 * MINUTE, END - 60 * MINUTE, 5)));

    assertThat(r.verdicts().get(0).kind()).isEqualTo(Kind.WRONG_WINDOW_END);
    assertThat(r.verdicts().get(0).wrongEnd().lowestMs()).isEqualTo(END - 60 * MINUTE);
  }

  @Test
  void should_keep_the_count_class_and_mark_the_wrong_end_when_both_are_wrong() {
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5), truth("a", START + WINDOW_MS, 5)),
            List.of(seen("a", START, 0L, 0L, 3), seen("a", START + WINDOW_MS, null, null, 7)));

    assertThat(r.verdicts())
        .extracting(WindowVerdict::kind, WindowVerdict::endWrong, WindowVerdict::difference)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.LOST_CLICKS, true, -2L),
            org.assertj.core.groups.Tuple.tuple(Kind.DUPLICATED_CLICKS, true, 2L));
    assertThat(r.count(Kind.WRONG_WINDOW_END)).isZero();
    assertThat(r.wrongEnds()).isEqualTo(2);
  }

  @Test
  void should_report_a_wrong_end_when_rows_of_one_window_disagree_even_if_the_largest_is_right() {
    // Insert layout: a row per update; the last (largest) row ends right, an earlier one does not.
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5)),
            List.of(seen("a", START, END + 3 * MINUTE, END + 3 * MINUTE, 2), seen("a", START, 5)));

    assertThat(r.verdicts())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.WRONG_WINDOW_END);
              assertThat(v.observed()).isEqualTo(5L);
              assertThat(v.wrongEnd()).isEqualTo(new WrongEnd(END, END + 3 * MINUTE));
              assertThat(v.wrongEnd().rowsDisagree()).isTrue();
            });
    assertThat(compare(List.of(truth("a", START, 5)), List.of(seen("a", START, END, END + 1, 5))))
        .satisfies(c -> assertThat(c.verdicts().get(0).kind()).isEqualTo(Kind.WRONG_WINDOW_END));
  }

  @Test
  void should_report_a_wrong_end_when_one_of_two_rows_of_a_window_holds_none() {
    ComparisonResult r =
        compare(
            List.of(truth("a", START, 5)),
            List.of(seen("a", START, 5), seen("a", START, null, null, 1)));

    assertThat(r.verdicts().get(0).wrongEnd()).isEqualTo(new WrongEnd(null, null));
  }

  @Test
  void should_mark_the_wrong_end_of_an_unexpected_window_and_keep_its_table_end() {
    ComparisonResult r =
        compare(
            List.of(),
            List.of(
                seen("a", START, END + MINUTE, END + MINUTE, 2),
                seen("b", START, null, null, 2),
                seen("c", START, 2)));

    assertThat(r.verdicts())
        .extracting(WindowVerdict::kind, WindowVerdict::windowEndMs, WindowVerdict::wrongEnd)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Kind.UNEXPECTED_WINDOW, END + MINUTE, new WrongEnd(END + MINUTE, END + MINUTE)),
            org.assertj.core.groups.Tuple.tuple(
                Kind.UNEXPECTED_WINDOW, END, new WrongEnd(null, null)),
            org.assertj.core.groups.Tuple.tuple(Kind.UNEXPECTED_WINDOW, END, null));
  }

  @Test
  void should_refuse_a_matched_verdict_with_a_wrong_end_and_ends_out_of_order() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new WindowVerdict("a", 0, 1, 1, 1L, Kind.MATCHED, new WrongEnd(2L, 2L)))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new WindowVerdict("a", 0, 1, 1, 1L, Kind.WRONG_WINDOW_END, null))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ObservedWindow("a", 0, 5L, 4L, 1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ObservedWindow("a", 0, null, 4L, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
