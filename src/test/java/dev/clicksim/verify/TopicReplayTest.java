package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.window.WindowSpec;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class TopicReplayTest {
  private static final long MINUTE = 60_000;
  private static final WindowSpec SPEC = WindowSpec.DEFAULT; // 2 min windows, 1 min grace

  /** Campaigns of run r1. and of another run r2. on one partition. */
  private static final ToIntFunction<String> ALL_ON_ZERO = campaign -> 0;

  private static TopicReplay replay(ToIntFunction<String> partitions, Map<Integer, Long> before) {
    return new TopicReplay("r1.", SPEC, partitions, before);
  }

  @Test
  void should_predict_a_click_late_when_another_producer_moved_stream_time_ahead() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 0, "r1.a", "r1.e0");
    replay.accept(0, 7 * MINUTE, "r2.b", "r2.e0"); // another run, same partition
    replay.accept(0, MINUTE, "r1.a", "r1.e1"); // window end 2 min + grace 1 min <= 7 min: late

    TopicReplay.Result r = replay.result();

    assertThat(r.windows()).hasSize(1);
    TopicWindow w = r.windows().get(0);
    assertThat(w.campaignId()).isEqualTo("r1.a");
    assertThat(w.delivered()).isEqualTo(2);
    assertThat(w.countedMin()).isEqualTo(1);
    assertThat(w.countedMax()).isEqualTo(1);
    assertThat(w.bounded()).isFalse();
    assertThat(w.lateWitnesses()).containsExactly("r1.e1");
    assertThat(r.records()).isEqualTo(3);
    assertThat(r.runRecords()).isEqualTo(2);
  }

  @Test
  void should_count_a_click_within_grace_and_say_so() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 2 * MINUTE + 30_000, "r2.b", "x");
    replay.accept(0, MINUTE, "r1.a", "r1.e0"); // stream time past the end, within grace

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.countedMin()).isEqualTo(1);
    assertThat(w.countedInGrace()).isEqualTo(1);
    assertThat(w.lateWitnesses()).isEmpty();
  }

  @Test
  void should_bound_the_prediction_when_records_reach_the_partition_from_another_input_partition() {
    // r2.b's records sit on input partition 1 but count on repartition partition 0, where r1.a's
    // clicks are: when they arrive there relative to r1.a's is not known.
    TopicReplay replay = replay(campaign -> 0, Map.of());
    replay.accept(0, 0, "r1.a", "r1.e0");
    replay.accept(0, MINUTE, "r1.a", "r1.e1");
    replay.accept(1, 7 * MINUTE, "r2.b", "r2.e0");

    TopicReplay.Result r = replay.result();

    TopicWindow w = r.windows().get(0);
    assertThat(w.bounded()).isTrue();
    assertThat(w.countedMin()).isZero();
    assertThat(w.countedMax()).isEqualTo(2);
    assertThat(w.ambiguousWitnesses()).containsExactly("r1.e0", "r1.e1");
    assertThat(r.crossPartition()).isEqualTo(1);
    assertThat(r.boundedPartitions()).containsExactly(0);
    assertThat(r.boundedWindows()).containsExactly(w);
  }

  @Test
  void should_keep_the_prediction_exact_when_cross_partition_records_are_too_early_to_matter() {
    TopicReplay replay = replay(campaign -> 0, Map.of());
    replay.accept(1, 0, "r2.b", "r2.e0");
    replay.accept(0, MINUTE, "r1.a", "r1.e0");

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.bounded()).isFalse();
    assertThat(w.countedMin()).isEqualTo(1);
  }

  @Test
  void should_count_repeated_event_ids_with_the_most_repeated_first() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 0, "r1.a", "r1.e5");
    replay.accept(0, 1, "r1.a", "r1.e9");
    replay.accept(0, 2, "r1.a", "r1.e5");
    replay.accept(0, 3, "r1.a", "r1.e9");
    replay.accept(0, 4, "r1.a", "r1.e5");
    replay.accept(0, 5, "r1.a", "r1.ez");

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.delivered()).isEqualTo(6);
    assertThat(w.repeatedDeliveries()).isEqualTo(3);
    assertThat(w.repeatedWitnesses()).containsExactly("r1.e5 x3", "r1.e9");
    assertThat(w.countedMin()).isEqualTo(6);
    assertThat(w.droppedRepeats()).isZero();
  }

  @Test
  void should_count_a_repeat_that_arrives_late_as_a_dropped_repeat() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 0, "r1.a", "r1.e0");
    replay.accept(0, 7 * MINUTE, "r1.b", "r1.e1");
    replay.accept(0, 0, "r1.a", "r1.e0"); // a producer retry, long after: late

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.repeatedDeliveries()).isEqualTo(1);
    assertThat(w.droppedRepeats()).isEqualTo(1);
    assertThat(w.countedMax()).isEqualTo(1);
  }

  @Test
  void should_count_repeats_of_event_ids_of_another_shape_too() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 0, "r1.a", "retry-1");
    replay.accept(0, 1, "r1.a", "retry-1");
    replay.accept(0, 2, "r1.a", "r1.e00"); // a leading zero: not a clicksim id, kept as text
    replay.accept(0, 3, "r1.a", null);

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.repeatedDeliveries()).isEqualTo(1);
    assertThat(w.repeatedWitnesses()).containsExactly("retry-1");
  }

  @Test
  void should_not_let_a_record_without_a_campaign_advance_stream_time() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of());
    replay.accept(0, 7 * MINUTE, null, "junk"); // never reaches the repartition topic
    replay.accept(0, 0, "r1.a", "r1.e0");

    TopicReplay.Result r = replay.result();

    assertThat(r.windows().get(0).countedMin()).isEqualTo(1);
    assertThat(r.uncounted()).isEqualTo(1);
  }

  @Test
  void should_start_from_the_stream_time_recorded_before_the_run() {
    TopicReplay replay = replay(ALL_ON_ZERO, Map.of(0, 7 * MINUTE));
    replay.accept(0, 0, "r1.a", "r1.e0");

    TopicWindow w = replay.result().windows().get(0);

    assertThat(w.countedMax()).isZero();
    assertThat(w.lateWitnesses()).containsExactly("r1.e0");
  }

  @Test
  void should_keep_partitions_apart() {
    TopicReplay replay = replay(campaign -> campaign.endsWith("a") ? 0 : 1, Map.of());
    replay.accept(1, 7 * MINUTE, "r2.b", "x");
    replay.accept(0, 0, "r1.a", "r1.e0");

    assertThat(replay.result().windows().get(0).countedMin()).isEqualTo(1);
  }
}
