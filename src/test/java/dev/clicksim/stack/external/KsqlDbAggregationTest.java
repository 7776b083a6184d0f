package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.fixture;
import static dev.clicksim.testing.RecordedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.testing.RecordedServer;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ksqlDB aggregation against recorded ksqlDB and Schema Registry responses (sources:
 * src/test/resources/ksqldb/README.md).
 */
class KsqlDbAggregationTest {

  private final RecordedServer ksql = new RecordedServer();
  private final RecordedServer registry = new RecordedServer();

  @AfterEach
  void stop() {
    ksql.close();
    registry.close();
  }

  private KsqlDbAggregation aggregation(KsqlStatements.ValueFormat format, WindowSpec windows) {
    return new KsqlDbAggregation(
        new KsqlDbClient(ksql.url(), null, null, Duration.ofMillis(5), Duration.ofSeconds(5)),
        format == KsqlStatements.ValueFormat.JSON_SR
            ? new SchemaRegistryClient(registry.url())
            : null,
        KsqlStatements.fromDirectory(Path.of("ksql")),
        PipelineNames.DEFAULT,
        windows,
        format,
        EngineProfile.ksqldb.settings());
  }

  @Test
  void should_create_the_stream_and_table_and_wait_for_the_query() {
    ksql.on(
            "POST /ksql",
            ok(fixture("ksqldb", "ksql-stream-created.json")),
            ok(fixture("ksqldb", "ksql-create-table-queued.json")),
            ok(fixture("ksqldb", "queries-running.json")))
        .on(
            "GET /status/table/%60CLICK_COUNTS_TABLE%60/create",
            ok(fixture("ksqldb", "status-success.json")));

    ProvisionStep step =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT).ensureRunning();

    assertThat(step.outcome()).isEqualTo(ProvisionStep.Outcome.CREATED);
    assertThat(step.detail())
        .contains("query CTAS_CLICK_COUNTS_TABLE_3 RUNNING", "2 MINUTES windows, grace 1 MINUTES");
    assertThat(ksql.requests("POST /ksql"))
        .extracting(RecordedServer.Request::body)
        .satisfiesExactly(
            b ->
                assertThat(b)
                    .contains("CREATE STREAM IF NOT EXISTS click_events_stream")
                    .contains("\"ksql.streams.auto.offset.reset\":\"earliest\""),
            b ->
                assertThat(b)
                    .contains("CREATE TABLE IF NOT EXISTS click_counts_table")
                    .doesNotContain("ksql.streams.commit.interval.ms"),
            b -> assertThat(b).contains("SHOW QUERIES;"));
  }

  @Test
  void should_leave_the_servers_settings_under_the_ksqldb_profile_and_set_fasts() {
    assertThat(KsqlDbAggregation.streamsProperties(EngineProfile.ksqldb.settings()))
        .containsOnlyKeys("ksql.streams.auto.offset.reset", "ksql.streams.processing.guarantee");
    assertThat(KsqlDbAggregation.streamsProperties(EngineProfile.fast.settings()))
        .containsEntry("ksql.streams.commit.interval.ms", "100")
        .containsEntry("ksql.streams.cache.max.bytes.buffering", "10485760")
        .containsEntry("ksql.streams.producer.linger.ms", "5")
        .containsEntry("ksql.streams.auto.offset.reset", "earliest");
  }

  @Test
  void should_change_nothing_when_stream_and_table_exist() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")));

    ProvisionStep step =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT).ensureRunning();

    assertThat(step.outcome()).isEqualTo(ProvisionStep.Outcome.UNCHANGED);
  }

  @Test
  void should_refuse_an_existing_table_counting_with_another_grace() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")));

    assertThatThrownBy(
            () ->
                aggregation(
                        KsqlStatements.ValueFormat.JSON,
                        new WindowSpec(Duration.ofMinutes(2), Duration.ofSeconds(30)))
                    .ensureRunning())
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining(
            "ksqlDB table click_counts_table already exists with 2 MINUTES windows and grace 1 MINUTES,"
                + " not 2 MINUTES and grace 30 SECONDS");
  }

  @Test
  void should_register_the_click_schema_before_creating_a_json_sr_stream() {
    registry.on(
        "POST /subjects/click_events-value/versions",
        ok(fixture("schemaregistry", "register-response.json")));
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-created.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")));

    ProvisionStep step =
        aggregation(KsqlStatements.ValueFormat.JSON_SR, WindowSpec.DEFAULT).ensureRunning();

    assertThat(step.detail()).startsWith("click_events-value schema id 1, ");
    assertThat(registry.requests("POST /subjects/click_events-value/versions"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body())
                    .startsWith("{\"schemaType\":\"JSON\",\"schema\":\"{\\\"$schema\\\""));
    assertThat(ksql.requests("POST /ksql").get(0).body()).contains("VALUE_FORMAT='JSON_SR'");
  }
}
