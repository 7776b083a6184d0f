package dev.clicksim.stack;

import java.util.Map;

/**
 * Where a pipeline's parts are, as clicksim reaches them from its host, and the database as the
 * Connect workers reach it (in a compose network {@code postgres:5432}, not the host's {@code
 * 127.0.0.1:5432}).
 *
 * @param kafka Kafka client settings: bootstrap servers plus anything passed through (SASL, TLS)
 * @param connect Kafka Connect's REST API, with its credentials when it asks for them
 * @param sinkDatabase the database as the Connect workers reach it, and how they get its password
 */
public record StackEndpoints(
    Map<String, Object> kafka,
    ServiceEndpoint connect,
    DatabaseEndpoint database,
    SinkDatabaseEndpoint sinkDatabase) {

  public StackEndpoints {
    kafka = Map.copyOf(kafka);
  }

  public String bootstrapServers() {
    return String.valueOf(kafka.get("bootstrap.servers"));
  }
}
