package dev.clicksim.verify;

import java.util.List;

/**
 * How the table kept up with the clicks during a run, on the run's wall clock (seconds since the
 * sending started), as the freshness tracker measured it from the acks and the table's polls: what
 * {@link FaultImpact} needs to say when the table caught up after a fault and which windows a fault
 * reached.
 *
 * @param windows every window with an acknowledged click
 * @param catchUp the acknowledged clicks by when they were acknowledged, in {@link
 *     CatchUpBucket#WIDTH_SECONDS} steps, with when the table last showed one of them
 */
public record TableTimeline(List<WindowTiming> windows, List<CatchUpBucket> catchUp) {

  public TableTimeline {
    windows = List.copyOf(windows);
    catchUp = List.copyOf(catchUp);
  }

  /**
   * One window on the run's clock.
   *
   * @param firstAckSeconds when its first counted click was acknowledged
   * @param lastAckSeconds when its last counted click was acknowledged
   * @param finalSeenSeconds the first poll that showed the count the window ended with; null when
   *     the table never showed it
   * @param finalCount the largest count the table showed, 0 for none
   */
  public record WindowTiming(
      String campaignId,
      long windowStartMs,
      double firstAckSeconds,
      double lastAckSeconds,
      Double finalSeenSeconds,
      long finalCount) {

    public WindowKey key() {
      return new WindowKey(campaignId, windowStartMs);
    }
  }

  /**
   * The clicks acknowledged in one step of the run's clock.
   *
   * @param startSeconds the step's start; it lasts {@link #WIDTH_SECONDS}
   * @param seen how many of them the table showed
   * @param unseen how many it never showed (counts that stayed below their place in the window)
   * @param lastSeenSeconds the poll that showed the last of the seen ones; null when none was
   */
  public record CatchUpBucket(double startSeconds, long seen, long unseen, Double lastSeenSeconds) {
    /** The step of the acknowledgements' clock. */
    public static final double WIDTH_SECONDS = 0.1;
  }
}
