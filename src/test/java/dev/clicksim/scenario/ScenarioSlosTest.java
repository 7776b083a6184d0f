package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioSlosTest {

  private static final String BASE =
      "name: s\nseed: 1\nduration: 4m\nclicks: 10\nshoppers: 2\ncampaigns:\n  - id: a\n    items: [i]\n";

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "s.yaml", "s");
  }

  @Test
  void should_read_the_objectives_of_a_scenario() {
    Scenario s =
        parse(
            BASE
                + "slos:\n  minMatch: 99.5%\n  maxP99Ack: 50ms\n  maxP99WindowCompletion: 2s\n  maxP99Visibility: 1s\n");
    assertThat(s.slos())
        .isEqualTo(
            new Scenario.Slos(
                "99.5%", Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThat(parse(BASE).slos().none()).isTrue();
  }

  @Test
  void should_reject_a_bad_objective_naming_its_field() {
    assertThatThrownBy(() -> parse(BASE + "slos:\n  minMatch: 120%\n"))
        .hasMessageContaining("slos.minMatch");
    assertThatThrownBy(() -> parse(BASE + "slos:\n  maxP99Ack: soon\n"))
        .hasMessageContaining("maxP99Ack");
    assertThatThrownBy(() -> parse(BASE + "slos:\n  maxP99Latency: 1s\n"))
        .hasMessageContaining("maxP99Latency");
  }

  @Test
  void should_show_the_objectives_so_the_shown_scenario_loads_back_the_same() {
    Scenario s = parse(BASE + "slos:\n  minMatch: 100%\n  maxP99WindowCompletion: 2s\n");
    Scenario again = parse(ScenarioWriter.toYaml(s));
    assertThat(again.slos()).isEqualTo(s.slos());
  }

  @Test
  void should_ship_black_friday_with_objectives_a_ksqldb_commit_interval_can_meet() {
    // The default engine profile commits every 2 s: an objective at or below it could never be met.
    assertThat(ScenarioLoader.loadBuiltIn("black-friday").slos().maxP99WindowCompletion())
        .isEqualTo(Duration.ofSeconds(3))
        .isGreaterThan(
            Duration.ofMillis(
                dev.clicksim.pipeline.EngineProfile.ksqldb.settings().commitIntervalMs()));
  }
}
