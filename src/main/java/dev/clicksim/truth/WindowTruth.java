package dev.clicksim.truth;

/**
 * What the pipeline must report for one (campaign, window).
 *
 * @param sent deliveries sent with an event time in this window, duplicate deliveries included
 * @param expectedCount deliveries the windowed count must include: {@code sent - droppedLate}; the
 *     final count of the window
 * @param droppedLate deliveries that arrive after window end + grace (against the partition's
 *     stream time) and are dropped
 * @param duplicates deliveries that repeat an earlier delivery of the same click (they are counted,
 *     unless late)
 * @param countedInGrace deliveries that arrived after stream time had passed the window's end but
 *     within the grace period: counted, and the first to go missing if a pipeline's grace is
 *     shorter than the truth's
 */
public record WindowTruth(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long sent,
    long expectedCount,
    long droppedLate,
    long duplicates,
    long countedInGrace) {

  /** A window with no click counted thanks to the grace period. */
  public WindowTruth(
      String campaignId,
      long windowStartMs,
      long windowEndMs,
      long sent,
      long expectedCount,
      long droppedLate,
      long duplicates) {
    this(campaignId, windowStartMs, windowEndMs, sent, expectedCount, droppedLate, duplicates, 0);
  }
}
