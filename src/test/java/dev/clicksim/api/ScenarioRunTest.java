package dev.clicksim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.scenario.Scenario;
import org.junit.jupiter.api.Test;

class ScenarioRunTest {

  @Test
  void should_load_a_shipped_scenario_with_the_seed_given() {
    Scenario s = ScenarioRun.of("smoke").seed(42).load();
    assertThat(s.name()).isEqualTo("smoke");
    assertThat(s.seed()).isEqualTo(42);
  }

  @Test
  void should_load_a_scenario_from_the_classpath() {
    Scenario s = ScenarioRun.of("classpath:/api/tiny.yaml").load();
    assertThat(s.name()).isEqualTo("tiny");
    assertThat(s.clicks()).isEqualTo(12);
  }

  @Test
  void should_name_a_classpath_scenario_that_is_not_there() {
    assertThatThrownBy(() -> ScenarioRun.of("classpath:/api/nope.yaml").load())
        .hasMessage("scenario classpath:/api/nope.yaml: no such resource on the classpath");
  }
}
