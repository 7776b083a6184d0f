package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KsqlStatementsRenderTest {

  private static final KsqlStatements SHIPPED = KsqlStatements.fromDirectory(Path.of("ksql"));

  @Test
  void should_send_the_shipped_statements_unchanged_for_json_and_the_default_windows() {
    List<String> s = SHIPPED.render(KsqlStatements.ValueFormat.JSON, WindowSpec.DEFAULT);

    assertThat(s).hasSize(2);
    assertThat(s.get(0))
        .startsWith("CREATE STREAM IF NOT EXISTS click_events_stream")
        .endsWith(";")
        .doesNotContain("--");
    assertThat(s.get(1))
        .startsWith("CREATE TABLE IF NOT EXISTS click_counts_table")
        .contains("WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 1 MINUTES)")
        .contains("VALUE_FORMAT='JSON'");
    assertThat(KsqlStatements.createdSource(s.get(0))).isEqualTo("click_events_stream");
    assertThat(KsqlStatements.createdSource(s.get(1))).isEqualTo("click_counts_table");
    assertThat(KsqlStatements.startsQuery(s.get(0))).isFalse();
    assertThat(KsqlStatements.startsQuery(s.get(1))).isTrue();
  }

  @Test
  void should_put_json_sr_and_the_window_spec_into_every_statement() {
    List<String> s =
        SHIPPED.render(
            KsqlStatements.ValueFormat.JSON_SR,
            new WindowSpec(Duration.ofMinutes(2), Duration.ofSeconds(90)));

    assertThat(s)
        .allSatisfy(
            st ->
                assertThat(st)
                    .contains("VALUE_FORMAT='JSON_SR'")
                    .doesNotContain("VALUE_FORMAT='JSON'"));
    assertThat(s.get(1)).contains("WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 90 SECONDS)");
  }

  @Test
  void should_add_a_grace_period_to_a_window_that_has_none() {
    List<String> s =
        KsqlStatements.of(
                "CREATE TABLE t AS SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY k;")
            .render(
                KsqlStatements.ValueFormat.JSON,
                new WindowSpec(Duration.ofMinutes(2), Duration.ZERO));

    assertThat(s)
        .containsExactly(
            "CREATE TABLE t AS SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 0 SECONDS) GROUP BY k;");
  }

  @Test
  void should_split_on_semicolons_outside_quotes_and_comments() {
    assertThat(
            KsqlStatements.split(
                "-- it's; a comment\nCREATE STREAM a (x STRING) WITH (KAFKA_TOPIC='a;b');\n\nSHOW QUERIES;"))
        .containsExactly("CREATE STREAM a (x STRING) WITH (KAFKA_TOPIC='a;b');", "SHOW QUERIES;");
  }

  @Test
  void should_refuse_a_statement_without_its_semicolon() {
    assertThatThrownBy(() -> KsqlStatements.split("SHOW QUERIES"))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage("ksqlDB statement without a closing ';': SHOW QUERIES");
  }

  @Test
  void should_write_intervals_in_the_largest_exact_unit() {
    assertThat(KsqlStatements.interval(Duration.ofMinutes(2))).isEqualTo("2 MINUTES");
    assertThat(KsqlStatements.interval(Duration.ofHours(24))).isEqualTo("1 DAYS");
    assertThat(KsqlStatements.interval(Duration.ofMillis(1500))).isEqualTo("1500 MILLISECONDS");
    assertThat(KsqlStatements.interval(Duration.ZERO)).isEqualTo("0 SECONDS");
  }
}
