package dev.clicksim.verify;

/**
 * How one (campaign, window) compares.
 *
 * @param expected the truth's expected count (0 for a window the truth does not have)
 * @param observed the database's count, or null if the database has no row for the window
 */
public record WindowVerdict(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long expected,
    Long observed,
    Kind kind) {

  public enum Kind {
    /**
     * Observed equals expected, or the window is absent and the truth expects 0 (all its clicks
     * late).
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
    LATE_CLICKS_DROPPED
  }

  /** observed - expected, an absent window counting as 0: negative when clicks were lost. */
  public long difference() {
    return (observed == null ? 0 : observed) - expected;
  }

  public boolean matched() {
    return kind == Kind.MATCHED;
  }
}
