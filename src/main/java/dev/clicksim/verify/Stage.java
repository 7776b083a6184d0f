package dev.clicksim.verify;

import java.util.Locale;

/**
 * Where along the pipeline a difference arose, found by comparing the generated truth, what {@code
 * click_events} holds, the windowed count's output topic and the table.
 */
public enum Stage {
  /** In the truth (generated, or acknowledged by Kafka) but not in {@code click_events}. */
  NEVER_REACHED_KAFKA("never reached Kafka"),
  /**
   * The same event id more often in {@code click_events} than the scenario's intended duplicate
   * deliveries (a producer retry, a replayed send).
   */
  DUPLICATED_INTO_KAFKA("duplicated into Kafka"),
  /** Records of the run's campaigns in {@code click_events} that the truth does not have. */
  UNEXPECTED_IN_KAFKA("unexpected in Kafka"),
  /**
   * The windowed count's last output for the window differs from what the topic's records, in the
   * topic's order, make it.
   */
  AGGREGATION("aggregation"),
  /** The table differs from the windowed count's last output for the window, or lacks it. */
  SINK("sink"),
  /**
   * The table differs from what the topic's records make, and the output topic was not read, so the
   * aggregation and the sink cannot be told apart.
   */
  AGGREGATION_OR_SINK("aggregation or sink");

  private final String text;

  Stage(String text) {
    this.text = text;
  }

  /** As printed and reported: "never reached Kafka". */
  public String text() {
    return text;
  }

  /** As verify.json names it: "never-reached-kafka". */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
