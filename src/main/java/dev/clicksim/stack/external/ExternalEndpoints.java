package dev.clicksim.stack.external;

import java.net.URI;
import java.util.Map;

import dev.clicksim.stack.DatabaseEndpoint;

/**
 * Where an external pipeline's parts are, as clicksim reaches them from its host and (for the sink's configuration) as
 * the Connect workers reach them.
 *
 * @param kafka Kafka client settings: bootstrap servers plus anything passed through (SASL, TLS)
 * @param ksqlDbUrl ksqlDB's REST API, or null when the windowed count runs elsewhere (e.g. a clicksim up)
 * @param schemaRegistryUrl Schema Registry, or null for plain JSON clicks
 * @param sinkDatabase the database as the Connect workers reach it
 * @param sinkSchemaRegistryUrl Schema Registry as the Connect workers reach it
 */
public record ExternalEndpoints(
    Map<String, Object> kafka,
    URI ksqlDbUrl,
    URI schemaRegistryUrl,
    URI connectUrl,
    DatabaseEndpoint database,
    DatabaseEndpoint sinkDatabase,
    URI sinkSchemaRegistryUrl) {

  public ExternalEndpoints {
    kafka = Map.copyOf(kafka);
  }
}
