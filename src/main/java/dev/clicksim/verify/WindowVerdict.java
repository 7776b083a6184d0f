package dev.clicksim.verify;

/**
 * How one (campaign, window) compares.
 *
 * <p>A window can be wrong in its count and in its end at once; {@link #kind} is then the count's
 * class, because it says what happened to the clicks, and {@link #wrongEnd} still says the end is
 * wrong: both are reported.
 *
 * @param windowEndMs the truth's end of the window (start + window size); for a window the truth
 *     does not have, the table's lowest end, or start + size when the table holds none
 * @param expected the truth's expected count (0 for a window the truth does not have)
 * @param observed the database's count, or null if the database has no row for the window
 * @param wrongEnd what the table holds as the window's end when that is not start + size; null when
 *     it is, or when the table has no row for the window
 */
public record WindowVerdict(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long expected,
    Long observed,
    Kind kind,
    WrongEnd wrongEnd) {

  public enum Kind {
    /**
     * Observed equals expected, or the window is absent and the truth expects 0 (all its clicks
     * late), and the window's end is right.
     */
    MATCHED,
    /** Observed count below expected. */
    LOST_CLICKS,
    /** Observed count above expected. */
    DUPLICATED_CLICKS,
    /** The truth expects clicks in a window the database does not have. */
    MISSING_WINDOW,
    /**
     * The database has a window the truth does not expect (absent from the truth, or all its clicks
     * late).
     */
    UNEXPECTED_WINDOW,
    /**
     * Count above expected by no more than the window's clicks that were due to be dropped as late.
     */
    LATE_CLICKS_COUNTED,
    /** Count below expected by no more than the window's clicks that only the grace period kept. */
    LATE_CLICKS_DROPPED,
    /**
     * The count is right but a row of the window holds an end other than its start plus the window
     * size (or none).
     */
    WRONG_WINDOW_END
  }

  public WindowVerdict {
    if (kind == Kind.MATCHED && wrongEnd != null) {
      throw new IllegalArgumentException("a window with a wrong end is not matched");
    }
    if (kind == Kind.WRONG_WINDOW_END && wrongEnd == null) {
      throw new IllegalArgumentException("a wrong window end needs the end it observed");
    }
  }

  /** A window whose end is right or that has no row. */
  public WindowVerdict(
      String campaignId,
      long windowStartMs,
      long windowEndMs,
      long expected,
      Long observed,
      Kind kind) {
    this(campaignId, windowStartMs, windowEndMs, expected, observed, kind, null);
  }

  /** observed - expected, an absent window counting as 0: negative when clicks were lost. */
  public long difference() {
    return (observed == null ? 0 : observed) - expected;
  }

  public boolean matched() {
    return kind == Kind.MATCHED;
  }

  /** Whether the table's end of this window is wrong, whatever its class. */
  public boolean endWrong() {
    return wrongEnd != null;
  }
}
