package dev.clicksim.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import dev.clicksim.truth.WindowTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel query of grafana/dashboards/clicksim.json, expanded as Grafana's PostgreSQL data
 * source expands it ({@link GrafanaMacros}), against the embedded PostgreSQL holding a real smoke
 * run's table, as the data source's user: each returns the run's counts.
 */
class GrafanaDashboardIT {

  private static Path root;
  private static EmbeddedStack stack;
  private static List<WindowTruth> truth;
  private static Map<String, JsonNode> panels;
  private static Map<String, String> variables;

  @BeforeAll
  static void runSmoke() throws Exception {
    root = Files.createTempDirectory("clicksim-grafana-it");
    Path stateDir = root.resolve("state");
    Path runsDir = root.resolve("runs");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
    // The queries run as the user Grafana's data source logs in as.
    assertThat(stack.database().user())
        .isEqualTo(
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("grafana/provisioning/datasources/postgres.yaml").toFile())
                .get("datasources")
                .get(0)
                .get("user")
                .asText());
    Cli.Result run =
        Cli.run(
            "run",
            "--scenario",
            "smoke",
            "--progress",
            "none",
            "--state-dir",
            stateDir.toString(),
            "--runs-dir",
            runsDir.toString());
    assertThat(run.exitCode()).as("smoke run:%n%s%n%s", run.out(), run.err()).isZero();
    try (Stream<Path> runs = Files.list(runsDir)) {
      truth = RunDirectory.open(runs.findFirst().orElseThrow()).load().truth();
    }
    assertThat(truth).isNotEmpty();
    JsonNode dashboard =
        new ObjectMapper().readTree(Path.of("grafana/dashboards/clicksim.json").toFile());
    panels = new HashMap<>();
    dashboard.get("panels").forEach(p -> panels.put(p.get("title").asText(), p));
    variables = new HashMap<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            v -> variables.put(v.get("name").asText(), v.path("current").path("value").asText()));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void should_have_a_test_for_every_panel() {
    assertThat(panels.keySet())
        .containsExactlyInAnyOrder(
            "Clicks per campaign per 2-minute window",
            "Top campaigns in the time range",
            "Freshness: age of the newest window",
            "Newest window start (UTC)",
            "Clicks counted in the time range");
  }

  @Test
  void should_chart_every_window_of_the_run_in_the_dashboards_default_time_range()
      throws Exception {
    List<List<Object>> rows = query("Clicks per campaign per 2-minute window", defaultRange());
    Map<String, Long> charted = new TreeMap<>();
    for (List<Object> row : rows) {
      charted.put(row.get(1) + " " + instant(row.get(0)), ((Number) row.get(2)).longValue());
    }
    Map<String, Long> expected = new TreeMap<>();
    truth.forEach(
        w ->
            expected.put(
                w.campaignId() + " " + Instant.ofEpochMilli(w.windowStartMs()), w.expectedCount()));
    assertThat(charted).isEqualTo(expected);
  }

  @Test
  void should_rank_the_campaigns_by_their_clicks() throws Exception {
    List<List<Object>> rows = query("Top campaigns in the time range", defaultRange());
    Map<String, Long> perCampaign = new TreeMap<>();
    truth.forEach(w -> perCampaign.merge(w.campaignId(), w.expectedCount(), Long::sum));
    assertThat(rows).hasSize(perCampaign.size());
    for (int i = 0; i < rows.size(); i++) {
      String campaign = (String) rows.get(i).get(0);
      assertThat(((Number) rows.get(i).get(1)).longValue())
          .as(campaign)
          .isEqualTo(perCampaign.get(campaign));
      if (i > 0) {
        assertThat(((Number) rows.get(i).get(1)).longValue())
            .isLessThanOrEqualTo(((Number) rows.get(i - 1).get(1)).longValue());
      }
    }
  }

  @Test
  void should_count_the_runs_clicks_and_windows_and_only_those_in_a_narrower_range()
      throws Exception {
    List<List<Object>> all = query("Clicks counted in the time range", defaultRange());
    assertThat(((Number) all.get(0).get(0)).longValue())
        .isEqualTo(truth.stream().mapToLong(WindowTruth::expectedCount).sum());
    assertThat(((Number) all.get(0).get(1)).longValue()).isEqualTo(truth.size());

    // From the second window on: $__timeFilter really filters.
    long second =
        truth.stream()
            .mapToLong(WindowTruth::windowStartMs)
            .distinct()
            .sorted()
            .skip(1)
            .findFirst()
            .orElseThrow();
    long lastEnd = truth.stream().mapToLong(WindowTruth::windowEndMs).max().orElseThrow();
    List<List<Object>> later =
        query(
            "Clicks counted in the time range",
            new Instant[] {Instant.ofEpochMilli(second), Instant.ofEpochMilli(lastEnd)});
    assertThat(((Number) later.get(0).get(0)).longValue())
        .isEqualTo(
            truth.stream()
                .filter(w -> w.windowStartMs() >= second)
                .mapToLong(WindowTruth::expectedCount)
                .sum())
        .isLessThan(((Number) all.get(0).get(0)).longValue());
  }

  @Test
  void should_show_the_newest_window_and_its_age() throws Exception {
    long newestStart = truth.stream().mapToLong(WindowTruth::windowStartMs).max().orElseThrow();
    long newestEnd = truth.stream().mapToLong(WindowTruth::windowEndMs).max().orElseThrow();
    List<List<Object>> newest = query("Newest window start (UTC)", defaultRange());
    assertThat(instant(newest.get(0).get(0))).isEqualTo(Instant.ofEpochMilli(newestStart));

    List<List<Object>> age = query("Freshness: age of the newest window", defaultRange());
    double expectedSeconds = (Instant.now().toEpochMilli() - newestEnd) / 1000.0;
    assertThat(((Number) age.get(0).get(0)).doubleValue())
        .isGreaterThanOrEqualTo(0)
        .isCloseTo(expectedSeconds, org.assertj.core.data.Offset.offset(30.0));
  }

  /** The dashboard's own time range ("now-1h" to "now"), as it opens. */
  private static Instant[] defaultRange() throws Exception {
    JsonNode time =
        new ObjectMapper()
            .readTree(Path.of("grafana/dashboards/clicksim.json").toFile())
            .get("time");
    assertThat(time.get("from").asText()).isEqualTo("now-1h");
    assertThat(time.get("to").asText()).isEqualTo("now");
    Instant now = Instant.now();
    return new Instant[] {now.minus(Duration.ofHours(1)), now};
  }

  private static List<List<Object>> query(String panel, Instant[] range) throws Exception {
    JsonNode targets = panels.get(panel).get("targets");
    assertThat(targets).as(panel).hasSize(1);
    String sql =
        GrafanaMacros.expand(targets.get(0).get("rawSql").asText(), range[0], range[1], variables);
    assertThat(sql).as(panel).doesNotContain("$");
    DatabaseEndpoint db = stack.database();
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password().reveal());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    assertThat(rows).as("%s returned rows for%n%s", panel, sql).isNotEmpty();
    return rows;
  }

  private static Instant instant(Object timestamp) {
    if (timestamp instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    return ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC);
  }
}
