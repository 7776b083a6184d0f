package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SettlerTest {

  private static final ObservedWindow A3 = new ObservedWindow("a", 0, 120_000, 3);
  private static final ObservedWindow A5 = new ObservedWindow("a", 0, 120_000, 5);

  /** A clock that only moves when the settler pauses. */
  private long nanos;

  private Settler settler(Duration quiet, Duration timeout) {
    return new Settler(
        Duration.ofMillis(100), quiet, timeout, () -> nanos, d -> nanos += d.toNanos());
  }

  private static Supplier<List<ObservedWindow>> polls(List<List<ObservedWindow>> sequence) {
    Deque<List<ObservedWindow>> q = new ArrayDeque<>(sequence);
    return () -> q.size() > 1 ? q.poll() : q.peek();
  }

  @Test
  void should_stop_at_once_when_every_window_matches() throws Exception {
    Settler.Settled s =
        settler(Duration.ofSeconds(5), Duration.ofSeconds(60))
            .await(
                polls(List.of(List.of(), List.of(A3), List.of(A5))),
                o -> o.equals(List.of(A5)),
                o -> !o.isEmpty());
    assertThat(s.reason()).isEqualTo(Settler.Reason.MATCHED);
    assertThat(s.polls()).isEqualTo(3);
    assertThat(s.waited()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void should_settle_when_all_windows_are_present_and_quiet_for_the_period() throws Exception {
    Settler.Settled s =
        settler(Duration.ofSeconds(1), Duration.ofSeconds(60))
            .await(polls(List.of(List.of(), List.of(A3))), o -> false, o -> !o.isEmpty());
    assertThat(s.reason()).isEqualTo(Settler.Reason.QUIET);
    assertThat(s.observed()).containsExactly(A3);
    // A3 first seen after one pause, then quiet for a full second.
    assertThat(s.waited()).isEqualTo(Duration.ofMillis(1100));
  }

  @Test
  void should_keep_waiting_while_a_window_is_missing_until_the_timeout() throws Exception {
    Settler.Settled s =
        settler(Duration.ofSeconds(1), Duration.ofSeconds(3))
            .await(polls(List.of(List.of())), o -> false, o -> !o.isEmpty());
    assertThat(s.reason()).isEqualTo(Settler.Reason.TIMEOUT);
    assertThat(s.waited()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void should_restart_the_quiet_period_when_a_count_changes() throws Exception {
    Settler.Settled s =
        settler(Duration.ofMillis(300), Duration.ofSeconds(60))
            .await(
                polls(List.of(List.of(A3), List.of(A3), List.of(A5))),
                o -> false,
                o -> !o.isEmpty());
    assertThat(s.reason()).isEqualTo(Settler.Reason.QUIET);
    assertThat(s.observed()).containsExactly(A5);
    assertThat(s.waited()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void should_settle_on_quiet_counts_while_a_wrong_end_keeps_changing() throws Exception {
    // Counts complete and still, the end rewritten on every poll: the wait ends after the quiet
    // period, with the latest poll, not at the timeout.
    ObservedWindow endA = new ObservedWindow("a", 0, 1L, 1L, 5);
    ObservedWindow endB = new ObservedWindow("a", 0, 2L, 2L, 5);
    ObservedWindow endC = new ObservedWindow("a", 0, 3L, 3L, 5);
    ObservedWindow endD = new ObservedWindow("a", 0, 4L, 4L, 5);
    Settler.Settled s =
        settler(Duration.ofMillis(300), Duration.ofSeconds(60))
            .await(
                polls(List.of(List.of(endA), List.of(endB), List.of(endC), List.of(endD))),
                o -> false,
                o -> !o.isEmpty());
    assertThat(s.reason()).isEqualTo(Settler.Reason.QUIET);
    assertThat(s.waited()).isEqualTo(Duration.ofMillis(300));
    assertThat(s.observed()).containsExactly(endD);
  }
}
