package dev.clicksim.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the embedded windowed count runs: the Kafka Streams settings that decide when a window's
 * count reaches the table (commit interval, cache, producer linger), how many threads share its
 * tasks, its processing guarantee and its topology optimization. {@link EngineProfile} names the
 * two sets clicksim ships.
 *
 * @param commitIntervalMs {@code commit.interval.ms}: how often counts are flushed downstream
 * @param cacheMaxBytes {@code statestore.cache.max.bytes}: 0 forwards every single update
 * @param producerLingerMs the Streams producer's {@code linger.ms} (Kafka Streams sets 100 ms)
 * @param processingGuarantee {@code at_least_once} (ksqlDB's default) or {@code exactly_once_v2}
 * @param streamThreads {@code num.stream.threads}
 * @param topologyOptimization {@code topology.optimization}: {@code all} (ksqlDB) or {@code none}
 */
public record StreamsSettings(
    long commitIntervalMs,
    long cacheMaxBytes,
    int producerLingerMs,
    String processingGuarantee,
    int streamThreads,
    String topologyOptimization) {

  public StreamsSettings {
    if (commitIntervalMs <= 0 || cacheMaxBytes < 0 || producerLingerMs < 0 || streamThreads < 1) {
      throw new IllegalArgumentException(
          "commit interval must be > 0, cache and linger >= 0, threads >= 1");
    }
  }

  public StreamsSettings withCommitIntervalMs(long ms) {
    return new StreamsSettings(
        ms,
        cacheMaxBytes,
        producerLingerMs,
        processingGuarantee,
        streamThreads,
        topologyOptimization);
  }

  public StreamsSettings withCacheMaxBytes(long bytes) {
    return new StreamsSettings(
        commitIntervalMs,
        bytes,
        producerLingerMs,
        processingGuarantee,
        streamThreads,
        topologyOptimization);
  }

  public StreamsSettings withProducerLingerMs(int ms) {
    return new StreamsSettings(
        commitIntervalMs,
        cacheMaxBytes,
        ms,
        processingGuarantee,
        streamThreads,
        topologyOptimization);
  }

  public StreamsSettings withProcessingGuarantee(ProcessingGuarantee guarantee) {
    return new StreamsSettings(
        commitIntervalMs,
        cacheMaxBytes,
        producerLingerMs,
        guarantee.name(),
        streamThreads,
        topologyOptimization);
  }

  /** The settings as run.json and the reports record them. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("streams.commit.interval", java.time.Duration.ofMillis(commitIntervalMs).toString());
    m.put("streams.cache.max.bytes", Long.toString(cacheMaxBytes));
    m.put("streams.producer.linger.ms", Integer.toString(producerLingerMs));
    m.put("streams.processing.guarantee", processingGuarantee);
    m.put("streams.num.stream.threads", Integer.toString(streamThreads));
    m.put("streams.topology.optimization", topologyOptimization);
    return m;
  }
}
