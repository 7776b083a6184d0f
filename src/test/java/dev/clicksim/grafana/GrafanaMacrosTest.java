package dev.clicksim.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expansions of Grafana's PostgreSQL macro engine that GrafanaDashboardIT relies on. */
class GrafanaMacrosTest {

  private static final Instant FROM = Instant.parse("2026-12-01T21:20:00Z");
  private static final Instant TO = Instant.parse("2026-12-01T21:28:00.5Z");

  @Test
  void should_expand_time_filter_as_between_two_rfc3339_instants() {
    assertThat(GrafanaMacros.expand("WHERE $__timeFilter(\"START_TIME\")", FROM, TO, Map.of()))
        .isEqualTo(
            "WHERE \"START_TIME\" BETWEEN '2026-12-01T21:20:00Z' AND '2026-12-01T21:28:00.5Z'");
  }

  @Test
  void should_expand_time_from_to_time_and_time_group() {
    assertThat(
            GrafanaMacros.expand(
                "SELECT $__time(t), $__timeGroup(t, '2m') WHERE t > $__timeFrom() AND t < $__timeTo()",
                FROM,
                TO,
                Map.of()))
        .isEqualTo(
            "SELECT t AS \"time\", floor(extract(epoch from t)/120)*120 WHERE t >"
                + " '2026-12-01T21:20:00Z' AND t < '2026-12-01T21:28:00.5Z'");
  }

  @Test
  void should_replace_template_variables_in_all_three_syntaxes_but_leave_macros() {
    assertThat(
            GrafanaMacros.variables(
                "WHERE \"ID\" = '$campaign' OR \"ID\" = '${campaign}' OR \"ID\" = '[[campaign]]'"
                    + " AND $__timeFilter(t)",
                Map.of("campaign", "r1.spring-sale")))
        .isEqualTo(
            "WHERE \"ID\" = 'r1.spring-sale' OR \"ID\" = 'r1.spring-sale' OR \"ID\" ="
                + " 'r1.spring-sale' AND $__timeFilter(t)");
  }

  @Test
  void should_refuse_a_macro_it_does_not_know() {
    assertThatThrownBy(() -> GrafanaMacros.expand("$__unknown(x)", FROM, TO, Map.of()))
        .hasMessageContaining("$__unknown");
  }
}
