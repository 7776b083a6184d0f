package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One (campaign, window) compared with the truth.
 *
 * @param observed the database's count, null when the database has no row for the window
 * @param difference observed minus expected, an absent window counting as 0
 * @param kind {@value #MATCHED}, or how it differs: lost clicks, duplicated clicks, missing window,
 *     unexpected window, late clicks counted, late clicks dropped, wrong window end (the count is
 *     right, the end is not)
 * @param wrongEnd null when the table's end of the window is its start plus the window size (or the
 *     table has no row for it); otherwise what the table holds, in full UTC as {@link
 *     DisplayText#windowEnds} shows it: "1970-01-01 00:00:00", "NULL", or "lowest to highest" when
 *     the window's rows disagree. Set with any class: a window can have a wrong count and a wrong
 *     end.
 */
@JsonPropertyOrder({
  "campaignId",
  "windowStartMs",
  "windowEndMs",
  "expected",
  "observed",
  "difference",
  "kind",
  "wrongEnd"
})
public record WindowRow(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long expected,
    Long observed,
    long difference,
    String kind,
    String wrongEnd) {

  public static final String MATCHED = "matched";

  /** The class of a window whose count is right and whose end is not. */
  public static final String WRONG_WINDOW_END = "wrong window end";

  /** A window whose end is right, or that has no row. */
  public WindowRow(
      String campaignId,
      long windowStartMs,
      long windowEndMs,
      long expected,
      Long observed,
      long difference,
      String kind) {
    this(campaignId, windowStartMs, windowEndMs, expected, observed, difference, kind, null);
  }

  /** The class as shown: the kind, and the wrong end when there is one. */
  public String verdictText() {
    return DisplayText.verdict(kind, wrongEnd);
  }

  public boolean matched() {
    return MATCHED.equals(kind);
  }
}
