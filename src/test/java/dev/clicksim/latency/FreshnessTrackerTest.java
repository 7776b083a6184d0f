package dev.clicksim.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.TableTimeline;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

  private static final long MS = 1_000_000L;

  private static ObservedWindow row(String c, long count) {
    return new ObservedWindow(c, 0, 120_000, count);
  }

  @Test
  void should_time_each_click_from_its_ack_to_the_first_poll_that_counts_it() {
    FreshnessTracker t = new FreshnessTracker();
    t.window("a", 0).acked(1, 100 * MS);
    t.window("a", 0).acked(2, 110 * MS);
    t.window("a", 0).acked(3, 120 * MS);
    t.observe(List.of(row("a", 2)), 150 * MS); // clicks 1 and 2: 50 ms and 40 ms
    t.observe(List.of(row("a", 2)), 200 * MS); // nothing new
    t.observe(List.of(row("a", 3)), 260 * MS); // click 3: 140 ms
    Histogram h = t.visibility();
    assertThat(h.getTotalCount()).isEqualTo(3);
    assertThat(h.getMinValue()).isBetween(39_900L, 40_100L);
    assertThat(h.getMaxValue()).isBetween(139_900L, 140_100L);
  }

  @Test
  void should_count_zero_for_a_click_the_table_showed_before_its_ack_arrived() {
    FreshnessTracker t = new FreshnessTracker();
    t.window("a", 0).acked(1, 100 * MS);
    t.observe(List.of(row("a", 2)), 150 * MS);
    t.window("a", 0).acked(2, 160 * MS);
    Histogram h = t.visibility();
    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getMinValue()).isZero();
  }

  @Test
  void should_time_window_completion_from_the_last_counted_click_to_the_final_count() {
    FreshnessTracker t = new FreshnessTracker();
    t.window("a", 0).acked(1, 100 * MS);
    t.window("a", 0).acked(2, 300 * MS);
    t.window("b", 0).acked(1, 100 * MS);
    t.observe(List.of(row("a", 1), row("b", 1)), 200 * MS);
    t.observe(List.of(row("a", 2), row("b", 1)), 700 * MS);
    Histogram h =
        t.windowCompletion(
            List.of(
                new WindowTruth("a", 0, 120_000, 2, 2, 0, 0),
                new WindowTruth("b", 0, 120_000, 1, 1, 0, 0),
                new WindowTruth("c", 0, 120_000, 1, 1, 0, 0)));
    assertThat(h.getTotalCount()).as("c never showed up").isEqualTo(2);
    assertThat(h.getMaxValue()).isBetween(399_000L, 401_000L); // a: 700 - 300
    assertThat(h.getMinValue()).isBetween(99_000L, 101_000L); // b: 200 - 100
  }

  @Test
  void should_hold_only_clicks_not_yet_seen() {
    FreshnessTracker t = new FreshnessTracker();
    for (long place = 1; place <= 10_000; place++) {
      t.window("a", 0).acked(place, place * MS);
      if (place % 100 == 0) {
        t.observe(List.of(row("a", place)), place * MS + MS);
      }
    }
    assertThat(t.pendingClicksByCampaign()).isEmpty();
    assertThat(t.visibility().getTotalCount()).isEqualTo(10_000);
  }

  @Test
  void should_keep_each_window_and_the_catch_up_of_its_clicks_on_the_runs_clock() {
    FreshnessTracker t = new FreshnessTracker();
    t.sendingStarted(1_000 * MS);
    t.window("a", 0).acked(1, 1_020 * MS); // step 0
    t.window("a", 0).acked(2, 1_150 * MS); // step 1
    t.window("a", 0).acked(3, 1_160 * MS); // step 1, never shown
    t.window("b", 0).acked(1, 1_170 * MS); // step 1
    t.observe(List.of(row("a", 1)), 1_100 * MS);
    t.observe(List.of(row("a", 2), row("b", 1)), 1_400 * MS);

    TableTimeline timeline = t.timeline();

    assertThat(timeline.windows())
        .containsExactly(
            new TableTimeline.WindowTiming("a", 0, 0.02, 0.16, 0.4, 2),
            new TableTimeline.WindowTiming("b", 0, 0.17, 0.17, 0.4, 1));
    assertThat(timeline.catchUp())
        .containsExactly(
            new TableTimeline.CatchUpBucket(0.0, 1, 0, 0.1),
            new TableTimeline.CatchUpBucket(0.1, 2, 1, 0.4));
  }

  @Test
  void should_have_no_timeline_when_the_sending_start_was_never_said() {
    FreshnessTracker t = new FreshnessTracker();
    t.window("a", 0).acked(1, 100 * MS);
    t.observe(List.of(row("a", 1)), 200 * MS);

    assertThat(t.timeline()).isNull();
  }
}
