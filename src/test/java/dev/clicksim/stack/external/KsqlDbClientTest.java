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
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract tests of the ksqlDB REST client against recorded responses. The bodies are the examples
 * of ksqlDB's REST API documentation
 * (https://docs.ksqldb.io/en/latest/developer-guide/ksqldb-rest-api/ksql-endpoint/,
 * .../status-endpoint/, .../info-endpoint/), or built from the fields it documents where it prints
 * no example: see src/test/resources/ksqldb/README.md for each file's source.
 */
class KsqlDbClientTest {

  private final RecordedServer server = new RecordedServer();

  private KsqlDbClient client() {
    return new KsqlDbClient(server.url(), null, null, Duration.ofMillis(5), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String ksqldb(String name) {
    return fixture("ksqldb", name);
  }

  @Test
  void should_read_the_server_version_from_info() {
    server.on("GET /info", ok(ksqldb("info.json")));

    KsqlDbClient.ServerInfo info = client().info();

    assertThat(info)
        .isEqualTo(new KsqlDbClient.ServerInfo("0.29.0", "j3tOi6E_RtO_TMH3gBmK7A", "default_"));
  }

  @Test
  void should_send_the_statements_and_properties_as_the_documented_request() throws IOException {
    server.on("POST /ksql", ok(ksqldb("ksql-create-two-streams.json")));

    client()
        .execute(
            "CREATE STREAM pageviews_home AS SELECT * FROM pageviews_original WHERE pageid='home';",
            Map.of("ksql.streams.auto.offset.reset", "earliest"));

    RecordedServer.Request sent = server.requests("POST /ksql").get(0);
    JsonNode body = new ObjectMapper().readTree(sent.body());
    assertThat(body.get("ksql").asText()).startsWith("CREATE STREAM pageviews_home");
    assertThat(body.get("streamsProperties").get("ksql.streams.auto.offset.reset").asText())
        .isEqualTo("earliest");
    assertThat(sent.header("Accept")).isEqualTo("application/vnd.ksql.v1+json");
    assertThat(sent.header("Content-Type")).isEqualTo("application/vnd.ksql.v1+json");
    assertThat(sent.header("Authorization")).isNull();
  }

  @Test
  void should_return_each_command_of_the_documented_success_response() {
    server.on("POST /ksql", ok(ksqldb("ksql-create-two-streams.json")));

    List<KsqlDbClient.StatementResult> results =
        client().execute("CREATE STREAM a AS SELECT 1; CREATE STREAM b AS SELECT 1;", Map.of());

    assertThat(results)
        .extracting(KsqlDbClient.StatementResult::commandId)
        .containsExactly("stream/PAGEVIEWS_HOME/create", "stream/PAGEVIEWS_ALICE/create");
    assertThat(results).extracting(KsqlDbClient.StatementResult::status).containsOnly("SUCCESS");
    assertThat(results).noneMatch(KsqlDbClient.StatementResult::alreadyExisted);
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void should_poll_the_status_endpoint_until_a_queued_command_succeeds() {
    server
        .on("POST /ksql", ok(ksqldb("ksql-create-table-queued.json")))
        .on(
            "GET /status/table/%60CLICK_COUNTS_TABLE%60/create",
            ok(ksqldb("status-executing.json")),
            ok(ksqldb("status-executing.json")),
            ok(ksqldb("status-success.json")));

    List<KsqlDbClient.StatementResult> results = client().execute("CREATE TABLE ...;", Map.of());

    assertThat(results)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo("SUCCESS");
              assertThat(r.queryId()).isEqualTo("CTAS_CLICK_COUNTS_TABLE_3");
            });
    assertThat(server.requests("GET /status/table/%60CLICK_COUNTS_TABLE%60/create")).hasSize(3);
  }

  @Test
  void should_fail_with_invalid_input_when_a_command_ends_in_error() {
    server
        .on("POST /ksql", ok(ksqldb("ksql-create-table-queued.json")))
        .on("GET /status/table/%60CLICK_COUNTS_TABLE%60/create", ok(ksqldb("status-error.json")));

    assertThatThrownBy(() -> client().execute("CREATE TABLE ...;", Map.of()))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining(server.url().toString())
        .hasMessageContaining(
            "CREATE TABLE IF NOT EXISTS click_counts_table ended ERROR: Could not write the statement");
  }

  @Test
  void should_fail_when_a_command_stays_queued_past_the_timeout() {
    server
        .on("POST /ksql", ok(ksqldb("ksql-create-table-queued.json")))
        .on(
            "GET /status/table/%60CLICK_COUNTS_TABLE%60/create",
            ok(ksqldb("status-executing.json")));
    KsqlDbClient impatient =
        new KsqlDbClient(server.url(), null, null, Duration.ofMillis(5), Duration.ofMillis(100));

    assertThatThrownBy(() -> impatient.execute("CREATE TABLE ...;", Map.of()))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessageContaining("command table/`CLICK_COUNTS_TABLE`/create still EXECUTING after");
  }

  @Test
  void should_fail_with_invalid_input_naming_the_url_and_message_when_a_statement_is_rejected() {
    server.on("POST /ksql", status(400, ksqldb("statement-error.json")));

    assertThatThrownBy(
            () ->
                client()
                    .execute(
                        "CREATE TABEL click_counts_table AS SELECT * FROM click_events_stream;",
                        Map.of()))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "ksqlDB at "
                + server.url()
                + " rejected CREATE TABEL click_counts_table: line 1:8: Syntax Error"
                + " (error_code 40001)");
  }

  @Test
  void should_fail_with_invalid_input_on_the_documented_generic_error() {
    server.on("POST /ksql", status(400, ksqldb("generic-error.json")));

    assertThatThrownBy(() -> client().execute("SET 'ksql.service.id'='x';", Map.of()))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("One or more properties overrides set locally are prohibited")
        .hasMessageContaining("(error_code 40000)");
  }

  @Test
  void should_fail_with_infrastructure_when_the_server_fails() {
    server.on(
        "POST /ksql",
        status(
            500,
            "{\"@type\":\"generic_error\",\"error_code\":50000,\"message\":\"Server Error\"}"));

    assertThatThrownBy(() -> client().execute("SHOW QUERIES;", Map.of()))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "ksqlDB at "
                + server.url()
                + " answered 500 to POST /ksql SHOW QUERIES: Server Error (error_code 50000)");
  }

  @Test
  void should_fail_with_infrastructure_when_the_server_is_starting() {
    server.on(
        "GET /info",
        status(
            503,
            "{\"@type\":\"generic_error\",\"error_code\":50301,\"message\":\"Server initializing\"}"));

    assertThatThrownBy(() -> client().info())
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessageContaining("answered 503 to GET /info: Server initializing");
  }

  @Test
  void should_fail_with_infrastructure_naming_the_url_when_nothing_listens() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port);

    assertThatThrownBy(() -> new KsqlDbClient(closed).info())
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage("cannot connect to ksqlDB at " + closed);
  }

  @Test
  void should_send_basic_auth_and_report_refused_credentials_without_the_password() {
    server.on(
        "GET /info",
        status(
            401,
            "{\"@type\":\"generic_error\",\"error_code\":40100,\"message\":\"Unauthorized\"}"));
    KsqlDbClient client = new KsqlDbClient(server.url(), "clicksim", Secret.of("s3cret-pw"));

    assertThatThrownBy(client::info)
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessageContaining("ksqlDB at " + server.url() + " refused the credentials")
        .hasMessageNotContaining("s3cret-pw");
    assertThat(server.requests.get(0).header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("clicksim:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void should_say_that_an_existing_source_was_kept() {
    server.on("POST /ksql", ok(ksqldb("ksql-table-exists.json")));

    List<KsqlDbClient.StatementResult> results =
        client().execute("CREATE TABLE IF NOT EXISTS click_counts_table ...;", Map.of());

    assertThat(results).singleElement().satisfies(r -> assertThat(r.alreadyExisted()).isTrue());
  }

  @Test
  void should_wait_until_the_persistent_query_writing_the_table_runs() {
    server.on(
        "POST /ksql",
        ok(ksqldb("queries-starting.json")),
        ok(ksqldb("queries-starting.json")),
        ok(ksqldb("queries-running.json")));

    KsqlDbClient.RunningQuery q =
        client().awaitQueryRunning("click_counts_table", Duration.ofSeconds(5));

    assertThat(q.id()).isEqualTo("CTAS_CLICK_COUNTS_TABLE_3");
    assertThat(q.queryType()).isEqualTo("PERSISTENT");
    assertThat(q.statusCount()).containsEntry("RUNNING", 1);
    assertThat(q.sinkKafkaTopics()).containsExactly("click_counts_table_output");
    assertThat(server.requests("POST /ksql"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.body()).contains("\"ksql\":\"SHOW QUERIES;\""));
  }

  @Test
  void should_name_the_query_and_its_state_when_it_does_not_run_in_time() {
    server.on("POST /ksql", ok(ksqldb("queries-starting.json")));

    assertThatThrownBy(
            () -> client().awaitQueryRunning("click_counts_table", Duration.ofMillis(100)))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessageContaining(
            "query CTAS_CLICK_COUNTS_TABLE_3 writing click_counts_table not RUNNING after")
        .hasMessageContaining("(state REBALANCING)");
  }

  @Test
  void should_describe_an_existing_table() {
    server.on("POST /ksql", ok(ksqldb("describe-table.json")));

    KsqlDbClient.SourceDescription d = client().describe("click_counts_table").orElseThrow();

    assertThat(d.name()).isEqualTo("CLICK_COUNTS_TABLE");
    assertThat(d.type()).isEqualTo("TABLE");
    assertThat(d.topic()).isEqualTo("click_counts_table_output");
    assertThat(d.keyFormat()).isEqualTo("KAFKA");
    assertThat(d.valueFormat()).isEqualTo("JSON");
    assertThat(d.windowType()).isEqualTo("TUMBLING");
    assertThat(d.writeQueryIds()).containsExactly("CTAS_CLICK_COUNTS_TABLE_3");
    assertThat(d.queryOffsets()).as("not extended: no offsets reported").isNull();
  }

  @Test
  void should_describe_a_table_extended_with_its_columns_statement_and_committed_offsets()
      throws IOException {
    server.on("POST /ksql", ok(fixture("ksqldb-rest", "describe-extended-click-counts.json")));

    KsqlDbClient.SourceDescription d =
        client().describeExtended("click_counts_table").orElseThrow();

    JsonNode sent = new ObjectMapper().readTree(server.requests("POST /ksql").get(0).body());
    assertThat(sent.get("ksql").asText()).isEqualTo("DESCRIBE click_counts_table EXTENDED;");
    assertThat(d.fields())
        .containsExactly(
            new KsqlDbClient.Column("CAMPAIGNID", "STRING", true),
            new KsqlDbClient.Column("ID", "STRING", false),
            new KsqlDbClient.Column("CLICK_COUNT", "BIGINT", false),
            new KsqlDbClient.Column("START_TIME", "BIGINT", false),
            new KsqlDbClient.Column("END_TIME", "BIGINT", false));
    assertThat(d.statement())
        .contains("WINDOW TUMBLING ( SIZE 2 MINUTES , GRACE PERIOD 1 MINUTES )")
        .endsWith("EMIT CHANGES;");
    assertThat(d.queryOffsets())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.groupId())
                  .isEqualTo("_confluent-ksql-clicksim_query_CTAS_CLICK_COUNTS_TABLE_3");
              assertThat(q.topics().get(0).topic()).isEqualTo("click_events");
              assertThat(q.topics().get(0).partitions())
                  .containsExactly(
                      new KsqlDbClient.PartitionOffsets(0, 0, 104, 104),
                      new KsqlDbClient.PartitionOffsets(1, 0, 98, 98),
                      new KsqlDbClient.PartitionOffsets(2, 0, 98, 98));
            });
  }

  @Test
  void should_explain_a_query_with_the_properties_it_was_created_with() throws IOException {
    server.on("POST /ksql", ok(fixture("ksqldb-rest", "explain-click-counts-final-latest.json")));

    KsqlDbClient.QueryDescription q = client().explain("CTAS_CLICK_COUNTS_TABLE_7");

    JsonNode sent = new ObjectMapper().readTree(server.requests("POST /ksql").get(0).body());
    assertThat(sent.get("ksql").asText()).isEqualTo("EXPLAIN CTAS_CLICK_COUNTS_TABLE_7;");
    assertThat(q.id()).isEqualTo("CTAS_CLICK_COUNTS_TABLE_7");
    assertThat(q.statementText()).endsWith("EMIT FINAL;");
    assertThat(q.windowType()).isEqualTo("TUMBLING");
    assertThat(q.sources()).containsExactly("CLICK_EVENTS_STREAM");
    assertThat(q.sinks()).containsExactly("CLICK_COUNTS_TABLE");
    assertThat(q.executionPlan()).contains("[ SUPPRESS ]");
    assertThat(q.overriddenProperties()).containsExactly(Map.entry("auto.offset.reset", "latest"));
    assertThat(q.state()).isEqualTo("RUNNING");
    assertThat(q.consumerGroupId())
        .isEqualTo("_confluent-ksql-clicksim_query_CTAS_CLICK_COUNTS_TABLE_7");
  }

  @Test
  void should_read_the_server_properties_as_the_rest_model_lists_them() {
    server.on("POST /ksql", ok(fixture("ksqldb-rest", "show-properties-earliest.json")));

    Map<String, String> properties = client().properties();

    assertThat(properties)
        .containsEntry("ksql.streams.auto.offset.reset", "earliest")
        .containsEntry("ksql.service.id", "clicksim_")
        .containsEntry("ksql.streams.commit.interval.ms", "2000");
    assertThat(server.requests("POST /ksql").get(0).body()).contains("\"SHOW PROPERTIES;\"");
  }

  @Test
  void should_read_the_server_properties_as_the_documentation_maps_them() {
    server.on(
        "POST /ksql",
        ok(
            "[{\"@type\":\"properties\",\"statementText\":\"SHOW PROPERTIES;\","
                + "\"properties\":{\"ksql.streams.auto.offset.reset\":\"latest\"}}]"));

    assertThat(client().properties())
        .containsExactly(Map.entry("ksql.streams.auto.offset.reset", "latest"));
  }

  @Test
  void should_fail_naming_what_answered_when_explain_returns_another_entity() {
    server.on("POST /ksql", ok(ksqldb("queries-running.json")));

    assertThatThrownBy(() -> client().explain("CTAS_CLICK_COUNTS_TABLE_3"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessageContaining(
            "answered EXPLAIN CTAS_CLICK_COUNTS_TABLE_3; with queries instead of queryDescription");
  }

  @Test
  void should_describe_a_missing_source_as_empty() {
    server.on("POST /ksql", status(400, ksqldb("describe-missing.json")));

    assertThat(client().describe("click_counts_table")).isEmpty();
  }

  @Test
  void should_name_a_statement_by_its_first_words() {
    assertThat(
            KsqlDbClient.shortStatement(
                "-- a comment\nCREATE TABLE IF NOT EXISTS click_counts_table\n  WITH (KAFKA_TOPIC='x') AS SELECT 1;"))
        .isEqualTo("CREATE TABLE IF NOT EXISTS click_counts_table");
    assertThat(KsqlDbClient.encodeCommandId("stream/`ORDERS_STREAM`/create"))
        .isEqualTo("stream/%60ORDERS_STREAM%60/create");
  }
}
