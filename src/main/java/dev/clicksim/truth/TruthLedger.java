package dev.clicksim.truth;

import dev.clicksim.simulation.Click;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Predicts the final windowed counts from the clicks in send order, with Kafka Streams 4.1's
 * lateness rule ({@code KStreamWindowAggregate.process}): per partition, stream time is the highest
 * timestamp seen so far <em>including the current record</em>, and a record is dropped when {@code
 * windowEnd <= streamTime - grace}. A dropped record still advances stream time. {@code
 * partitionOfCampaign} must give the partition of the re-keyed (repartition) topic that processes a
 * campaign's clicks, and clicks must be recorded in the order that partition receives them.
 *
 * <p>Duplicates are not detected by event id (that would cost memory per click): call {@link
 * #recordDuplicate} for a delivery that repeats an earlier one. Memory is O(campaigns × windows +
 * partitions); the partition function is asked once per campaign.
 */
public final class TruthLedger {
  private final WindowSpec spec;
  private final ToIntFunction<String> partitionOfCampaign;
  private long[] streamTimeByPartition = new long[0];
  private final Map<String, Campaign> campaigns = new HashMap<>();
  private long sent;
  private long expected;
  private long droppedLate;
  private long duplicates;

  /** The windows changed since the last {@link #drainChanged()}, each once. */
  private final List<Counts> changed = new ArrayList<>();

  /** The last delivery, so it can be taken back if handing it to Kafka failed. */
  private Counts lastCounts;

  private int lastPartition = -1;
  private long lastPreviousStreamTime;
  private boolean lastDuplicate;
  private boolean lastDropped;
  private boolean lastInGrace;

  private static final class Counts {
    final String campaignId;
    final long start;
    boolean changed;
    long sent;
    long expected;
    long droppedLate;
    long duplicates;
    long countedInGrace;

    Counts(String campaignId, long start) {
      this.campaignId = campaignId;
      this.start = start;
    }
  }

  /** A campaign's partition (asked once) and windows; the last window touched is kept at hand. */
  private static final class Campaign {
    final int partition;
    final TreeMap<Long, Counts> windows = new TreeMap<>();
    long lastStart = Long.MIN_VALUE;
    Counts last;

    Campaign(int partition) {
      this.partition = partition;
    }
  }

  public TruthLedger(WindowSpec spec, ToIntFunction<String> partitionOfCampaign) {
    this.spec = spec;
    this.partitionOfCampaign = partitionOfCampaign;
  }

  /**
   * One delivery of a click. Recording the same click twice counts it twice, without marking a
   * duplicate.
   *
   * @return the window's expected count including this click (its place among the window's counted
   *     clicks), or 0 when the click is dropped as late
   */
  public long record(Click click) {
    return deliver(click, false);
  }

  /**
   * A delivery that repeats an earlier delivery of the same click: counted (unless late) and marked
   * as a duplicate.
   *
   * @return as {@link #record}
   */
  public long recordDuplicate(Click click) {
    return deliver(click, true);
  }

  private long deliver(Click click, boolean duplicate) {
    long ts = click.eventTimeMs();
    Campaign campaign = campaigns.get(click.campaignId());
    if (campaign == null) {
      int partition = partitionOfCampaign.applyAsInt(click.campaignId());
      if (partition < 0) {
        throw new IllegalArgumentException(
            "partition of campaign " + click.campaignId() + " is negative: " + partition);
      }
      campaign = new Campaign(partition);
      campaigns.put(click.campaignId(), campaign);
      if (partition >= streamTimeByPartition.length) {
        int old = streamTimeByPartition.length;
        streamTimeByPartition = java.util.Arrays.copyOf(streamTimeByPartition, partition + 1);
        java.util.Arrays.fill(streamTimeByPartition, old, partition + 1, Long.MIN_VALUE);
      }
    }
    lastPartition = campaign.partition;
    lastPreviousStreamTime = streamTimeByPartition[campaign.partition];
    long streamTime = Math.max(streamTimeByPartition[campaign.partition], ts);
    streamTimeByPartition[campaign.partition] = streamTime;
    long start = spec.startOf(ts);
    long end = start + spec.sizeMs();
    Counts c;
    if (start == campaign.lastStart) {
      c = campaign.last;
    } else {
      String campaignId = click.campaignId();
      c = campaign.windows.computeIfAbsent(start, k -> new Counts(campaignId, k));
      campaign.lastStart = start;
      campaign.last = c;
    }
    if (!c.changed) {
      c.changed = true;
      changed.add(c);
    }
    lastCounts = c;
    lastDuplicate = duplicate;
    lastDropped = false;
    lastInGrace = false;
    c.sent++;
    sent++;
    if (duplicate) {
      c.duplicates++;
      duplicates++;
    }
    if (end <= streamTime - spec.graceMs()) {
      c.droppedLate++;
      droppedLate++;
      lastDropped = true;
      return 0;
    }
    if (end <= streamTime) {
      c.countedInGrace++;
      lastInGrace = true;
    }
    c.expected++;
    expected++;
    return c.expected;
  }

  /**
   * Takes back the last delivery recorded, stream time included: the click could not be handed to
   * Kafka, so the truth must not count it. Only the very last delivery can be taken back.
   */
  public void undoLast() {
    if (lastCounts == null) {
      throw new IllegalStateException("no delivery to take back");
    }
    Counts c = lastCounts;
    c.sent--;
    sent--;
    if (lastDuplicate) {
      c.duplicates--;
      duplicates--;
    }
    if (lastDropped) {
      c.droppedLate--;
      droppedLate--;
    } else {
      c.expected--;
      expected--;
      if (lastInGrace) {
        c.countedInGrace--;
      }
    }
    streamTimeByPartition[lastPartition] = lastPreviousStreamTime;
    lastCounts = null;
  }

  /**
   * The windows changed since the previous call (each once, as they are now), for a journal that
   * records the truth as it grows; an unchanged ledger gives an empty list.
   */
  public List<WindowTruth> drainChanged() {
    List<WindowTruth> out = new ArrayList<>(changed.size());
    for (Counts c : changed) {
      c.changed = false;
      out.add(truth(c.campaignId, c.start, c));
    }
    changed.clear();
    return out;
  }

  private WindowTruth truth(String campaignId, long start, Counts c) {
    return new WindowTruth(
        campaignId,
        start,
        start + spec.sizeMs(),
        c.sent,
        c.expected,
        c.droppedLate,
        c.duplicates,
        c.countedInGrace);
  }

  /** Stream time of a partition so far, or {@code Long.MIN_VALUE} if it saw no click. */
  public long streamTime(int partition) {
    return partition >= 0 && partition < streamTimeByPartition.length
        ? streamTimeByPartition[partition]
        : Long.MIN_VALUE;
  }

  /** Every window that was sent a click, sorted by campaign id then window start. */
  public List<WindowTruth> windows() {
    List<WindowTruth> out = new ArrayList<>();
    new TreeMap<>(campaigns)
        .forEach(
            (campaign, state) ->
                state.windows.forEach((start, c) -> out.add(truth(campaign, start, c))));
    return out;
  }

  public WindowSpec spec() {
    return spec;
  }

  public long sent() {
    return sent;
  }

  public long expected() {
    return expected;
  }

  public long droppedLate() {
    return droppedLate;
  }

  public long duplicates() {
    return duplicates;
  }
}
