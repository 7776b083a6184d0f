package dev.clicksim.api;

import java.time.Instant;

/**
 * One (campaign, window) of a run: what the truth expects, what the table holds, and its class.
 *
 * @param campaignId the campaign as sent, the run's prefix included
 * @param observed the table's count, or null when the table has no row for the window
 * @param wrongEnd what the table holds as the window's end when that is not start + size, in full;
 *     null otherwise
 * @param stage the stage a difference arose in ("aggregation", "sink", ...) and its witnesses, when
 *     the topics were read back; null for a matched window or when they were not
 */
public record WindowResult(
    String campaignId,
    Instant start,
    Instant end,
    long expected,
    Long observed,
    WindowClass windowClass,
    String wrongEnd,
    String stage) {

  public boolean matched() {
    return windowClass == WindowClass.MATCHED;
  }

  /** observed - expected, an absent window counting as 0. */
  public long difference() {
    return (observed == null ? 0 : observed) - expected;
  }
}
