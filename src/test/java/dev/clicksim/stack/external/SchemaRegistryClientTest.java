package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.fixture;
import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;
import dev.clicksim.testing.RecordedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract tests of the Schema Registry client against the responses of Schema Registry's API
 * reference (https://docs.confluent.io/platform/current/schema-registry/develop/api.html); each
 * file's source is in src/test/resources/schemaregistry/README.md.
 */
class SchemaRegistryClientTest {

  private static final String VERSIONS = "POST /subjects/click_events-value/versions";
  private final RecordedServer server = new RecordedServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_register_a_json_schema_and_return_its_id() throws Exception {
    server.on(VERSIONS, ok(fixture("schemaregistry", "register-response.json")));

    int id =
        new SchemaRegistryClient(server.url())
            .registerJsonSchema("click_events-value", ClickEventSchema.JSON);

    assertThat(id).isEqualTo(1);
    RecordedServer.Request sent = server.requests(VERSIONS).get(0);
    JsonNode body = new ObjectMapper().readTree(sent.body());
    assertThat(body.get("schemaType").asText()).isEqualTo("JSON");
    assertThat(body.get("schema").asText()).isEqualTo(ClickEventSchema.JSON);
    assertThat(sent.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void should_report_an_incompatible_schema_in_one_line() {
    server.on(VERSIONS, status(409, fixture("schemaregistry", "error-409.json")));

    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(server.url())
                    .registerJsonSchema("click_events-value", ClickEventSchema.JSON))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageStartingWith(
            "Schema Registry at "
                + server.url()
                + " refused the schema for subject click_events-value"
                + " as incompatible with its earlier versions: Schema being registered is incompatible")
        .hasMessageEndingWith("(error_code 409)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void should_report_an_invalid_schema_with_the_documented_error() {
    server.on(VERSIONS, status(422, fixture("schemaregistry", "error-422.json")));

    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(server.url()).registerJsonSchema("click_events-value", ""))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "Schema Registry at "
                + server.url()
                + " refused the schema for subject click_events-value as invalid:"
                + " schema may not be empty (error_code 422)");
  }

  @Test
  void should_read_the_latest_version_of_a_subject() {
    server.on(
        "GET /subjects/click_events-value/versions/latest",
        ok(fixture("schemaregistry", "latest-version.json")));

    SchemaRegistryClient.RegisteredSchema latest =
        new SchemaRegistryClient(server.url()).latest("click_events-value").orElseThrow();

    assertThat(latest.id()).isEqualTo(1);
    assertThat(latest.version()).isEqualTo(3);
    assertThat(latest.schemaType()).isEqualTo("JSON");
    assertThat(latest.schema()).contains("campaignId");
  }

  @Test
  void should_read_a_missing_subject_as_empty() {
    server.on(
        "GET /subjects/click_events-value/versions/latest",
        status(404, fixture("schemaregistry", "subject-not-found.json")));

    assertThat(new SchemaRegistryClient(server.url()).latest("click_events-value")).isEmpty();
  }

  @Test
  void should_report_refused_credentials_without_the_password() {
    server.on(VERSIONS, status(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));

    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(server.url(), "sr-user", Secret.of("hunter2"))
                    .registerJsonSchema("click_events-value", ClickEventSchema.JSON))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void should_report_a_server_error_as_infrastructure() {
    server.on(
        "GET /subjects/click_events-value/versions/latest",
        status(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}"));

    assertThatThrownBy(() -> new SchemaRegistryClient(server.url()).latest("click_events-value"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "Schema Registry at "
                + server.url()
                + " answered 500 to GET /subjects/click_events-value/versions/latest:"
                + " Error in the backend data store (error_code 50001)");
  }
}
