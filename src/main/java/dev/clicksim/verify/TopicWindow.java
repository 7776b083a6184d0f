package dev.clicksim.verify;

import java.util.List;

/**
 * What {@code click_events} holds for one (campaign, window) of the run, replayed in the topic's
 * order: how many deliveries, how many repeat an event id, and how many a windowed count must
 * include. The count is exact when every record that reaches the window's repartition partition
 * comes from the same input partition ({@code countedMin == countedMax}); when records keyed
 * otherwise reach it from other input partitions, whose interleaving is not known, the count is
 * bounded: {@code countedMin} if they all came first, {@code countedMax} if they all came last.
 *
 * @param delivered records of the window in the topic, repeats included
 * @param repeatedDeliveries records that repeat an event id already in the window ({@code delivered
 *     - distinct event ids})
 * @param droppedRepeats records dropped as late that repeat an event id seen earlier in the window
 *     (whatever the interleaving): a retry duplicate of an early click is dropped, not counted
 * @param countedInGrace counted records that arrived after stream time passed the window's end
 *     (upper bound)
 * @param lateWitnesses a few event ids dropped as late whatever the interleaving
 * @param ambiguousWitnesses a few event ids counted or dropped depending on the interleaving
 * @param repeatedWitnesses a few event ids delivered more than once, the most repeated first
 */
public record TopicWindow(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long delivered,
    long repeatedDeliveries,
    long droppedRepeats,
    long countedMin,
    long countedMax,
    long countedInGrace,
    List<String> lateWitnesses,
    List<String> ambiguousWitnesses,
    List<String> repeatedWitnesses) {

  public TopicWindow {
    if (countedMin > countedMax || countedMax > delivered) {
      throw new IllegalArgumentException(
          "need countedMin <= countedMax <= delivered, were "
              + countedMin
              + ", "
              + countedMax
              + ", "
              + delivered);
    }
    lateWitnesses = List.copyOf(lateWitnesses);
    ambiguousWitnesses = List.copyOf(ambiguousWitnesses);
    repeatedWitnesses = List.copyOf(repeatedWitnesses);
  }

  /** Whether the interleaving of other partitions' records decides some of this window's clicks. */
  public boolean bounded() {
    return countedMin != countedMax;
  }

  /** Records the replay drops as late, at least. */
  public long droppedMin() {
    return delivered - countedMax;
  }

  /** Records the replay drops as late, at most. */
  public long droppedMax() {
    return delivered - countedMin;
  }
}
