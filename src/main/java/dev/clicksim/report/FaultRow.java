package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One fault of the run and what it cost, as verify found it.
 *
 * @param number its place among the run's faults, from 1
 * @param fault as {@code --fault} writes it, e.g. {@code pause:postgres@30%/5s}
 * @param length how long a pause lasted, or null
 * @param at when it was asked for, as written
 * @param scenarioOffsetMs the scenario offset the sender had reached when it fired
 * @param firedAt when it fired; null for a run recorded before faults were kept as data
 * @param firedSeconds when it fired, seconds since the sending started
 * @param doneSeconds when the stack had done it, seconds since the sending started, or null
 * @param what what the stack did, or why it could not
 * @param failed whether the stack could not do it
 * @param recoverySeconds from its firing to the poll at which the table showed every click
 *     acknowledged before it was done; null when the table did not catch up or it was not measured
 * @param caughtUpSeconds that poll, seconds since the sending started, or null
 * @param clicksNeverShown clicks acknowledged before it was done that the table never showed
 * @param recoveryProblem why there is no recovery time, or null
 * @param cost the clicks each stage lost or added in the windows attributed to it
 * @param windows how many differing windows are attributed to it
 * @param windowExamples a few of them, "campaign@start" each (at most 20)
 */
@JsonPropertyOrder({
  "number",
  "fault",
  "action",
  "target",
  "length",
  "at",
  "scenarioOffsetMs",
  "firedAt",
  "firedSeconds",
  "doneSeconds",
  "what",
  "failed",
  "recoverySeconds",
  "caughtUpSeconds",
  "clicksNeverShown",
  "recoveryProblem",
  "cost",
  "windows",
  "windowExamples"
})
public record FaultRow(
    int number,
    String fault,
    String action,
    String target,
    String length,
    String at,
    long scenarioOffsetMs,
    Instant firedAt,
    double firedSeconds,
    Double doneSeconds,
    String what,
    boolean failed,
    Double recoverySeconds,
    Double caughtUpSeconds,
    long clicksNeverShown,
    String recoveryProblem,
    List<StageClicks> cost,
    long windows,
    List<String> windowExamples) {

  public FaultRow {
    cost = cost == null ? List.of() : List.copyOf(cost);
    windowExamples = windowExamples == null ? List.of() : List.copyOf(windowExamples);
  }

  public long clicksLost() {
    return cost.stream().mapToLong(StageClicks::lost).sum();
  }

  public long clicksAdded() {
    return cost.stream().mapToLong(StageClicks::added).sum();
  }

  /** "caught up in 7.4 s", or why not. */
  public String recoveryText() {
    return recoverySeconds == null
        ? recoveryProblem
        : String.format(Locale.ROOT, "table caught up in %.1f s", recoverySeconds);
  }

  /** "no click lost or added", or "4 lost by the sink in 3 windows". */
  public String costText() {
    if (cost.isEmpty()) {
      return "no click lost or added";
    }
    return cost.stream().map(StageClicks::describe).collect(Collectors.joining(", "))
        + " in "
        + windows
        + (windows == 1 ? " window" : " windows");
  }

  /**
   * Why this fault fails the run's promise, or null: the stack could not do it, the table did not
   * catch up, it lost clicks (no guarantee allows that), or it doubled clicks under a guarantee
   * that promises exactly once.
   *
   * @param guarantee the windowed count's processing guarantee, e.g. {@code at_least_once}
   */
  public String problem(String guarantee) {
    if (failed) {
      return "the stack could not do it: " + what;
    }
    if (recoverySeconds == null
        && recoveryProblem != null
        && recoveryProblem.startsWith("not caught")) {
      return recoveryProblem;
    }
    if (clicksLost() > 0) {
      return "it cost clicks: " + costText();
    }
    if (clicksAdded() > 0 && guarantee != null && guarantee.startsWith("exactly_once")) {
      return "it doubled clicks under " + guarantee + ": " + costText();
    }
    return null;
  }

  /** One line for the console: the fault, what was done, the recovery and the cost. */
  public String describe() {
    return "fault "
        + number
        + " "
        + fault
        + String.format(Locale.ROOT, " fired at +%.1f s", firedSeconds)
        + ": "
        + (failed ? "FAILED: " : "")
        + what
        + "; "
        + recoveryText()
        + "; "
        + costText();
  }
}
