package dev.clicksim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ThreeWayAccounting.AccountedWindow;
import dev.clicksim.verify.WindowVerdict.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ThreeWayAccountingTest {
  private static final long SIZE = 120_000;
  private static final WindowKey A0 = new WindowKey("r1.a", 0);

  private static WindowTruth truth(long sent, long expected, long dropped, long duplicates) {
    return new WindowTruth("r1.a", 0, SIZE, sent, expected, dropped, duplicates);
  }

  private static TopicWindow topic(
      long delivered, long repeated, long countedMin, long countedMax, List<String> repeats) {
    return new TopicWindow(
        "r1.a",
        0,
        SIZE,
        delivered,
        repeated,
        0,
        countedMin,
        countedMax,
        0,
        List.of("r1.e7"),
        countedMin == countedMax ? List.of() : List.of("r1.e8"),
        repeats);
  }

  private static TopicReplay.Result topicOf(TopicWindow... windows) {
    Set<Integer> none = new TreeSet<>();
    return new TopicReplay.Result(List.of(windows), 0, 0, 0, 0, new TreeSet<>(none));
  }

  private static ObservedWindow row(long count) {
    return new ObservedWindow("r1.a", 0, SIZE, count);
  }

  private static AccountedWindow only(ThreeWayAccounting.Accounted a) {
    assertThat(a.windows()).hasSize(1);
    return a.windows().get(0);
  }

  @Test
  void should_match_when_the_topic_explains_late_drops_the_truth_did_not_predict() {
    // The truth, blind to another run's clicks, counts both; the topic's order drops one.
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(2, 2, 0, 0)), topicOf(topic(2, 0, 1, 1, List.of())), SIZE);

    assertThat(acc.matches(List.of(row(1)))).isTrue();
    assertThat(acc.matches(List.of(row(2)))).isFalse();
    ThreeWayAccounting.Accounted a = acc.conclude(List.of(row(1)), Map.of(A0, 1L), SIZE);

    AccountedWindow w = only(a);
    assertThat(w.verdict().kind()).isEqualTo(Kind.MATCHED);
    assertThat(w.findings()).isEmpty();
    assertThat(w.note())
        .startsWith("late drops explained by the topic: 1 click late")
        .contains("r1.e7");
    assertThat(a.lateDropsExplained()).isEqualTo(1);
    assertThat(a.comparison().matches()).isTrue();
  }

  @Test
  void should_attribute_a_retry_duplicate_to_kafka_with_its_event_id() {
    // One intended duplicate delivery, and one more repeat in the topic than that.
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(4, 4, 0, 1)), topicOf(topic(5, 2, 5, 5, List.of("r1.e3 x3"))), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(5)), Map.of(A0, 5L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.DUPLICATED_CLICKS);
    assertThat(w.findings())
        .containsExactly(
            new StageFinding(
                Stage.DUPLICATED_INTO_KAFKA,
                StageFinding.Effect.ADDED,
                "duplicated into Kafka (an event id more often than the scenario delivers it)",
                1,
                List.of("r1.e3 x3")));
    assertThat(w.describeFindings())
        .isEqualTo(
            "1 click duplicated into Kafka (an event id more often than the scenario delivers it)"
                + " (eventIds r1.e3 x3)");
  }

  @Test
  void should_match_when_a_retry_duplicate_of_a_late_click_is_dropped_too() {
    // r1.e0 repeated once more than intended, and that repeat arrived late: nothing extra counted.
    TopicWindow w =
        new TopicWindow(
            "r1.a", 0, SIZE, 3, 1, 1, 2, 2, 0, List.of("r1.e0"), List.of(), List.of("r1.e0"));
    ThreeWayAccounting acc = ThreeWayAccounting.of(List.of(truth(2, 2, 0, 0)), topicOf(w), SIZE);

    AccountedWindow a = only(acc.conclude(List.of(row(2)), Map.of(A0, 2L), SIZE));

    assertThat(a.verdict().matched()).isTrue();
    assertThat(a.stage()).isEqualTo(Stage.DUPLICATED_INTO_KAFKA); // said, though it cost nothing
  }

  @Test
  void should_wait_for_the_table_to_count_a_duplicate_the_topic_holds() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 3, 0, 0)), topicOf(topic(5, 2, 5, 5, List.of("r1.e1 x3"))), SIZE);

    // Equal to the truth, but the windowed count has yet to take in the two copies.
    assertThat(acc.matches(List.of(row(3)))).isFalse();
    assertThat(acc.matches(List.of(row(5)))).isTrue();
    AccountedWindow w = only(acc.conclude(List.of(row(5)), Map.of(A0, 5L), SIZE));
    assertThat(w.verdict().kind()).isEqualTo(Kind.DUPLICATED_CLICKS);
    assertThat(w.findings())
        .extracting(StageFinding::stage)
        .containsExactly(Stage.DUPLICATED_INTO_KAFKA);
  }

  @Test
  void should_not_count_the_scenarios_own_duplicates_as_duplicated_into_kafka() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(4, 4, 0, 1)), topicOf(topic(4, 1, 4, 4, List.of("r1.e3"))), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(4)), Map.of(A0, 4L), SIZE));

    assertThat(w.verdict().matched()).isTrue();
    assertThat(w.findings()).isEmpty();
  }

  @Test
  void should_attribute_a_corrupted_row_to_the_sink() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 3, 0, 0)), topicOf(topic(3, 0, 3, 3, List.of())), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(7)), Map.of(A0, 3L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.DUPLICATED_CLICKS);
    assertThat(w.stage()).isEqualTo(Stage.SINK);
    assertThat(w.findings()).hasSize(1);
    assertThat(w.findings().get(0).clicks()).isEqualTo(4);
    assertThat(w.findings().get(0).anomaly())
        .isEqualTo("added by the sink (table 7, the output topic's last count 3)");
  }

  @Test
  void should_attribute_a_missing_row_the_output_topic_has_to_the_sink() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 3, 0, 0)), topicOf(topic(3, 0, 3, 3, List.of())), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(), Map.of(A0, 3L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.MISSING_WINDOW);
    assertThat(w.describeFindings())
        .isEqualTo("3 clicks not (yet) written by the sink (the output topic's last count is 3)");
  }

  @Test
  void should_attribute_clicks_the_topic_lacks_to_never_reached_kafka() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(5, 5, 0, 0)), topicOf(topic(3, 0, 3, 3, List.of())), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(3)), Map.of(A0, 3L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.LOST_CLICKS);
    assertThat(w.verdict().expected()).isEqualTo(5);
    assertThat(w.findings())
        .extracting(StageFinding::stage, StageFinding::clicks)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Stage.NEVER_REACHED_KAFKA, 2L));
  }

  @Test
  void should_attribute_a_window_no_record_reached_to_never_reached_kafka() {
    ThreeWayAccounting acc = ThreeWayAccounting.of(List.of(truth(3, 3, 0, 0)), topicOf(), SIZE);

    assertThat(acc.hasEveryWindow(List.of())).isTrue(); // the pipeline has nothing to write
    AccountedWindow w = only(acc.conclude(List.of(), Map.of(), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.MISSING_WINDOW);
    assertThat(w.stage()).isEqualTo(Stage.NEVER_REACHED_KAFKA);
    assertThat(w.findings()).hasSize(1);
  }

  @Test
  void should_attribute_a_double_count_to_the_aggregation() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 3, 0, 0)), topicOf(topic(3, 0, 3, 3, List.of())), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(5)), Map.of(A0, 5L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.DUPLICATED_CLICKS);
    assertThat(w.describeFindings())
        .isEqualTo("2 clicks doubled by the aggregation (the topic makes it 3)");
  }

  @Test
  void should_name_late_clicks_the_aggregation_counted() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 2, 1, 0)), topicOf(topic(3, 0, 2, 2, List.of())), SIZE);

    AccountedWindow w = only(acc.conclude(List.of(row(3)), Map.of(A0, 3L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.LATE_CLICKS_COUNTED);
    assertThat(w.describeFindings())
        .isEqualTo(
            "1 click counted although late by the aggregation (the topic makes it 2) (eventIds"
                + " r1.e7)");
  }

  @Test
  void should_join_aggregation_and_sink_when_the_output_topic_was_not_read() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(3, 3, 0, 0)), topicOf(topic(3, 0, 3, 3, List.of())), SIZE);

    ThreeWayAccounting.Accounted a = acc.conclude(List.of(row(1)), null, SIZE);

    assertThat(a.outputRead()).isFalse();
    assertThat(only(a).describeFindings())
        .isEqualTo("2 clicks lost by the aggregation or sink (the topic makes it 3)");
    assertThat(a.clicksByStage()).containsEntry(Stage.AGGREGATION_OR_SINK, 2L);
  }

  @Test
  void should_accept_any_count_within_a_bounded_window_and_name_it() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(2, 2, 0, 0)), topicOf(topic(2, 0, 0, 2, List.of())), SIZE);

    assertThat(acc.matches(List.of(row(1)))).isTrue();
    assertThat(acc.matches(List.of())).isTrue(); // both dropped is one of the outcomes
    assertThat(acc.matches(List.of(row(3)))).isFalse();
    ThreeWayAccounting.Accounted a = acc.conclude(List.of(row(1)), Map.of(A0, 1L), SIZE);

    assertThat(only(a).verdict().matched()).isTrue();
    assertThat(a.bounded()).hasSize(1);
    assertThat(only(a).note())
        .startsWith("bounded: 2 clicks")
        .contains("from 0 to 2")
        .contains("r1.e8");
  }

  @Test
  void should_attribute_records_of_the_run_the_truth_lacks_to_unexpected_in_kafka() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(List.of(), topicOf(topic(2, 0, 2, 2, List.of())), SIZE);

    assertThat(acc.matches(List.of(row(2)))).isTrue(); // caught up with the topic
    AccountedWindow w = only(acc.conclude(List.of(row(2)), Map.of(A0, 2L), SIZE));

    assertThat(w.verdict().kind()).isEqualTo(Kind.UNEXPECTED_WINDOW);
    assertThat(w.stage()).isEqualTo(Stage.UNEXPECTED_IN_KAFKA);
  }

  @Test
  void should_refuse_a_row_no_window_expects_while_settling() {
    ThreeWayAccounting acc =
        ThreeWayAccounting.of(
            List.of(truth(2, 2, 0, 0)), topicOf(topic(2, 0, 2, 2, List.of())), SIZE);

    assertThat(acc.matches(List.of(row(2), new ObservedWindow("r1.b", 0, SIZE, 1)))).isFalse();
    assertThat(acc.matches(List.of(new ObservedWindow("r1.0", 0, SIZE, 1), row(2)))).isFalse();
    assertThat(acc.matches(List.of(new ObservedWindow("r1.a", 0, 0L, 0L, 2))))
        .isFalse(); // wrong end
    assertThat(acc.matches(List.of(row(2)))).isTrue();
    assertThat(acc.hasEveryWindow(List.of(row(9)))).isTrue();
  }
}
