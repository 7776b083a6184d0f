package dev.clicksim.verify;

import dev.clicksim.simulation.Click;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Replays {@code click_events} as the windowed count sees it, to predict each of the run's windows
 * from what the topic really holds rather than from what clicksim sent: every record of a partition
 * advances that partition's stream time, whoever produced it, so another run or another producer on
 * the same partitions makes some of this run's clicks late, and the prediction says so.
 *
 * <p>The aggregation's stream time is per partition of the repartition topic, keyed by the campaign
 * read from the value. A record whose campaign maps to its own input partition (every click
 * clicksim sends: it keys clicks by campaign with the same partitioner) reaches that repartition
 * partition in input order, and {@link TruthLedger} replays it exactly. A record whose campaign
 * maps elsewhere reaches another repartition partition at a moment that is not known; the
 * prediction of the windows on that partition is then bounded (see {@link TopicWindow}). A record
 * without a campaign is not counted and never reaches the repartition topic.
 *
 * <p>Feed the records of each partition in offset order ({@link #accept}); partitions may be fed
 * interleaved or one after another. Memory: the ledger's windows, and two longs per record of the
 * run (event ids of the form {@code prefix + "e" + base 36}, as clicksim makes them, are kept as
 * numbers).
 */
public final class TopicReplay {

  /** At most this many event ids are kept as a witness of one thing in one window. */
  public static final int WITNESSES = 5;

  /** A campaign id no run has (a run's prefix is not empty and never starts with NUL). */
  private static final String STREAM_TIME_SEED = "\u0000stream time of partition ";

  private final String prefix;
  private final String eventIdPrefix;
  private final WindowSpec spec;
  private final ToIntFunction<String> partitionOfCampaign;
  private final Map<String, Integer> partitions = new HashMap<>();
  private final TruthLedger ledger;
  private final Map<Integer, Long> foreignMax = new HashMap<>();
  private final SortedSet<Integer> boundedPartitions = new TreeSet<>();
  private final Map<String, Map<Long, Acc>> windows = new HashMap<>();
  private long records;
  private long runRecords;
  private long uncounted;
  private long crossPartition;

  /** One window's records of the run, in arrival order. */
  private static final class Acc {
    final int partition;
    long[] ids = new long[8];
    long[] streamTimes = new long[8];
    List<String> otherIds;
    Map<String, Integer> otherIndex;
    int n;

    Acc(int partition) {
      this.partition = partition;
    }

    void add(long id, long streamTime) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        streamTimes = Arrays.copyOf(streamTimes, n * 2);
      }
      ids[n] = id;
      streamTimes[n] = streamTime;
      n++;
    }
  }

  /**
   * @param prefix the run's campaign prefix: only its windows are predicted
   * @param partitionOfCampaign the repartition partition of a campaign (Kafka's default partitioner
   *     over as many partitions as {@code click_events} has)
   * @param streamTimeBefore each partition's stream time before the first record fed, when the
   *     replay starts after the beginning of the partition: its highest timestamp so far
   */
  public TopicReplay(
      String prefix,
      WindowSpec spec,
      ToIntFunction<String> partitionOfCampaign,
      Map<Integer, Long> streamTimeBefore) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the campaign prefix must not be empty");
    }
    this.prefix = prefix;
    this.eventIdPrefix = prefix + "e";
    this.spec = spec;
    this.partitionOfCampaign = partitionOfCampaign;
    this.ledger = new TruthLedger(spec, this::partitionOf);
    new TreeMap<>(streamTimeBefore)
        .forEach(
            (partition, time) ->
                ledger.record(new Click(time, STREAM_TIME_SEED + partition, "", "", "", "")));
  }

  private int partitionOf(String campaignId) {
    if (campaignId.startsWith(STREAM_TIME_SEED)) {
      return Integer.parseInt(campaignId.substring(STREAM_TIME_SEED.length()));
    }
    return partitions.computeIfAbsent(campaignId, partitionOfCampaign::applyAsInt);
  }

  /**
   * One record of {@code click_events}, in its partition's offset order.
   *
   * @param campaignId the campaign the windowed count reads from the value; null if it counts the
   *     record nowhere
   * @param eventId the value's event id, or null
   */
  public void accept(int partition, long timestampMs, String campaignId, String eventId) {
    records++;
    if (campaignId == null) {
      uncounted++;
      return;
    }
    int target = partitionOf(campaignId);
    boolean ours = campaignId.startsWith(prefix);
    if (target != partition) {
      crossPartition++;
      foreignMax.merge(target, timestampMs, Math::max);
      boundedPartitions.add(target);
      if (ours) {
        // Where it falls among the partition's records is not known: no stream time of its own.
        add(campaignId, timestampMs, eventId, target, Long.MIN_VALUE);
      }
      return;
    }
    ledger.record(new Click(timestampMs, campaignId, "", "", "", ""));
    if (ours) {
      add(campaignId, timestampMs, eventId, target, ledger.streamTime(target));
    }
  }

  private void add(String campaignId, long timestampMs, String eventId, int partition, long st) {
    runRecords++;
    long start = spec.startOf(timestampMs);
    Acc acc =
        windows
            .computeIfAbsent(campaignId, c -> new HashMap<>())
            .computeIfAbsent(start, s -> new Acc(partition));
    long id = number(eventId);
    if (id < 0) {
      if (acc.otherIds == null) {
        acc.otherIds = new ArrayList<>();
        acc.otherIndex = new HashMap<>();
      }
      String text = eventId == null ? "(no eventId)" : eventId;
      List<String> others = acc.otherIds;
      // Negative: an index into otherIds; the same id twice gets the same number.
      id =
          -acc.otherIndex.computeIfAbsent(
              text,
              t -> {
                others.add(t);
                return others.size();
              });
    }
    acc.add(id, st);
  }

  /** The event id's number when it is {@code prefix + "e" + base 36}, else -1. */
  private long number(String eventId) {
    if (eventId == null
        || !eventId.startsWith(eventIdPrefix)
        || eventId.length() == eventIdPrefix.length()
        || eventId.length() > eventIdPrefix.length() + 12) {
      return -1;
    }
    long n = 0;
    for (int i = eventIdPrefix.length(); i < eventId.length(); i++) {
      char c = eventId.charAt(i);
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
      if (d < 0 || (i == eventIdPrefix.length() && d == 0 && eventId.length() > i + 1)) {
        return -1; // not a digit, or a leading zero (the id would not print back the same)
      }
      n = n * 36 + d;
    }
    return n;
  }

  private String eventId(Acc acc, long id) {
    return id >= 0 ? eventIdPrefix + Long.toString(id, 36) : acc.otherIds.get((int) (-id - 1));
  }

  /** What the replay found. */
  public record Result(
      List<TopicWindow> windows,
      long records,
      long runRecords,
      long uncounted,
      long crossPartition,
      SortedSet<Integer> boundedPartitions) {

    public Result {
      windows = List.copyOf(windows);
      boundedPartitions =
          java.util.Collections.unmodifiableSortedSet(new TreeSet<>(boundedPartitions));
    }

    /** The windows whose count depends on an interleaving that is not known. */
    public List<TopicWindow> boundedWindows() {
      return windows.stream().filter(TopicWindow::bounded).toList();
    }
  }

  /** Every window of the run that the topic holds a record of, by campaign id then start. */
  public Result result() {
    List<TopicWindow> out = new ArrayList<>();
    new TreeMap<>(windows)
        .forEach(
            (campaign, byStart) ->
                new TreeMap<>(byStart)
                    .forEach((start, acc) -> out.add(window(campaign, start, acc))));
    return new Result(out, records, runRecords, uncounted, crossPartition, boundedPartitions);
  }

  private TopicWindow window(String campaign, long start, Acc acc) {
    long end = start + spec.sizeMs();
    long foreign = foreignMax.getOrDefault(acc.partition, Long.MIN_VALUE);
    long countedMin = 0;
    long countedMax = 0;
    long inGrace = 0;
    List<String> late = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    for (int i = 0; i < acc.n; i++) {
      long st = acc.streamTimes[i];
      boolean countedIfForeignLast = !late(end, st);
      boolean countedIfForeignFirst = !late(end, Math.max(st, foreign));
      if (countedIfForeignLast) {
        countedMax++;
        if (st != Long.MIN_VALUE && end <= st) {
          inGrace++;
        }
      } else if (late.size() < WITNESSES) {
        late.add(eventId(acc, acc.ids[i]));
      }
      if (countedIfForeignFirst) {
        countedMin++;
      } else if (countedIfForeignLast && ambiguous.size() < WITNESSES) {
        ambiguous.add(eventId(acc, acc.ids[i]));
      }
    }
    long[] sorted = Arrays.copyOf(acc.ids, acc.n);
    Arrays.sort(sorted);
    long repeated = 0;
    List<long[]> repeats = new ArrayList<>(); // {id, deliveries}
    for (int i = 0; i < sorted.length; ) {
      int j = i + 1;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      if (j - i > 1) {
        repeated += j - i - 1;
        repeats.add(new long[] {sorted[i], j - i});
      }
      i = j;
    }
    long droppedRepeats = 0;
    if (repeated > 0) {
      java.util.Set<Long> seen = new java.util.HashSet<>();
      for (int i = 0; i < acc.n; i++) {
        if (!seen.add(acc.ids[i]) && late(end, Math.max(acc.streamTimes[i], foreign))) {
          droppedRepeats++;
        }
      }
    }
    List<String> repeatedWitnesses =
        repeats.stream()
            .sorted(Comparator.comparingLong((long[] r) -> -r[1]).thenComparingLong(r -> r[0]))
            .limit(WITNESSES)
            .map(r -> eventId(acc, r[0]) + (r[1] > 2 ? " x" + r[1] : ""))
            .toList();
    return new TopicWindow(
        campaign,
        start,
        end,
        acc.n,
        repeated,
        droppedRepeats,
        countedMin,
        countedMax,
        inGrace,
        late,
        ambiguous,
        repeatedWitnesses);
  }

  /** Kafka Streams' rule: dropped when {@code windowEnd <= streamTime - grace}. */
  private boolean late(long end, long streamTime) {
    return streamTime != Long.MIN_VALUE && end + spec.graceMs() <= streamTime;
  }
}
