package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The three-way accounting of a verification: what reading {@code click_events} (and the windowed
 * count's output topic) back found, and how many clicks each stage of the pipeline accounts for.
 *
 * @param topicRead whether {@code click_events} was read back; when not, the table was compared
 *     with the generated truth alone
 * @param method how it was read, or why it was not: one line
 * @param topicRecords records of {@code click_events} read (every producer's)
 * @param runRecords those of the run's campaigns
 * @param readSeconds how long the read-back took
 * @param outputRead whether the output topic was read, so the aggregation and the sink are told
 *     apart
 * @param clicksByStage for each stage ({@code never-reached-kafka}, {@code duplicated-into-kafka},
 *     {@code unexpected-in-kafka}, {@code aggregation}, {@code sink}, {@code aggregation-or-sink}),
 *     the clicks it lost or added over all windows
 * @param lateDropsExplained windows whose late drops the generated truth did not predict and the
 *     topic's order explains (other records on the same partitions)
 * @param boundedWindows windows whose expected count is a range because records reach their
 *     repartition partition from other input partitions, "campaign@start" each (at most 20)
 */
@JsonPropertyOrder({
  "topicRead",
  "method",
  "topicRecords",
  "runRecords",
  "readSeconds",
  "outputRead",
  "clicksByStage",
  "lateDropsExplained",
  "boundedWindows"
})
public record AccountingSummary(
    boolean topicRead,
    String method,
    long topicRecords,
    long runRecords,
    double readSeconds,
    boolean outputRead,
    Map<String, Long> clicksByStage,
    long lateDropsExplained,
    List<String> boundedWindows) {

  public AccountingSummary {
    clicksByStage = clicksByStage == null ? Map.of() : new java.util.LinkedHashMap<>(clicksByStage);
    boundedWindows = boundedWindows == null ? List.of() : List.copyOf(boundedWindows);
  }

  /** Not read: {@code why} says so. */
  public static AccountingSummary notRead(String why) {
    return new AccountingSummary(false, why, 0, 0, 0, false, Map.of(), 0, List.of());
  }
}
