package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clicksim.verify.FaultImpact.FiredFault;
import dev.clicksim.verify.FaultImpact.Impact;
import dev.clicksim.verify.FaultImpact.Recovery;
import dev.clicksim.verify.FaultImpact.StageCost;
import dev.clicksim.verify.FaultImpact.WindowCost;
import dev.clicksim.verify.TableTimeline.CatchUpBucket;
import dev.clicksim.verify.TableTimeline.WindowTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fault's recovery and cost from the table's timeline, on the run's clock (seconds). */
class FaultImpactTest {

  private static final WindowKey A = new WindowKey("r1.a", 0);
  private static final WindowKey B = new WindowKey("r1.b", 0);
  private static final WindowKey C = new WindowKey("r1.c", 0);

  private static CatchUpBucket seen(double at, long clicks, double lastSeen) {
    return new CatchUpBucket(at, clicks, 0, lastSeen);
  }

  private static WindowTiming timing(WindowKey k, double firstAck, Double finalSeen) {
    return new WindowTiming(k.campaignId(), k.windowStartMs(), firstAck, firstAck, finalSeen, 1);
  }

  private static WindowCost lost(WindowKey k, String stage, long clicks) {
    return new WindowCost(k, List.of(new StageCost(stage, clicks, 0)));
  }

  private static TableTimeline timeline(List<CatchUpBucket> catchUp, WindowTiming... windows) {
    return new TableTimeline(List.of(windows), catchUp);
  }

  @Test
  void
      should_time_recovery_from_the_firing_to_the_poll_that_showed_the_last_click_acked_before_the_fault_was_done() {
    // A 5 s pause at 10 s: clicks acked up to its end wait for it; the last of them is seen at
    // 17.3.
    TableTimeline t =
        timeline(
            List.of(
                seen(9.0, 10, 9.4), // shown before the fault: no part of its recovery
                seen(9.8, 10, 15.6),
                seen(14.9, 10, 17.3),
                seen(15.0, 10, 17.1), // acked once the pause was over: not waited for
                seen(20.0, 10, 22.0)));

    Recovery r =
        FaultImpact.of(List.of(new FiredFault("pause:postgres@30%/5s", 10.0, 15.0)), t, List.of())
            .faults()
            .get(0)
            .recovery();

    assertThat(r.problem()).isNull();
    assertThat(r.recoverySeconds()).isCloseTo(7.3, within(1e-9));
    assertThat(r.caughtUpAtSeconds()).isEqualTo(17.3);
    assertThat(r.clicksAwaited()).isEqualTo(20);
    assertThat(r.clicksNeverShown()).isZero();
  }

  @Test
  void should_take_a_kill_as_done_when_it_fired() {
    TableTimeline t = timeline(List.of(seen(4.9, 3, 9.0), seen(5.1, 3, 9.5)));

    Recovery r =
        FaultImpact.of(List.of(new FiredFault("kill:postgres@50%", 5.0, null)), t, List.of())
            .faults()
            .get(0)
            .recovery();

    assertThat(r.recoverySeconds()).as("the bucket of 4.9 s waited until 9.0").isEqualTo(4.0);
  }

  @Test
  void should_recover_at_once_when_nothing_acked_before_the_fault_was_waiting() {
    TableTimeline t = timeline(List.of(seen(1.0, 5, 1.5), seen(8.0, 5, 8.2)));

    Recovery r =
        FaultImpact.of(List.of(new FiredFault("restart:postgres@50%", 5.0, 5.5)), t, List.of())
            .faults()
            .get(0)
            .recovery();

    assertThat(r.recoverySeconds()).isZero();
    assertThat(r.clicksAwaited()).isZero();
  }

  @Test
  void should_not_let_clicks_the_table_never_showed_hold_the_recovery_back() {
    TableTimeline t = timeline(List.of(new CatchUpBucket(9.5, 6, 4, 12.0), seen(11.0, 5, 12.5)));

    Recovery r =
        FaultImpact.of(List.of(new FiredFault("kill:postgres@30%", 10.0, null)), t, List.of())
            .faults()
            .get(0)
            .recovery();

    assertThat(r.recoverySeconds()).isEqualTo(2.0);
    assertThat(r.clicksNeverShown()).isEqualTo(4);
  }

  @Test
  void should_say_the_table_did_not_catch_up_when_it_showed_nothing_acked_after_the_fault() {
    TableTimeline t = timeline(List.of(seen(9.5, 6, 9.8), new CatchUpBucket(11.0, 0, 7, null)));

    Recovery r =
        FaultImpact.of(List.of(new FiredFault("kill:postgres@30%", 10.0, null)), t, List.of())
            .faults()
            .get(0)
            .recovery();

    assertThat(r.recoverySeconds()).isNull();
    assertThat(r.caughtUpAtSeconds()).isNull();
    assertThat(r.problem())
        .isEqualTo(
            "not caught up: the table showed none of the 7 clicks acknowledged after the fault");
  }

  @Test
  void should_charge_a_window_to_the_fault_whose_interval_meets_its_clicks_in_flight() {
    // Fault 1 fires at 10 and the table catches up at 14; fault 2 fires at 20 and catches up at 21.
    TableTimeline t =
        timeline(
            List.of(seen(9.9, 1, 14.0), seen(19.9, 1, 21.0)),
            timing(A, 8.0, 12.0), // in flight across fault 1
            timing(B, 15.0, 16.0), // between the two intervals
            timing(C, 19.5, null)); // never shown: in flight from 19.5 on

    FaultImpact.Result result =
        FaultImpact.of(
            List.of(
                new FiredFault("kill:postgres@30%", 10.0, null),
                new FiredFault("kill:aggregation@60%", 20.0, null)),
            t,
            List.of(
                lost(A, "sink", 4),
                lost(B, "sink", 1),
                new WindowCost(C, List.of(new StageCost("aggregation", 0, 3)))));

    Impact first = result.faults().get(0);
    Impact second = result.faults().get(1);
    assertThat(first.intervalEndSeconds()).isEqualTo(14.0);
    assertThat(first.windows()).containsExactly(A);
    assertThat(first.cost()).containsExactly(new StageCost("sink", 4, 0));
    assertThat(second.windows()).containsExactly(C);
    assertThat(second.cost()).containsExactly(new StageCost("aggregation", 0, 3));
    assertThat(result.notAttributableWindows()).containsExactly(B);
    assertThat(result.notAttributable()).containsExactly(new StageCost("sink", 1, 0));
  }

  @Test
  void should_end_an_interval_at_the_next_fault_and_charge_the_earlier_fault_first() {
    // Fault 1 never catches up before fault 2 fires: its interval ends at fault 2.
    TableTimeline t =
        timeline(
            List.of(seen(4.9, 1, 30.0), seen(10.1, 1, 30.5)),
            timing(A, 4.0, 30.0),
            timing(B, 12.0, 30.0));

    FaultImpact.Result result =
        FaultImpact.of(
            List.of(
                new FiredFault("pause:postgres@10%/5s", 5.0, 10.0),
                new FiredFault("restart:postgres@20%", 11.0, 12.0)),
            t,
            List.of(lost(A, "sink", 2), lost(B, "sink", 1), lost(A, "aggregation", 1)));

    assertThat(result.faults().get(0).intervalEndSeconds()).isEqualTo(11.0);
    assertThat(result.faults().get(0).windows()).containsExactly(A, A);
    assertThat(result.faults().get(0).cost())
        .containsExactly(new StageCost("sink", 2, 0), new StageCost("aggregation", 1, 0));
    assertThat(result.faults().get(1).windows()).containsExactly(B);
    assertThat(result.notAttributableWindows()).isEmpty();
  }

  @Test
  void should_attribute_nothing_and_measure_no_recovery_without_a_timeline() {
    FaultImpact.Result result =
        FaultImpact.of(
            List.of(new FiredFault("kill:postgres@30%", 10.0, null)),
            null,
            List.of(lost(A, "table", 2)));

    assertThat(result.faults().get(0).recovery().recoverySeconds()).isNull();
    assertThat(result.faults().get(0).recovery().problem()).startsWith("not measured");
    assertThat(result.faults().get(0).windows()).isEmpty();
    assertThat(result.notAttributable()).containsExactly(new StageCost("table", 2, 0));
  }

  @Test
  void should_leave_every_difference_not_attributable_in_a_run_without_faults() {
    TableTimeline t = timeline(List.of(seen(1.0, 1, 2.0)), timing(A, 1.0, 2.0));

    FaultImpact.Result result = FaultImpact.of(List.of(), t, List.of(lost(A, "sink", 1)));

    assertThat(result.faults()).isEmpty();
    assertThat(result.notAttributableWindows()).containsExactly(A);
  }
}
