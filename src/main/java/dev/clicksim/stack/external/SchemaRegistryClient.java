package dev.clicksim.stack.external;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.http.RestClient;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The two calls of Schema Registry's REST API clicksim needs: register a JSON Schema under a
 * subject and read a subject's latest version. Hand-written over {@code java.net.http}: Confluent's
 * client and serializers are published only to Confluent's own repository, not to Maven Central.
 */
public final class SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RestClient rest;

  /**
   * {@code GET /subjects/{subject}/versions/latest}. {@code schemaType} is absent (null) for Avro.
   */
  public record RegisteredSchema(
      String subject, int id, int version, String schemaType, String schema) {}

  public SchemaRegistryClient(URI baseUrl) {
    this(baseUrl, null, null);
  }

  /** With basic auth when {@code user} is not empty. */
  public SchemaRegistryClient(URI baseUrl, String user, Secret password) {
    this.rest = new RestClient("Schema Registry", baseUrl, user, password, Duration.ofSeconds(30));
  }

  public SchemaRegistryClient(ServiceEndpoint endpoint) {
    this(endpoint.url(), endpoint.user(), endpoint.password());
  }

  public URI baseUrl() {
    return rest.baseUrl();
  }

  /**
   * Registers a JSON Schema under the subject ({@code POST /subjects/{subject}/versions}) and
   * returns its id. Registering a schema the subject already has returns the existing id and
   * creates no version, so this is idempotent.
   *
   * @throws ClicksimFailure INVALID_INPUT when the registry finds the schema incompatible (409) or
   *     invalid (422)
   */
  public int registerJsonSchema(String subject, String schema) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemaType", "JSON");
    body.put("schema", schema);
    String path = "/subjects/" + RestClient.pathSegment(subject) + "/versions";
    RestClient.Reply reply = rest.post(path, body, CONTENT_TYPE);
    if (reply.status() == 200 && reply.body().has("id")) {
      return reply.body().get("id").asInt();
    }
    if (reply.status() == 409) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          rest.name()
              + " refused the schema for subject "
              + subject
              + " as incompatible with its earlier versions: "
              + RestClient.errorText(reply));
    }
    if (reply.status() == 422) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          rest.name()
              + " refused the schema for subject "
              + subject
              + " as invalid: "
              + RestClient.errorText(reply));
    }
    throw rest.unexpected(reply, "POST " + path);
  }

  /**
   * The subject's latest version; empty when the subject does not exist (404, error code 40401).
   */
  public Optional<RegisteredSchema> latest(String subject) {
    String path = "/subjects/" + RestClient.pathSegment(subject) + "/versions/latest";
    RestClient.Reply reply = rest.get(path, CONTENT_TYPE);
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (reply.status() != 200) {
      throw rest.unexpected(reply, "GET " + path);
    }
    JsonNode b = reply.body();
    return Optional.of(
        new RegisteredSchema(
            b.path("subject").asText(subject),
            b.path("id").asInt(),
            b.path("version").asInt(),
            b.path("schemaType").asText(null),
            b.path("schema").asText()));
  }
}
