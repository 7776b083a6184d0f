package dev.clicksim.verify;

import java.util.List;

/**
 * One stage's share of a window's difference, with a minimal witness, named as Jepsen names
 * anomalies (lost, duplicated, unexpected).
 *
 * @param effect whether the stage lost the clicks or added them
 * @param anomaly what happened to the clicks, as it follows their count: "never reached Kafka",
 *     "duplicated into Kafka", "doubled by the aggregation", "not (yet) written by the sink", ...
 * @param clicks how many clicks (deliveries) the stage lost or added, never negative
 * @param witnesses a few event ids that show it, when the stage can name them (the truth keeps
 *     counts, not event ids, so clicks that never reached Kafka cannot be named)
 */
public record StageFinding(
    Stage stage, Effect effect, String anomaly, long clicks, List<String> witnesses) {

  /** What a stage did to the clicks of a finding. */
  public enum Effect {
    /** Fewer clicks than the stage was given: lost, not (yet) written, dropped. */
    LOST,
    /** More: duplicated, doubled, invented, counted although late. */
    ADDED,
    /** As many, in a window written with a wrong end. */
    MISPLACED
  }

  public StageFinding {
    if (clicks < 0) {
      throw new IllegalArgumentException("clicks must be >= 0, was " + clicks);
    }
    witnesses = List.copyOf(witnesses);
  }

  /** "3 clicks duplicated into Kafka (eventIds r1.e5, r1.e9)". */
  public String describe() {
    return clicks
        + (clicks == 1 ? " click " : " clicks ")
        + anomaly
        + (witnesses.isEmpty() ? "" : " (eventIds " + String.join(", ", witnesses) + ")");
  }
}
