package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The clicks one stage lost and added.
 *
 * @param stage as the accounting names it ({@code sink}, {@code aggregation}, ...), or {@code
 *     table} when the topic was not read back and only the table's difference from the truth is
 *     known
 */
@JsonPropertyOrder({"stage", "lost", "added"})
public record StageClicks(String stage, long lost, long added) {

  /** "4 lost by the sink", "2 added by the aggregation", "1 lost and 3 added by the table". */
  public String describe() {
    String what =
        lost > 0 && added > 0
            ? lost + " lost and " + added + " added"
            : lost > 0 ? lost + " lost" : added + " added";
    return what + " by the " + stage.replace('-', ' ');
  }
}
