package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.fixture;
import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
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
 * src/test/resources/ksqldb/README.md and src/test/resources/ksqldb-rest/README.md).
 */
class KsqlDbAggregationTest {

  /** What a server answers when asked what runs: clicksim's own table, as it creates it. */
  private static final RecordedServer.Response[] CLICKSIMS_TABLE = {
    ok(fixture("ksqldb-rest", "describe-extended-click-counts.json")),
    ok(fixture("ksqldb-rest", "explain-click-counts.json")),
    ok(fixture("ksqldb-rest", "describe-click-events-stream.json")),
    ok(fixture("ksqldb-rest", "show-properties.json"))
  };

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
        .on("POST /ksql", CLICKSIMS_TABLE)
        .on(
            "GET /status/table/%60CLICK_COUNTS_TABLE%60/create",
            ok(fixture("ksqldb", "status-success.json")));

    ProvisionStep step =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT).ensureRunning();

    assertThat(step.outcome()).isEqualTo(ProvisionStep.Outcome.CREATED);
    assertThat(step.detail())
        .contains(
            "query CTAS_CLICK_COUNTS_TABLE_3 RUNNING",
            "2 MINUTES windows, grace 1 MINUTES",
            "checked as expected");
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
            b -> assertThat(b).contains("SHOW QUERIES;"),
            b -> assertThat(b).contains("\"DESCRIBE click_counts_table EXTENDED;\""),
            b -> assertThat(b).contains("\"EXPLAIN CTAS_CLICK_COUNTS_TABLE_3;\""),
            b -> assertThat(b).contains("\"DESCRIBE CLICK_EVENTS_STREAM;\""),
            b -> assertThat(b).contains("\"SHOW PROPERTIES;\""));
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
            ok(fixture("ksqldb", "queries-running.json")))
        .on("POST /ksql", CLICKSIMS_TABLE);

    KsqlDbAggregation aggregation =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT);
    ProvisionStep step = aggregation.ensureRunning();

    assertThat(step.outcome()).isEqualTo(ProvisionStep.Outcome.UNCHANGED);
    assertThat(aggregation.findings()).isEmpty();
  }

  @Test
  void should_keep_what_it_finds_in_an_existing_table_as_warnings() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb-rest", "show-queries-click-counts-final.json")),
        ok(fixture("ksqldb-rest", "describe-extended-click-counts-final-json-key.json")),
        ok(fixture("ksqldb-rest", "explain-click-counts-final-latest.json")),
        ok(fixture("ksqldb-rest", "describe-click-events-stream.json")),
        ok(fixture("ksqldb-rest", "show-properties.json")));

    KsqlDbAggregation aggregation =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT);
    ProvisionStep step = aggregation.ensureRunning();

    assertThat(step.outcome()).isEqualTo(ProvisionStep.Outcome.UNCHANGED);
    assertThat(step.detail()).endsWith("4 findings (warnings)");
    assertThat(aggregation.findings())
        .satisfiesExactly(
            key -> assertThat(key).contains("has key format JSON, not KAFKA"),
            value -> assertThat(value).contains("writes JSON_SR values, not JSON"),
            emit -> assertThat(emit).contains("emits final results (EMIT FINAL)"),
            offsets -> assertThat(offsets).contains("auto.offset.reset=latest"));
  }

  @Test
  void should_say_which_check_it_could_not_make() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")),
        ok(fixture("ksqldb-rest", "describe-extended-click-counts.json")),
        status(400, fixture("ksqldb", "statement-error.json")),
        ok(fixture("ksqldb-rest", "describe-click-events-stream.json")),
        ok(fixture("ksqldb-rest", "show-properties.json")));

    KsqlDbAggregation aggregation =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT);
    aggregation.ensureRunning();

    assertThat(aggregation.findings())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .startsWith(
                        "could not read the running query with EXPLAIN CTAS_CLICK_COUNTS_TABLE_3,"
                            + " so what it tells was not checked: ksqlDB at "));
  }

  @Test
  void should_say_so_when_ksqldb_will_not_describe_the_table_its_query_writes() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")),
        status(400, fixture("ksqldb", "describe-missing.json")),
        ok(fixture("ksqldb-rest", "explain-click-counts.json")),
        ok(fixture("ksqldb-rest", "describe-click-events-stream.json")),
        ok(fixture("ksqldb-rest", "show-properties.json")));

    KsqlDbAggregation aggregation =
        aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT);
    aggregation.ensureRunning();

    assertThat(aggregation.findings())
        .containsExactly(
            "could not read the running query with DESCRIBE click_counts_table EXTENDED, so what"
                + " it tells was not checked: ksqlDB has no such source");
  }

  @Test
  void should_refuse_another_grace_from_show_queries_when_the_table_is_not_described() {
    ksql.on(
        "POST /ksql",
        ok(fixture("ksqldb", "ksql-stream-exists.json")),
        ok(fixture("ksqldb", "ksql-table-exists.json")),
        ok(fixture("ksqldb", "queries-running.json")),
        status(400, fixture("ksqldb", "statement-error.json")));

    assertThatThrownBy(
            () ->
                aggregation(
                        KsqlStatements.ValueFormat.JSON,
                        new WindowSpec(Duration.ofMinutes(2), Duration.ofMinutes(5)))
                    .ensureRunning())
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("grace 1 MINUTES, not 2 MINUTES and grace 5 MINUTES");
  }

  @Test
  void should_say_in_the_plan_that_the_running_query_is_read_back_and_checked() {
    assertThat(aggregation(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT).plan())
        .contains(
            "   then read what runs (DESCRIBE click_counts_table EXTENDED, EXPLAIN its query,"
                + " DESCRIBE the stream it reads, SHOW PROPERTIES) and",
            "     refuse windows other than 2 MINUTES with grace 1 MINUTES;")
        .anySatisfy(l -> assertThat(l).contains("warn (refuse with --strict)"))
        .anySatisfy(l -> assertThat(l).contains("value formats other than JSON"));
  }

  @Test
  void should_refuse_an_existing_table_counting_with_another_grace() {
    ksql.on(
            "POST /ksql",
            ok(fixture("ksqldb", "ksql-stream-exists.json")),
            ok(fixture("ksqldb", "ksql-table-exists.json")),
            ok(fixture("ksqldb", "queries-running.json")))
        .on("POST /ksql", CLICKSIMS_TABLE);

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
