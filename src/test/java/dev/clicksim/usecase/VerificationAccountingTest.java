package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.FixedCounts;
import dev.clicksim.stack.InputPosition;
import dev.clicksim.stack.PipelineTopics;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowKey;
import dev.clicksim.verify.WindowVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification with its three-way accounting, against topics and a table held in memory: the
 * false mismatch of two runs on one partition is gone, and what the topic cannot be read for is
 * said.
 */
class VerificationAccountingTest {
  private static final long MINUTE = 60_000;
  private static final long SIZE = 2 * MINUTE;

  @TempDir Path tmp;

  private final List<String> progress = new ArrayList<>();

  /** One click record of click_events. */
  private record Rec(int partition, long ts, String campaign, String eventId) {}

  /** Topics in memory; a null output means the output topic cannot be read. */
  private static class Topics implements PipelineTopics {
    final List<Rec> records;
    final Map<WindowKey, Long> output;
    final List<Map<Integer, Long>> askedFrom = new ArrayList<>();

    Topics(List<Rec> records, Map<WindowKey, Long> output) {
      this.records = records;
      this.output = output;
    }

    @Override
    public int inputPartitions() {
      return 1;
    }

    @Override
    public ReadStats readClicks(Map<Integer, Long> fromOffsets, ClickRecordSink sink) {
      askedFrom.add(fromOffsets);
      records.forEach(r -> sink.accept(r.partition(), r.ts(), r.campaign(), r.eventId()));
      return new ReadStats(records.size(), 100L * records.size(), 1, fromOffsets.isEmpty() ? 1 : 0);
    }

    @Override
    public Map<WindowKey, Long> readOutputCounts(String campaignPrefix) {
      if (output == null) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "output topic gone");
      }
      return output;
    }
  }

  private static CountsSource source(List<ObservedWindow> rows, PipelineTopics topics) {
    FixedCounts table = new FixedCounts(rows, Optional.empty());
    return new CountsSource() {
      @Override
      public CountsReader openCountsReader(CountsTable t) {
        return table.openCountsReader(t);
      }

      @Override
      public String describe(CountsTable t) {
        return table.describe(t);
      }

      @Override
      public Optional<String> failedSinkTask() {
        return Optional.empty();
      }

      @Override
      public Optional<PipelineTopics> pipelineTopics() {
        return Optional.ofNullable(topics);
      }
    };
  }

  /** Run r1. sent two clicks to r1.a's first window; its truth, blind to others, counts both. */
  private RunDirectory run(Map<String, String> settings) {
    RunDirectory run = RunDirectory.create(tmp.resolve("runs"), Instant.EPOCH, "two");
    run.writeTruth(List.of(new WindowTruth("r1.a", 0, SIZE, 2, 2, 0, 0)));
    run.writeInfo(
        new RunDirectory.RunInfo(
            run.id(), "two", 1, 0, "r1.", SIZE, MINUTE, 2, 2, 0, 0, "test", settings));
    return run;
  }

  private static Verification.Settings settings(boolean readTopics) {
    return new Verification.Settings(
        Duration.ofMillis(1),
        Duration.ZERO,
        Duration.ofMillis(50),
        Verification.Layout.auto,
        null,
        null,
        null,
        null,
        readTopics);
  }

  private Verification.Result verify(
      RunDirectory run, List<ObservedWindow> rows, PipelineTopics topics, boolean readTopics) {
    return new Verification(source(rows, topics), o -> o.countsAccepted() ? 0 : 1, progress::add)
        .verify(run, CountsTable.DEFAULT, settings(readTopics), null);
  }

  /** Run r2.'s click 7 minutes on, between r1.'s two, on the same partition: r1.e1 is late. */
  private static final List<Rec> INTERLEAVED =
      List.of(
          new Rec(0, 0, "r1.a", "r1.e0"),
          new Rec(0, 7 * MINUTE, "r2.b", "r2.e0"),
          new Rec(0, MINUTE, "r1.a", "r1.e1"));

  @Test
  void should_match_when_another_runs_clicks_made_some_of_this_runs_late() {
    RunDirectory run = run(Map.of());
    Topics topics = new Topics(INTERLEAVED, Map.of(new WindowKey("r1.a", 0), 1L));

    Verification.Result r =
        verify(run, List.of(new ObservedWindow("r1.a", 0, SIZE, 1)), topics, true);

    assertThat(r.outcome().verdict()).isEqualTo(Verification.Verdict.MATCH);
    assertThat(r.report().accounting().lateDropsExplained()).isEqualTo(1);
    assertThat(r.report().accounting().outputRead()).isTrue();
    assertThat(r.report().windows().get(0).attribution())
        .startsWith("late drops explained by the topic: 1 click late")
        .contains("r1.e1");
    assertThat(progress).anyMatch(l -> l.startsWith("verify: read 3 records of click_events back"));
    assertThat(topics.askedFrom).containsExactly(Map.of()); // an older run: from the beginning
  }

  @Test
  void should_report_the_false_mismatch_when_the_topic_is_not_read() {
    RunDirectory run = run(Map.of());

    Verification.Result r =
        verify(
            run,
            List.of(new ObservedWindow("r1.a", 0, SIZE, 1)),
            new Topics(INTERLEAVED, Map.of()),
            false);

    assertThat(r.outcome().verdict()).isEqualTo(Verification.Verdict.MISMATCH);
    assertThat(r.comparison().verdicts().get(0).kind()).isEqualTo(WindowVerdict.Kind.LOST_CLICKS);
    assertThat(r.report().accounting().topicRead()).isFalse();
    assertThat(r.report().accounting().method()).contains("not read");
    assertThat(r.accounting()).isNull();
  }

  @Test
  void should_read_from_the_offsets_and_stream_times_the_run_recorded() {
    // Before the run, partition 0 stood at offset 5 with stream time 7 min: r1.e0 is late.
    RunDirectory run = run(InputPosition.toSettings(Map.of(0, new InputPosition(5, 7 * MINUTE))));
    Topics topics =
        new Topics(
            List.of(new Rec(0, 0, "r1.a", "r1.e0"), new Rec(0, 8 * MINUTE, "r1.a", "r1.e1")),
            new HashMap<>(Map.of(new WindowKey("r1.a", 8 * MINUTE), 1L)));
    run.writeTruth(
        List.of(
            new WindowTruth("r1.a", 0, SIZE, 1, 1, 0, 0),
            new WindowTruth("r1.a", 8 * MINUTE, 10 * MINUTE, 1, 1, 0, 0)));

    Verification.Result r =
        verify(run, List.of(new ObservedWindow("r1.a", 8 * MINUTE, 10 * MINUTE, 1)), topics, true);

    assertThat(topics.askedFrom).containsExactly(Map.of(0, 5L));
    assertThat(r.outcome().verdict()).isEqualTo(Verification.Verdict.MATCH);
    assertThat(r.report().accounting().method()).contains("from the offsets the run recorded");
  }

  @Test
  void should_attribute_to_aggregation_or_sink_when_the_output_topic_cannot_be_read() {
    RunDirectory run = run(Map.of());
    List<Rec> both = List.of(new Rec(0, 0, "r1.a", "r1.e0"), new Rec(0, 1, "r1.a", "r1.e1"));

    Verification.Result r =
        verify(run, List.of(new ObservedWindow("r1.a", 0, SIZE, 5)), new Topics(both, null), true);

    assertThat(r.outcome().verdict()).isEqualTo(Verification.Verdict.MISMATCH);
    assertThat(r.report().windows().get(0).stage()).isEqualTo("aggregation-or-sink");
    assertThat(r.report().windows().get(0).attribution())
        .isEqualTo("3 clicks doubled by the aggregation or sink (the topic makes it 2)");
    assertThat(progress)
        .anyMatch(l -> l.contains("cannot read the output topic back (output topic gone)"));
  }

  @Test
  void should_fall_back_to_the_truth_alone_when_click_events_cannot_be_read() {
    RunDirectory run = run(Map.of());
    PipelineTopics broken =
        new Topics(INTERLEAVED, Map.of()) {
          @Override
          public ReadStats readClicks(Map<Integer, Long> fromOffsets, ClickRecordSink sink) {
            throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "broker gone");
          }
        };

    Verification.Result r =
        verify(run, List.of(new ObservedWindow("r1.a", 0, SIZE, 2)), broken, true);

    assertThat(r.outcome().verdict()).isEqualTo(Verification.Verdict.MATCH);
    assertThat(r.report().accounting().topicRead()).isFalse();
    assertThat(progress)
        .anyMatch(l -> l.startsWith("verify: cannot read click_events back (broker gone)"));
  }
}
