package dev.clicksim.pipeline;

/**
 * Names of the pipeline's topics, ksqlDB objects and Kafka Streams parts. The ksqlDB statements in
 * {@code ksql/} use the same names (KsqlStatementsTest keeps them in step).
 *
 * @param inputTopic topic the clicks are sent to
 * @param outputTopic topic the windowed counts are written to (the sink reads it)
 * @param streamName ksqlDB stream over the input topic
 * @param tableName ksqlDB table of windowed counts
 * @param applicationId Kafka Streams {@code application.id}; prefixes internal topics
 * @param storeName the windowed count's state store
 * @param groupByName name of the re-keying step; the repartition topic is {@link
 *     #repartitionTopic()}
 */
public record PipelineNames(
    String inputTopic,
    String outputTopic,
    String streamName,
    String tableName,
    String applicationId,
    String storeName,
    String groupByName) {

  public static final PipelineNames DEFAULT =
      new PipelineNames(
          "click_events",
          "click_counts_table_output",
          "click_events_stream",
          "click_counts_table",
          "clicksim-click-counts",
          "click-counts-store",
          "click-counts-by-campaign");

  public static PipelineNames defaults() {
    return DEFAULT;
  }

  /** The internal topic Kafka Streams creates for the re-keyed stream. */
  public String repartitionTopic() {
    return applicationId + "-" + groupByName + "-repartition";
  }

  /** The changelog topic of the count's state store. */
  public String changelogTopic() {
    return applicationId + "-" + storeName + "-changelog";
  }
}
