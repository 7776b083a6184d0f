package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.external.KsqlQueryCheck.Finding;
import dev.clicksim.stack.external.KsqlQueryCheck.Severity;
import dev.clicksim.window.WindowSpec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The judgement of a running ksqlDB query, on responses as a ksqlDB server returns them (each
 * fixture's source: src/test/resources/ksqldb-rest/README.md), read by the client's own parsers.
 */
class KsqlQueryCheckTest {

  private static final KsqlQueryCheck.Expected JSON =
      new KsqlQueryCheck.Expected(
          PipelineNames.DEFAULT, WindowSpec.DEFAULT, KsqlStatements.ValueFormat.JSON);
  private static final KsqlQueryCheck.Expected JSON_SR =
      new KsqlQueryCheck.Expected(
          PipelineNames.DEFAULT, WindowSpec.DEFAULT, KsqlStatements.ValueFormat.JSON_SR);

  private static JsonNode json(String name) {
    try {
      return new ObjectMapper().readTree(fixture("ksqldb-rest", name));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KsqlDbClient.SourceDescription source(String name) {
    return source(name, d -> {});
  }

  /** A fixture with one field changed, for the cases that differ from it in that field only. */
  private static KsqlDbClient.SourceDescription source(String name, Consumer<ObjectNode> edit) {
    JsonNode entity = json(name);
    edit.accept((ObjectNode) entity.get(0).get("sourceDescription"));
    return KsqlDbClient.sourceDescription(entity.get(0).get("sourceDescription"));
  }

  private static KsqlDbClient.QueryDescription query(String name) {
    return query(name, q -> {});
  }

  private static KsqlDbClient.QueryDescription query(String name, Consumer<ObjectNode> edit) {
    JsonNode entity = json(name);
    edit.accept((ObjectNode) entity.get(0).get("queryDescription"));
    return KsqlDbClient.queryDescription(entity.get(0));
  }

  private static Map<String, String> properties(String name) {
    return KsqlDbClient.properties(json(name).get(0));
  }

  private static List<Finding> check(
      KsqlQueryCheck.Expected expected,
      KsqlDbClient.SourceDescription table,
      KsqlDbClient.QueryDescription query,
      KsqlDbClient.SourceDescription stream,
      Map<String, String> server) {
    return KsqlQueryCheck.check(
        expected, new KsqlQueryCheck.Observed(table, query, stream, server));
  }

  /** The table clicksim creates, on the compose file's server. */
  private static List<Finding> clicksimTableWith(
      KsqlDbClient.SourceDescription table, KsqlDbClient.QueryDescription query) {
    return check(
        JSON,
        table,
        query,
        source("describe-click-events-stream.json"),
        properties("show-properties.json"));
  }

  private static List<String> messages(List<Finding> findings) {
    return findings.stream().map(Finding::message).toList();
  }

  @Test
  void should_find_nothing_in_the_table_clicksim_creates() {
    assertThat(
            clicksimTableWith(
                source("describe-extended-click-counts.json"), query("explain-click-counts.json")))
        .isEmpty();
  }

  @Test
  void should_refuse_a_table_counting_with_another_grace() {
    assertThat(
            clicksimTableWith(
                source("describe-extended-click-counts-grace-30s.json"),
                query("explain-click-counts.json")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .isEqualTo(
                      "ksqlDB table click_counts_table already exists with 2 MINUTES windows and"
                          + " grace 30 SECONDS, not 2 MINUTES and grace 1 MINUTES (query"
                          + " CTAS_CLICK_COUNTS_TABLE_3); drop the table or run with its window"
                          + " settings");
            });
  }

  @Test
  void should_refuse_a_table_with_ksqldbs_default_grace() {
    KsqlDbClient.SourceDescription noGrace =
        source(
            "describe-extended-click-counts.json",
            d ->
                d.put(
                    "statement",
                    d.get("statement").asText().replace(" , GRACE PERIOD 1 MINUTES", "")));

    assertThat(clicksimTableWith(noGrace, query("explain-click-counts.json")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .contains("2 MINUTES windows and ksqlDB's default grace (24 h minus the window)");
            });
  }

  @Test
  void should_warn_of_a_json_key_emit_final_and_latest_on_an_uncommitted_partition() {
    List<Finding> findings =
        check(
            JSON_SR,
            source("describe-extended-click-counts-final-json-key.json"),
            query("explain-click-counts-final-latest.json"),
            source("describe-click-events-stream-json-sr.json"),
            properties("show-properties.json"));

    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.WARNING);
    assertThat(messages(findings))
        .satisfiesExactly(
            key ->
                assertThat(key)
                    .startsWith("ksqlDB table click_counts_table has key format JSON, not KAFKA:"),
            emit ->
                assertThat(emit)
                    .startsWith("ksqlDB table click_counts_table emits final results (EMIT FINAL):")
                    .contains("only once stream time passes its end plus the grace (1 MINUTES)"),
            offsets ->
                assertThat(offsets)
                    .startsWith(
                        "ksqlDB table click_counts_table's query CTAS_CLICK_COUNTS_TABLE_7 reads"
                            + " click_events with auto.offset.reset=latest (the query's own"
                            + " auto.offset.reset) and has committed no offset on partition 1 of"
                            + " click_events:")
                    .contains("it resumes at the partition's end"));
  }

  @Test
  void should_see_emit_final_in_the_plan_when_the_statement_does_not_say() {
    KsqlDbClient.SourceDescription noStatement =
        source("describe-extended-click-counts-final-json-key.json", d -> d.put("statement", ""));
    KsqlDbClient.QueryDescription planOnly =
        query(
            "explain-click-counts-final-latest.json",
            q ->
                q.put(
                    "statementText",
                    q.get("statementText").asText().replace("EMIT FINAL", "EMIT CHANGES")));

    assertThat(messages(check(JSON_SR, noStatement, planOnly, null, null)))
        .anySatisfy(m -> assertThat(m).contains("emits final results (EMIT FINAL)"));
  }

  @Test
  void should_warn_when_value_formats_are_not_what_clicksim_sends_and_the_sink_reads() {
    List<String> findings =
        messages(
            check(
                JSON,
                source("describe-extended-click-counts-final-json-key.json"),
                null,
                source("describe-click-events-stream-json-sr.json"),
                null));

    assertThat(findings)
        .contains(
            "ksqlDB table click_counts_table writes JSON_SR values, not JSON: clicksim configures"
                + " the sink for JSON (no Schema Registry is given), so the sink fails on every"
                + " record",
            "ksqlDB stream CLICK_EVENTS_STREAM reads JSON_SR values, but clicksim sends plain JSON"
                + " (no Schema Registry is given): ksqlDB cannot deserialize them and skips every"
                + " click");
  }

  @Test
  void should_warn_of_hopping_windows_and_of_value_columns_the_sink_needs() {
    List<Finding> findings =
        clicksimTableWith(
            source("describe-extended-click-counts-hopping.json"),
            query("explain-click-counts.json"));

    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.WARNING);
    assertThat(messages(findings))
        .containsExactly(
            "ksqlDB table click_counts_table counts in HOPPING windows, not TUMBLING ones: its"
                + " windows are not the truth's, so no window will match",
            "ksqlDB table click_counts_table has no value column CLICK_COUNT (BIGINT), which the"
                + " sink writes to PostgreSQL",
            "ksqlDB table click_counts_table has no value column END_TIME (BIGINT), which the sink"
                + " writes to PostgreSQL");
  }

  @Test
  void should_warn_of_a_table_that_is_not_windowed_or_writes_another_topic() {
    KsqlDbClient.SourceDescription plain =
        source(
            "describe-extended-click-counts.json",
            d -> d.putNull("windowType").put("topic", "CLICK_COUNTS_TABLE"));

    assertThat(messages(clicksimTableWith(plain, query("explain-click-counts.json"))))
        .containsExactly(
            "ksqlDB table click_counts_table writes topic CLICK_COUNTS_TABLE, not"
                + " click_counts_table_output, which the sink reads: no count reaches PostgreSQL",
            "ksqlDB table click_counts_table is not windowed: it counts each campaign's clicks"
                + " since its query started, not per 2 MINUTES window");
  }

  @Test
  void should_warn_when_the_query_reads_another_topic_than_click_events() {
    KsqlDbClient.SourceDescription elsewhere =
        source("describe-click-events-stream.json", d -> d.put("topic", "clicks_v2"));

    assertThat(
            messages(
                check(
                    JSON,
                    source("describe-extended-click-counts.json"),
                    query("explain-click-counts.json"),
                    elsewhere,
                    properties("show-properties.json"))))
        .containsExactly(
            "the query reads ksqlDB stream CLICK_EVENTS_STREAM over topic clicks_v2, not"
                + " click_events, where clicksim sends the clicks: it counts none of them");
  }

  @Test
  void should_warn_of_kafkas_default_latest_for_a_query_that_never_committed() {
    assertThat(
            messages(
                clicksimTableWith(
                    source("describe-extended-click-counts-never-committed.json"),
                    query("explain-click-counts-no-overrides.json"))))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .isEqualTo(
                        "ksqlDB table click_counts_table's query CTAS_CLICK_COUNTS_TABLE_1 reads"
                            + " click_events with auto.offset.reset=latest (set nowhere, so"
                            + " Kafka's default) and has committed no offset on click_events:"
                            + " should it restart there before committing (a server restart, a"
                            + " rebalance, a retry after an error), it resumes at the partition's"
                            + " end and the clicks sent meanwhile are never counted; drop the"
                            + " table and let clicksim create it (with earliest)"));
  }

  @Test
  void should_accept_latest_once_the_query_committed_on_every_partition() {
    KsqlDbClient.QueryDescription noOverrides =
        query("explain-click-counts.json", q -> q.putObject("overriddenProperties"));

    assertThat(clicksimTableWith(source("describe-extended-click-counts.json"), noOverrides))
        .isEmpty();
  }

  @Test
  void should_accept_a_server_that_reads_from_the_earliest_offset() {
    assertThat(
            check(
                JSON,
                source("describe-extended-click-counts-never-committed.json"),
                query("explain-click-counts-no-overrides.json"),
                source("describe-click-events-stream.json"),
                properties("show-properties-earliest.json")))
        .isEmpty();
  }

  @Test
  void should_let_the_querys_own_latest_win_over_the_servers_earliest() {
    KsqlDbClient.QueryDescription latest =
        query(
            "explain-click-counts-no-overrides.json",
            q -> q.putObject("overriddenProperties").put("auto.offset.reset", "latest"));

    assertThat(
            messages(
                check(
                    JSON,
                    source("describe-extended-click-counts-never-committed.json"),
                    latest,
                    null,
                    properties("show-properties-earliest.json"))))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("latest (the query's own auto.offset.reset)"));
  }

  @Test
  void should_let_the_consumers_own_setting_win_over_the_plain_one() {
    Map<String, String> server =
        new java.util.LinkedHashMap<>(properties("show-properties-earliest.json"));
    server.put("ksql.streams.consumer.auto.offset.reset", "latest");

    assertThat(
            messages(
                check(
                    JSON,
                    source("describe-extended-click-counts-never-committed.json"),
                    query("explain-click-counts-no-overrides.json"),
                    null,
                    server)))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains(
                        "auto.offset.reset=latest (the server's"
                            + " ksql.streams.consumer.auto.offset.reset)"));
  }

  @Test
  void should_say_so_when_the_server_does_not_report_committed_offsets() {
    KsqlDbClient.SourceDescription notExtended =
        source(
            "describe-extended-click-counts-never-committed.json",
            d -> d.remove("queryOffsetSummaries"));

    assertThat(
            messages(
                clicksimTableWith(notExtended, query("explain-click-counts-no-overrides.json"))))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains(
                        "may not have committed an offset on every partition of click_events (the"
                            + " server does not say)"));
  }

  @Test
  void should_check_the_window_from_the_query_text_when_the_table_is_not_described() {
    KsqlDbClient.QueryDescription fromShowQueries =
        query(
            "explain-click-counts.json",
            q ->
                q.put(
                    "statementText",
                    q.get("statementText")
                        .asText()
                        .replace("GRACE PERIOD 1 MINUTES", "GRACE PERIOD 90 SECONDS")));

    assertThat(check(JSON, null, fromShowQueries, null, null))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .contains("grace 90 SECONDS, not 2 MINUTES and grace 1 MINUTES");
            });
  }
}
