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
 * @param stage where the difference arose, as the three-way accounting found it ({@code
 *     never-reached-kafka}, {@code duplicated-into-kafka}, {@code unexpected-in-kafka}, {@code
 *     aggregation}, {@code sink}, {@code aggregation-or-sink}); null for a window that matched, or
 *     when the topic was not read back
 * @param attribution what each stage did to the window's clicks, with a few witness event ids ("2
 *     clicks duplicated into Kafka (eventIds r1.e5 x3)"), or a note on a matched window whose late
 *     drops only the topic explains or whose count is a range; null when there is none
 */
@JsonPropertyOrder({
  "campaignId",
  "windowStartMs",
  "windowEndMs",
  "expected",
  "observed",
  "difference",
  "kind",
  "wrongEnd",
  "stage",
  "attribution"
})
public record WindowRow(
    String campaignId,
    long windowStartMs,
    long windowEndMs,
    long expected,
    Long observed,
    long difference,
    String kind,
    String wrongEnd,
    String stage,
    String attribution) {

  public static final String MATCHED = "matched";

  /** The class of a window whose count is right and whose end is not. */
  public static final String WRONG_WINDOW_END = "wrong window end";

  /** A window without attribution (the topic was not read back). */
  public WindowRow(
      String campaignId,
      long windowStartMs,
      long windowEndMs,
      long expected,
      Long observed,
      long difference,
      String kind,
      String wrongEnd) {
    this(
        campaignId,
        windowStartMs,
        windowEndMs,
        expected,
        observed,
        difference,
        kind,
        wrongEnd,
        null,
        null);
  }

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
