package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The run on its own clock (seconds since the sending started): the faults that fired, what each
 * cost, and when windows completed, for the report's timeline.
 *
 * @param method how the recovery and the attribution were found, and to what resolution: one line
 * @param faults in the order they fired
 * @param notAttributable the clicks each stage lost or added in differing windows no fault's
 *     interval reaches
 * @param notAttributableWindows how many windows those are
 * @param windowCompletion windows by when their last click was acknowledged, with how long the
 *     table then took to show their final count (thinned to at most {@value #MAX_POINTS} points,
 *     the slowest of each stretch kept)
 */
@JsonPropertyOrder({
  "method",
  "faults",
  "notAttributable",
  "notAttributableWindows",
  "windowCompletion"
})
public record Timeline(
    String method,
    List<FaultRow> faults,
    List<StageClicks> notAttributable,
    long notAttributableWindows,
    List<CompletionPoint> windowCompletion) {

  public static final int MAX_POINTS = 1500;

  public Timeline {
    faults = faults == null ? List.of() : List.copyOf(faults);
    notAttributable = notAttributable == null ? List.of() : List.copyOf(notAttributable);
    windowCompletion = windowCompletion == null ? List.of() : List.copyOf(windowCompletion);
  }

  /**
   * One window's completion on the run's clock.
   *
   * @param lastAckSeconds when its last counted click was acknowledged
   * @param completionMs from then to the poll that first showed its final count
   */
  @JsonPropertyOrder({"lastAckSeconds", "completionMs"})
  public record CompletionPoint(double lastAckSeconds, double completionMs) {}
}
