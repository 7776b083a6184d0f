package dev.clicksim.api;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A running pipeline to attach to (a compose stack a test started with Testcontainers, a cluster of
 * your own): what {@code clicksim run --target external} is given on its command line.
 *
 * @param bootstrapServers Kafka, as this JVM reaches it
 * @param connectUrl Kafka Connect's REST API
 * @param ksqlDbUrl ksqlDB's REST API, or null when the windowed count already runs
 * @param schemaRegistryUrl Schema Registry, or null
 * @param jdbcUrl PostgreSQL as this JVM reaches it
 * @param sinkJdbcUrl PostgreSQL as the Connect worker reaches it (e.g. {@code
 *     jdbc:postgresql://postgres:5432/db_metrics} inside compose); null for {@code jdbcUrl}
 * @param sinkPasswordReference what the connector's {@code connection.password} says, a config
 *     provider reference such as {@code ${env:POSTGRES_PASSWORD}}; null sends the password itself
 * @param sinkSchemaRegistryUrl Schema Registry as the Connect worker reaches it; null for {@code
 *     schemaRegistryUrl}
 * @param kafkaProperties further Kafka client properties (SASL, TLS), may be empty
 */
public record Endpoints(
    String bootstrapServers,
    URI connectUrl,
    URI ksqlDbUrl,
    URI schemaRegistryUrl,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String sinkJdbcUrl,
    String sinkPasswordReference,
    URI sinkSchemaRegistryUrl,
    Map<String, String> kafkaProperties) {

  public Endpoints {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(connectUrl, "connectUrl");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
  }

  /**
   * The compose stack of clicksim's {@code docker-compose.yml} (or a copy of it) at the given host
   * ports, as {@code --profile compose} describes it.
   */
  public static Endpoints compose(
      String bootstrapServers,
      URI connectUrl,
      URI ksqlDbUrl,
      URI schemaRegistryUrl,
      String jdbcUrl,
      String dbPassword) {
    return new Endpoints(
        bootstrapServers,
        connectUrl,
        ksqlDbUrl,
        schemaRegistryUrl,
        jdbcUrl,
        "user_metrics",
        dbPassword,
        "jdbc:postgresql://postgres:5432/db_metrics",
        "${env:POSTGRES_PASSWORD}",
        URI.create("http://schema-registry:8081"),
        Map.of());
  }

  @Override
  public String toString() {
    return "Endpoints[kafka "
        + bootstrapServers
        + ", connect "
        + connectUrl
        + ", database "
        + jdbcUrl
        + " as "
        + dbUser
        + "]";
  }
}
