package dev.clicksim.stack.external;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;

/**
 * The two calls of Schema Registry's REST API clicksim needs: register a JSON Schema under a subject and read a
 * subject's latest version. Hand-written over {@code java.net.http}: Confluent's client and serializers are published
 * only to Confluent's own repository, not to Maven Central.
 */
public final class SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RestCall rest;

  /** {@code GET /subjects/{subject}/versions/latest}. {@code schemaType} is absent (null) for Avro. */
  public record RegisteredSchema(String subject, int id, int version, String schemaType, String schema) {}

  public SchemaRegistryClient(URI baseUrl) {
    this(baseUrl, null, null);
  }

  /** With basic auth when {@code user} is not empty. */
  public SchemaRegistryClient(URI baseUrl, String user, Secret password) {
    this.rest = new RestCall("Schema Registry", baseUrl, user, password, Duration.ofSeconds(30));
  }

  public URI baseUrl() {
    return rest.baseUrl();
  }

  /**
   * Registers a JSON Schema under the subject ({@code POST /subjects/{subject}/versions}) and returns its id. Registering
   * a schema the subject already has returns the existing id and creates no version, so this is idempotent.
   *
   * @throws ClicksimFailure INVALID_INPUT when the registry finds the schema incompatible (409) or invalid (422)
   */
  public int registerJsonSchema(String subject, String schema) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemaType", "JSON");
    body.put("schema", schema);
    String path = "/subjects/" + RestCall.pathSegment(subject) + "/versions";
    RestCall.Reply reply = rest.post(path, body, CONTENT_TYPE);
    if (reply.status() == 200 && reply.body().has("id")) {
      return reply.body().get("id").asInt();
    }
    if (reply.status() == 409) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, "Schema Registry at " + baseUrl() + " refused the schema for subject "
          + subject + " as incompatible with its earlier versions: " + RestCall.errorText(reply));
    }
    if (reply.status() == 422) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, "Schema Registry at " + baseUrl() + " refused the schema for subject "
          + subject + " as invalid: " + RestCall.errorText(reply));
    }
    throw failure(reply, "POST " + path);
  }

  /** The subject's latest version; empty when the subject does not exist (404, error code 40401). */
  public Optional<RegisteredSchema> latest(String subject) {
    String path = "/subjects/" + RestCall.pathSegment(subject) + "/versions/latest";
    RestCall.Reply reply = rest.get(path, CONTENT_TYPE);
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (reply.status() != 200) {
      throw failure(reply, "GET " + path);
    }
    JsonNode b = reply.body();
    return Optional.of(new RegisteredSchema(b.path("subject").asText(subject), b.path("id").asInt(), b.path("version").asInt(),
        b.path("schemaType").asText(null), b.path("schema").asText()));
  }

  private ClicksimFailure failure(RestCall.Reply reply, String what) {
    return new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "Schema Registry at " + baseUrl() + " answered " + reply.status() + " to "
        + what + ": " + RestCall.errorText(reply));
  }
}
