package dev.clicksim.stack.external;

import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.net.URI;
import java.util.Map;

/**
 * Where an external pipeline's parts are, as clicksim reaches them from its host and (for the
 * sink's configuration) as the Connect workers reach them.
 *
 * @param kafka Kafka client settings: bootstrap servers plus anything passed through (SASL, TLS)
 * @param ksqlDb ksqlDB's REST API, or null when the windowed count runs elsewhere (e.g. a clicksim
 *     up)
 * @param schemaRegistry Schema Registry, or null for plain JSON clicks
 * @param connect Kafka Connect's REST API
 * @param sinkDatabase the database as the Connect workers reach it, and how they get its password
 * @param sinkSchemaRegistryUrl Schema Registry as the Connect workers reach it
 * @param compose whether the parts are the services of {@code docker-compose.yml} on this host
 *     ({@code --profile compose}), which docker compose can kill, restart and pause
 */
public record ExternalEndpoints(
    Map<String, Object> kafka,
    ServiceEndpoint ksqlDb,
    ServiceEndpoint schemaRegistry,
    ServiceEndpoint connect,
    DatabaseEndpoint database,
    SinkDatabaseEndpoint sinkDatabase,
    URI sinkSchemaRegistryUrl,
    boolean compose) {

  public ExternalEndpoints {
    kafka = Map.copyOf(kafka);
  }

  /** A cluster that is not the compose stack. */
  public ExternalEndpoints(
      Map<String, Object> kafka,
      ServiceEndpoint ksqlDb,
      ServiceEndpoint schemaRegistry,
      ServiceEndpoint connect,
      DatabaseEndpoint database,
      SinkDatabaseEndpoint sinkDatabase,
      URI sinkSchemaRegistryUrl) {
    this(
        kafka,
        ksqlDb,
        schemaRegistry,
        connect,
        database,
        sinkDatabase,
        sinkSchemaRegistryUrl,
        false);
  }

  public URI ksqlDbUrl() {
    return ksqlDb == null ? null : ksqlDb.url();
  }

  public URI schemaRegistryUrl() {
    return schemaRegistry == null ? null : schemaRegistry.url();
  }

  public URI connectUrl() {
    return connect == null ? null : connect.url();
  }
}
