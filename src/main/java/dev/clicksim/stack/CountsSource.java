package dev.clicksim.stack;

import dev.clicksim.db.CountsTable;
import java.util.Optional;

/**
 * What a verification needs of a pipeline: its counts table, and whether the sink that writes it
 * has died. A whole {@link Stack} is one; so is a bare database given by its JDBC URL, which has no
 * sink to ask.
 */
public interface CountsSource {

  /** Opens a reader of the window counts in {@code table}; the caller closes it. */
  CountsReader openCountsReader(CountsTable table);

  /**
   * Where the counts are read, for messages: "table click_counts at
   * jdbc:postgresql://127.0.0.1:5432/db_metrics".
   */
  String describe(CountsTable table);

  /**
   * A one-line description of a sink task that has FAILED (it will never write again), or empty
   * while the sink runs or when this source has no sink to ask.
   */
  Optional<String> failedSinkTask();

  /**
   * The pipeline's topics, read back for verify's three-way accounting; empty for a source that has
   * no Kafka to read (a bare database).
   */
  default Optional<PipelineTopics> pipelineTopics() {
    return Optional.empty();
  }
}
