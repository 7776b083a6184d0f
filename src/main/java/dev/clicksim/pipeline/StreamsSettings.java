package dev.clicksim.pipeline;

/**
 * How the embedded windowed count runs. ksqlDB's defaults are a 2 s commit interval and a 10 MB
 * cache, which batch a window's updates so the sink sees a new count at most every 2 s; clicksim's
 * defaults commit every 100 ms and let the Streams producer wait at most 5 ms, so a window's final
 * count reaches PostgreSQL within a fraction of a second.
 *
 * @param commitIntervalMs {@code commit.interval.ms}: how often counts are flushed downstream
 * @param cacheMaxBytes {@code statestore.cache.max.bytes}: 0 forwards every single update
 * @param producerLingerMs the Streams producer's {@code linger.ms} (Kafka's default of 5 ms since
 *     4.0; 100 ms in ksqlDB)
 * @param processingGuarantee {@code at_least_once} (ksqlDB's default) or {@code exactly_once_v2}
 */
public record StreamsSettings(
    long commitIntervalMs, long cacheMaxBytes, int producerLingerMs, String processingGuarantee) {

  public static final StreamsSettings DEFAULT =
      new StreamsSettings(100, 10L * 1024 * 1024, 5, "at_least_once");

  /** ksqlDB server's defaults, to compare freshness against. */
  public static final StreamsSettings KSQLDB_DEFAULTS =
      new StreamsSettings(2000, 10L * 1024 * 1024, 100, "at_least_once");
}
