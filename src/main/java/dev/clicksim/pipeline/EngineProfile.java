package dev.clicksim.pipeline;

/**
 * The embedded windowed count's settings as a named set. {@code ksqldb} is the default because an
 * embedded verdict should predict the seed's pipeline: a ksqlDB server's defaults ({@code
 * KsqlConstants} and the server configuration reference) commit every 2 s with a 10,000,000-byte
 * cache, run 4 stream threads at least once, and optimize the topology, so a window's count reaches
 * the table seconds after its last click. {@code fast} is what clicksim ran before: a 100 ms commit
 * and one thread, for quick feedback; the counts are the same, only freshness differs.
 */
public enum EngineProfile {
  ksqldb(new StreamsSettings(2000, 10_000_000L, 100, "at_least_once", 4, "all")),
  fast(new StreamsSettings(100, 10L * 1024 * 1024, 5, "at_least_once", 1, "none"));

  private final StreamsSettings settings;

  EngineProfile(StreamsSettings settings) {
    this.settings = settings;
  }

  public StreamsSettings settings() {
    return settings;
  }

  /** The profile of an unqualified embedded stack. */
  public static final EngineProfile DEFAULT = ksqldb;
}
