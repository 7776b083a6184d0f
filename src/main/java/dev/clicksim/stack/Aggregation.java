package dev.clicksim.stack;

import dev.clicksim.window.WindowSpec;
import java.util.List;

/**
 * The windowed count per campaign: ksqlDB's table, or the Kafka Streams topology with the same
 * semantics.
 */
public interface Aggregation {

  /** Makes sure the windowed count runs; idempotent. */
  ProvisionStep ensureRunning();

  /** What {@link #ensureRunning()} would do, as lines to print; contacts nothing. */
  List<String> plan();

  /** The window size and grace the running aggregation applies, which the truth must use too. */
  WindowSpec windows();
}
