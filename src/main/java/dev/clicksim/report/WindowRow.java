package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One (campaign, window) compared with the truth.
 *
 * @param observed the database's count, null when the database has no row for the window
 * @param difference observed minus expected, an absent window counting as 0
 * @param kind {@value #MATCHED}, or how it differs: lost clicks, duplicated clicks, missing window,
 *     unexpected window, late clicks counted, late clicks dropped wrongly
 */
@JsonPropertyOrder({
  "campaignId",
  "windowStartMs",
  "windowEndMs",
  "expected",
  "observed",
  "difference",
  "kind"
})
public record WindowRow(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long expected,
    Long observed,
    long difference,
    String kind) {

  public static final String MATCHED = "matched";

  public boolean matched() {
    return MATCHED.equals(kind);
  }
}
