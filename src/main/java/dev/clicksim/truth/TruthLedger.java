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
 * Predicts the final windowed counts from the clicks in send order, with Kafka Streams 4.1's lateness rule
 * ({@code KStreamWindowAggregate.process}): per partition, stream time is the highest timestamp seen so far <em>including
 * the current record</em>, and a record is dropped when {@code windowEnd <= streamTime - grace}. A dropped record still
 * advances stream time. {@code partitionOfCampaign} must give the partition of the re-keyed (repartition) topic that
 * processes a campaign's clicks, and clicks must be recorded in the order that partition receives them.
 *
 * <p>Duplicates are not detected by event id (that would cost memory per click): call {@link #recordDuplicate} for a
 * delivery that repeats an earlier one. Memory is O(campaigns × windows + partitions).
 */
public final class TruthLedger {
  private final WindowSpec spec;
  private final ToIntFunction<String> partitionOfCampaign;
  private final Map<Integer, Long> streamTimeByPartition = new HashMap<>();
  private final Map<String, TreeMap<Long, Counts>> windows = new TreeMap<>();
  private long sent;
  private long expected;
  private long droppedLate;
  private long duplicates;

  private static final class Counts {
    long sent;
    long expected;
    long droppedLate;
    long duplicates;
  }

  public TruthLedger(WindowSpec spec, ToIntFunction<String> partitionOfCampaign) {
    this.spec = spec;
    this.partitionOfCampaign = partitionOfCampaign;
  }

  /** One delivery of a click. Recording the same click twice counts it twice, without marking a duplicate. */
  public void record(Click click) {
    deliver(click, false);
  }

  /** A delivery that repeats an earlier delivery of the same click: counted (unless late) and marked as a duplicate. */
  public void recordDuplicate(Click click) {
    deliver(click, true);
  }

  private void deliver(Click click, boolean duplicate) {
    long ts = click.eventTimeMs();
    int partition = partitionOfCampaign.applyAsInt(click.campaignId());
    long streamTime = streamTimeByPartition.merge(partition, ts, Math::max);
    long start = spec.startOf(ts);
    long end = start + spec.sizeMs();
    Counts c = windows.computeIfAbsent(click.campaignId(), k -> new TreeMap<>())
        .computeIfAbsent(start, k -> new Counts());
    c.sent++;
    sent++;
    if (duplicate) {
      c.duplicates++;
      duplicates++;
    }
    if (end <= streamTime - spec.graceMs()) {
      c.droppedLate++;
      droppedLate++;
    } else {
      c.expected++;
      expected++;
    }
  }

  /** Stream time of a partition so far, or {@code Long.MIN_VALUE} if it saw no click. */
  public long streamTime(int partition) {
    return streamTimeByPartition.getOrDefault(partition, Long.MIN_VALUE);
  }

  /** Every window that was sent a click, sorted by campaign id then window start. */
  public List<WindowTruth> windows() {
    List<WindowTruth> out = new ArrayList<>();
    windows.forEach((campaign, byStart) -> byStart.forEach((start, c) -> out.add(new WindowTruth(
        campaign, start, start + spec.sizeMs(), c.sent, c.expected, c.droppedLate, c.duplicates))));
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
