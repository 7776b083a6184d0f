package dev.clicksim.stack;

import dev.clicksim.window.WindowSpec;

/** The windowed count per campaign: ksqlDB's table, or the embedded Kafka Streams topology with the same semantics. */
public interface Aggregation {

  /** Makes sure the windowed count runs; idempotent. */
  ProvisionStep ensureRunning();

  /** The window size and grace the running aggregation applies, which the truth must use too. */
  WindowSpec windows();
}
