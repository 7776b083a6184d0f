package dev.clicksim.verify;

/**
 * The final count the pipeline's database holds for one (campaign, window), and the window end its
 * rows hold. A window has several rows in the insert layout (a row per update), and they may
 * disagree on the end: the lowest and the highest are kept, so a wrong end in any row is seen.
 *
 * @param lowestEndMs the lowest end of the window's rows; null when a row holds no end
 * @param highestEndMs the highest end; {@code lowestEndMs} when the rows agree, null when a row
 *     holds no end
 */
public record ObservedWindow(
    String campaignId, long windowStartMs, Long lowestEndMs, Long highestEndMs, long count) {

  public ObservedWindow {
    if ((lowestEndMs == null) != (highestEndMs == null)
        || (lowestEndMs != null && lowestEndMs > highestEndMs)) {
      throw new IllegalArgumentException(
          "window ends must be both null or lowest <= highest, were "
              + lowestEndMs
              + " and "
              + highestEndMs);
    }
  }

  /** A window whose rows all end at {@code windowEndMs}. */
  public ObservedWindow(String campaignId, long windowStartMs, long windowEndMs, long count) {
    this(campaignId, windowStartMs, (Long) windowEndMs, (Long) windowEndMs, count);
  }

  /** Whether every row of the window ends at {@code endMs}. */
  public boolean endsAt(long endMs) {
    return lowestEndMs != null && lowestEndMs == endMs && highestEndMs == endMs;
  }

  /**
   * Whether this and {@code other} are the same window with the same count, whatever their ends.
   */
  public boolean sameCount(ObservedWindow other) {
    return count == other.count
        && windowStartMs == other.windowStartMs
        && campaignId.equals(other.campaignId);
  }
}
