package dev.clicksim.verify;

import dev.clicksim.truth.WindowTruth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the generated truth, what {@code click_events} holds ({@link TopicReplay}), the windowed
 * count's last output per window (when it was read) and the table, and says for every window that
 * differs which stage the difference arose in: never reached Kafka, duplicated into Kafka, lost or
 * doubled by the aggregation, not (yet) or wrongly written by the sink.
 *
 * <p>A window's expected count keeps the truth's deliveries but takes its late drops from the
 * topic's order: a record that another producer put on the same partition advances stream time as
 * much as one of the run's. Where that order is not known (records reaching the window's
 * repartition partition from other input partitions) the expected count is a range, and a table
 * count within it matches; such windows are named.
 */
public final class ThreeWayAccounting {

  /**
   * What one window must hold, from the truth and the topic, before the table is read.
   *
   * @param truth the generated truth's window (all zero when only the topic has it)
   * @param topic what the topic holds of it; null when it holds no record of it
   * @param low the fewest clicks the table may count: the truth's deliveries less the most the
   *     topic's order drops as late
   * @param high the most, with the fewest drops; {@code low} when the topic's order is known
   * @param neverReachedKafka deliveries the truth has and the topic lacks
   * @param duplicatedIntoKafka repeats of an event id in the topic beyond the truth's intended
   *     duplicate deliveries
   * @param unexpectedInKafka records of the run's campaigns in the topic beyond the truth's
   *     deliveries, repeats aside
   */
  public record Expected(
      WindowTruth truth,
      TopicWindow topic,
      long low,
      long high,
      long neverReachedKafka,
      long duplicatedIntoKafka,
      long unexpectedInKafka) {

    public WindowKey key() {
      return new WindowKey(truth.campaignId(), truth.windowStartMs());
    }

    /** The fewest clicks the topic says a correct windowed count includes. */
    public long predictedMin() {
      return topic == null ? 0 : topic.countedMin();
    }

    /** The most. */
    public long predictedMax() {
      return topic == null ? 0 : topic.countedMax();
    }
  }

  /**
   * One window's verdict, the stages its difference is attributed to, and a note for a window whose
   * late drops only the topic explains or whose prediction is bounded.
   *
   * @param findings empty for a matched window whose stages all agree
   * @param note null, or e.g. "late drops explained by the topic: 3 clicks late behind other
   *     records (eventIds ...)"
   */
  public record AccountedWindow(WindowVerdict verdict, List<StageFinding> findings, String note) {
    public AccountedWindow {
      findings = List.copyOf(findings);
    }

    /** The first stage found, or null. */
    public Stage stage() {
      return findings.isEmpty() ? null : findings.get(0).stage();
    }

    /** Every finding described, "; "-separated, or null. */
    public String describeFindings() {
      return findings.isEmpty()
          ? null
          : String.join("; ", findings.stream().map(StageFinding::describe).toList());
    }
  }

  /**
   * Every window accounted for.
   *
   * @param comparison the verdicts of the windows, as {@link WindowComparison} gives them, against
   *     the expected counts the topic's order gives
   * @param windows the same verdicts, each with its stages, in the same order
   * @param outputRead whether the output topic was read (else the aggregation and the sink are one
   *     stage)
   */
  public record Accounted(
      ComparisonResult comparison, List<AccountedWindow> windows, boolean outputRead) {
    public Accounted {
      windows = List.copyOf(windows);
    }

    /** Clicks each stage accounts for, over all windows, every stage present. */
    public Map<Stage, Long> clicksByStage() {
      Map<Stage, Long> m = new java.util.EnumMap<>(Stage.class);
      for (Stage s : Stage.values()) {
        m.put(s, 0L);
      }
      windows.forEach(w -> w.findings().forEach(f -> m.merge(f.stage(), f.clicks(), Long::sum)));
      return m;
    }

    /** Windows whose expected count is a range (other partitions' records reach them). */
    public List<AccountedWindow> bounded() {
      return windows.stream()
          .filter(w -> w.note() != null && w.note().startsWith(BOUNDED))
          .toList();
    }

    /**
     * Windows whose late drops differ from the generated truth's and the topic's order explains.
     */
    public long lateDropsExplained() {
      return windows.stream()
          .filter(w -> w.note() != null && w.note().startsWith(EXPLAINED))
          .count();
    }
  }

  static final String BOUNDED = "bounded: ";
  static final String EXPLAINED = "late drops explained by the topic: ";

  private static final Comparator<WindowKey> KEY_ORDER =
      (a, b) ->
          WindowComparison.compareKeys(
              a.campaignId(), a.windowStartMs(), b.campaignId(), b.windowStartMs());

  private final List<Expected> expected;
  private final Map<WindowKey, Expected> byKey;

  private ThreeWayAccounting(List<Expected> expected) {
    this.expected = List.copyOf(expected);
    this.byKey = new HashMap<>();
    expected.forEach(e -> byKey.put(e.key(), e));
  }

  /** The expected count of every window the truth or the topic has. */
  public static ThreeWayAccounting of(
      List<WindowTruth> truth, TopicReplay.Result topic, long windowSizeMs) {
    TreeMap<WindowKey, WindowTruth> truths = new TreeMap<>(KEY_ORDER);
    truth.forEach(t -> truths.put(new WindowKey(t.campaignId(), t.windowStartMs()), t));
    TreeMap<WindowKey, TopicWindow> topics = new TreeMap<>(KEY_ORDER);
    topic.windows().forEach(w -> topics.put(new WindowKey(w.campaignId(), w.windowStartMs()), w));
    TreeMap<WindowKey, Boolean> keys = new TreeMap<>(KEY_ORDER);
    truths.keySet().forEach(k -> keys.put(k, true));
    topics.keySet().forEach(k -> keys.put(k, true));
    List<Expected> out = new ArrayList<>(keys.size());
    for (WindowKey k : keys.keySet()) {
      WindowTruth t = truths.get(k);
      TopicWindow w = topics.get(k);
      if (t == null) {
        t =
            new WindowTruth(
                k.campaignId(), k.windowStartMs(), k.windowStartMs() + windowSizeMs, 0, 0, 0, 0);
      }
      out.add(expected(t, w));
    }
    return new ThreeWayAccounting(out);
  }

  private static Expected expected(WindowTruth t, TopicWindow w) {
    if (w == null) {
      // Nothing of it reached the topic: a correct pipeline counts nothing, the truth says what
      // was lost.
      return new Expected(t, null, t.expectedCount(), t.expectedCount(), t.sent(), 0, 0);
    }
    long duplicated = Math.max(0, w.repeatedDeliveries() - t.duplicates());
    long inTopic = w.delivered() - duplicated;
    long never = Math.max(0, t.sent() - inTopic);
    long unexpected = Math.max(0, inTopic - t.sent());
    // A repeat beyond the intended ones that the windowed count drops as late costs the table
    // nothing: the truth's deliveries lose only the other drops.
    long extraDropped = Math.min(duplicated, w.droppedRepeats());
    long low = Math.max(0, t.sent() - Math.max(0, w.droppedMax() - extraDropped));
    long high = Math.max(0, t.sent() - Math.max(0, w.droppedMin() - extraDropped));
    return new Expected(t, w, low, high, never, duplicated, unexpected);
  }

  public List<Expected> expected() {
    return expected;
  }

  /**
   * Whether the table, one row per window in (campaign, window) order, has caught up with the
   * topic: every window holds what the topic's records make it (a count within the prediction's
   * range) with the right end, and there is no other row. This ends the wait for the table; it is
   * not the verdict: a click duplicated into Kafka is counted by a correct pipeline, and the
   * verdict still differs from the truth.
   */
  public boolean matches(List<ObservedWindow> observed) {
    int j = 0;
    for (Expected e : expected) {
      ObservedWindow o = null;
      if (j < observed.size()) {
        ObservedWindow next = observed.get(j);
        int c =
            WindowComparison.compareKeys(
                next.campaignId(),
                next.windowStartMs(),
                e.truth().campaignId(),
                e.truth().windowStartMs());
        if (c < 0) {
          return false; // a row no window expects
        }
        if (c == 0) {
          o = next;
          j++;
        }
      }
      if (o == null) {
        if (e.predictedMin() > 0) {
          return false;
        }
      } else if (o.count() < e.predictedMin()
          || o.count() > e.predictedMax()
          || !o.endsAt(e.truth().windowEndMs())) {
        return false;
      }
    }
    return j == observed.size();
  }

  /** Whether every window the topic's records make count a click has a row. */
  public boolean hasEveryWindow(List<ObservedWindow> observed) {
    Map<WindowKey, Boolean> seen = new HashMap<>();
    observed.forEach(o -> seen.put(new WindowKey(o.campaignId(), o.windowStartMs()), true));
    return expected.stream()
        .filter(e -> e.predictedMin() > 0)
        .allMatch(e -> seen.containsKey(e.key()));
  }

  /**
   * Compares the table with the expected counts and attributes every difference.
   *
   * @param output the windowed count's last output count per window of the run; null when the
   *     output topic was not read
   */
  public Accounted conclude(
      List<ObservedWindow> observed, Map<WindowKey, Long> output, long windowSizeMs) {
    Map<WindowKey, Long> tableCounts = new HashMap<>();
    observed.forEach(
        o ->
            tableCounts.merge(
                new WindowKey(o.campaignId(), o.windowStartMs()), o.count(), Math::max));
    List<WindowTruth> adjusted = new ArrayList<>(expected.size());
    for (Expected e : expected) {
      WindowTruth t = e.truth();
      Long d = tableCounts.get(e.key());
      long chosen = d == null ? e.low() : Math.max(e.low(), Math.min(e.high(), d));
      adjusted.add(
          new WindowTruth(
              t.campaignId(),
              t.windowStartMs(),
              t.windowEndMs(),
              t.sent(),
              chosen,
              Math.max(0, t.sent() - chosen),
              t.duplicates(),
              e.topic() == null ? t.countedInGrace() : e.topic().countedInGrace()));
    }
    ComparisonResult comparison = WindowComparison.compare(adjusted, observed, windowSizeMs);
    List<AccountedWindow> windows = new ArrayList<>(comparison.verdicts().size());
    for (WindowVerdict v : comparison.verdicts()) {
      Expected e = byKey.get(new WindowKey(v.campaignId(), v.windowStartMs()));
      windows.add(account(v, e, output));
    }
    return new Accounted(comparison, windows, output != null);
  }

  private static AccountedWindow account(WindowVerdict v, Expected e, Map<WindowKey, Long> output) {
    List<StageFinding> findings = new ArrayList<>();
    Long table = v.observed();
    if (e == null) {
      // A row of the run's campaigns that neither the truth nor the topic has.
      WindowKey key = new WindowKey(v.campaignId(), v.windowStartMs());
      Long out = output == null ? null : output.get(key);
      Stage stage =
          output == null ? Stage.AGGREGATION_OR_SINK : out == null ? Stage.SINK : Stage.AGGREGATION;
      findings.add(
          new StageFinding(
              stage,
              StageFinding.Effect.ADDED,
              "in a window no click of the topic falls in, invented by the " + stage.text(),
              table == null ? 0 : table,
              List.of()));
      return new AccountedWindow(v, findings, null);
    }
    TopicWindow w = e.topic();
    if (e.neverReachedKafka() > 0) {
      findings.add(
          new StageFinding(
              Stage.NEVER_REACHED_KAFKA,
              StageFinding.Effect.LOST,
              "never reached Kafka (in the truth, not in click_events)",
              e.neverReachedKafka(),
              List.of()));
    }
    if (e.duplicatedIntoKafka() > 0) {
      findings.add(
          new StageFinding(
              Stage.DUPLICATED_INTO_KAFKA,
              StageFinding.Effect.ADDED,
              "duplicated into Kafka (an event id more often than the scenario delivers it)",
              e.duplicatedIntoKafka(),
              w.repeatedWitnesses()));
    }
    if (e.unexpectedInKafka() > 0) {
      findings.add(
          new StageFinding(
              Stage.UNEXPECTED_IN_KAFKA,
              StageFinding.Effect.ADDED,
              "unexpected in Kafka (records of the run's campaigns the truth does not have)",
              e.unexpectedInKafka(),
              List.of()));
    }
    long pMin = e.predictedMin();
    long pMax = e.predictedMax();
    if (output != null) {
      Long out = output.get(e.key());
      long o = out == null ? 0 : out;
      stageDifference(findings, Stage.AGGREGATION, o, pMin, pMax, w);
      if (table == null && o > 0) {
        findings.add(
            new StageFinding(
                Stage.SINK,
                StageFinding.Effect.LOST,
                "not (yet) written by the sink (the output topic's last count is " + o + ")",
                o,
                List.of()));
      } else if (table != null && table != o) {
        findings.add(
            new StageFinding(
                Stage.SINK,
                table < o ? StageFinding.Effect.LOST : StageFinding.Effect.ADDED,
                (table < o ? "lost" : "added")
                    + " by the sink (table "
                    + table
                    + ", the output topic's last count "
                    + (out == null ? "none" : out)
                    + ")",
                Math.abs(table - o),
                List.of()));
      }
    } else if (table == null && pMin > 0) {
      findings.add(
          new StageFinding(
              Stage.AGGREGATION_OR_SINK,
              StageFinding.Effect.LOST,
              "not (yet) written by the sink, or lost by the aggregation",
              pMin,
              List.of()));
    } else {
      stageDifference(
          findings, Stage.AGGREGATION_OR_SINK, table == null ? 0 : table, pMin, pMax, w);
    }
    if (findings.isEmpty() && v.endWrong()) {
      findings.add(
          new StageFinding(
              output == null ? Stage.AGGREGATION_OR_SINK : Stage.SINK,
              StageFinding.Effect.MISPLACED,
              "in a window written with a wrong end",
              table == null ? 0 : table,
              List.of()));
    }
    return new AccountedWindow(v, findings, note(e, w, table));
  }

  /** A count outside what the topic predicts: lost below the range, added above it. */
  private static void stageDifference(
      List<StageFinding> findings, Stage stage, long count, long pMin, long pMax, TopicWindow w) {
    String by = " by the " + stage.text();
    if (count < pMin) {
      boolean graceOnly = w != null && pMin - count <= w.countedInGrace();
      findings.add(
          new StageFinding(
              stage,
              StageFinding.Effect.LOST,
              (graceOnly ? "dropped as late" : "lost")
                  + by
                  + " (the topic makes it "
                  + range(pMin, pMax)
                  + ")",
              pMin - count,
              List.of()));
    } else if (count > pMax) {
      boolean lateOnly = w != null && count - pMax <= w.droppedMin();
      findings.add(
          new StageFinding(
              stage,
              StageFinding.Effect.ADDED,
              (lateOnly ? "counted although late" : "doubled")
                  + by
                  + " (the topic makes it "
                  + range(pMin, pMax)
                  + ")",
              count - pMax,
              lateOnly ? w.lateWitnesses() : List.of()));
    }
  }

  private static String range(long min, long max) {
    return min == max ? Long.toString(min) : min + " to " + max;
  }

  private static String note(Expected e, TopicWindow w, Long table) {
    if (w == null) {
      return null;
    }
    if (w.bounded()) {
      return BOUNDED
          + (w.countedMax() - w.countedMin())
          + " clicks are counted or dropped as late depending on how records from other partitions"
          + " interleave, so any count from "
          + e.low()
          + " to "
          + e.high()
          + " is accepted (eventIds "
          + String.join(", ", w.ambiguousWitnesses())
          + ")";
    }
    long truthDropped = e.truth().droppedLate();
    long topicDropped = w.droppedMin();
    if (topicDropped != truthDropped) {
      return EXPLAINED
          + topicDropped
          + (topicDropped == 1 ? " click" : " clicks")
          + " late in the topic's order where the generated truth predicted "
          + truthDropped
          + (w.lateWitnesses().isEmpty()
              ? ""
              : " (eventIds " + String.join(", ", w.lateWitnesses()) + ")");
    }
    return null;
  }
}
