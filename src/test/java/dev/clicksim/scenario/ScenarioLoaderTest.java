package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioLoaderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/scenario");

  @Test
  void should_say_a_directory_given_as_a_scenario_is_a_directory(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioLoader.resolve(dir.toString()))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage(
            "scenario "
                + dir
                + ": is a directory; give a scenario file (.yaml) or the name of a shipped scenario"
                + " (clicksim scenario list)");
  }

  @Test
  void should_load_the_smoke_scenario() {
    Scenario s = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));

    assertThat(s.name()).isEqualTo("smoke");
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(8));
    assertThat(s.clicks()).isEqualTo(300);
    assertThat(s.campaigns())
        .extracting(Scenario.Campaign::id)
        .containsExactly("spring-sale", "free-shipping", "new-arrivals");
    assertThat(s.pinnedClicks())
        .extracting(Scenario.PinnedClick::at)
        .containsExactlyInAnyOrder(Duration.ZERO, Duration.ofMinutes(2));
  }

  @Test
  void should_load_built_in_scenario_from_the_working_directory() {
    assertThat(ScenarioLoader.loadBuiltIn("smoke"))
        .isEqualTo(ScenarioLoader.load(Path.of("scenarios/smoke.yaml")));
  }

  @Test
  void should_fall_back_to_the_classpath_for_built_in_scenarios() {
    Scenario s = ScenarioLoader.loadBuiltIn("classpath-only");
    assertThat(s.name()).isEqualTo("classpath-only");
    assertThat(s.campaigns()).extracting(Scenario.Campaign::id).containsExactly("cp");
  }

  @Test
  void should_name_both_places_when_a_built_in_scenario_is_missing() {
    assertThatThrownBy(() -> ScenarioLoader.loadBuiltIn("no-such-scenario"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageContaining("no-such-scenario")
        .hasMessageContaining("classpath /scenarios/no-such-scenario.yaml");
    assertThatThrownBy(() -> ScenarioLoader.loadBuiltIn("../pom"))
        .isInstanceOf(InvalidScenarioException.class);
  }

  @Test
  void should_apply_defaults_for_optional_fields() {
    Scenario s = ScenarioLoader.load(FIXTURES.resolve("minimal.yaml"));
    assertThat(s.name()).isEqualTo("minimal");
    assertThat(s.description()).isEmpty();
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.campaigns().get(0).weight()).isEqualTo(1.0);
    assertThat(s.pinnedClicks()).isEmpty();
    assertThat(s.pipeline()).isEqualTo(Scenario.Pipeline.NONE);
  }

  @Test
  void should_read_and_write_the_engine_profile_a_scenario_asks_for() {
    String yaml =
        "seed: 1\nduration: 4m\nclicks: 10\ncampaigns:\n  - id: c\n    items: [i1]\n"
            + "pipeline:\n  engineProfile: fast\n";
    Scenario s =
        ScenarioLoader.parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), "p.yaml", "p");

    assertThat(s.pipeline().engineProfile()).isEqualTo("fast");
    assertThat(
            ScenarioLoader.parse(
                ScenarioWriter.toYaml(s).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "again.yaml",
                "p"))
        .isEqualTo(s);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-key.yaml             | campaigns[1].wieght: unknown field 'wieght' (known fields: active, boost, id, items, weight)",
        "negative-weight.yaml         | campaigns[2].weight: must be > 0, was -1.0",
        "empty-campaigns.yaml         | campaigns: must list at least one campaign",
        "pinned-unknown-campaign.yaml | pinnedClicks[1].campaign: unknown campaign 'zz' (campaigns: a)",
        "bad-duration.yaml            | duration: must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '8 minutes'",
        "duplicate-campaign-id.yaml   | campaigns[1].id: duplicate campaign id 'a'",
        "pinned-outside-duration.yaml | pinnedClicks[0].at: must be < duration (8m), was 8m",
        "missing-clicks.yaml          | clicks: is required",
        "empty-items.yaml             | campaigns[0].items: must list at least one item",
        "not-a-number.yaml            | clicks: expected a whole number, got 'lots' (line 3, column 9)",
      })
  void should_reject_invalid_scenario_with_file_and_field_path(String file, String problem) {
    Path path = FIXTURES.resolve(file);
    assertThatThrownBy(() -> ScenarioLoader.load(path))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageStartingWith("scenario " + path + ", " + problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void should_give_line_and_column_when_the_parser_knows_them() {
    assertThatThrownBy(() -> ScenarioLoader.load(FIXTURES.resolve("unknown-key.yaml")))
        .hasMessageEndingWith(")")
        .hasMessageContaining("(line 10, column ");
  }

  @Test
  void should_reject_malformed_yaml_and_duplicate_keys_in_one_line() {
    byte[] broken = "seed: [1, 2\nclicks: 3\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ScenarioLoader.parse(broken, "broken.yaml", "broken"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageStartingWith("scenario broken.yaml, ")
        .hasMessageContaining("(line ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    byte[] twice = "seed: 1\nseed: 2\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ScenarioLoader.parse(twice, "twice.yaml", "twice"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageContaining("seed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void should_reject_an_empty_file() {
    assertThatThrownBy(() -> ScenarioLoader.parse(new byte[0], "empty.yaml", "empty"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("scenario empty.yaml: file is empty");
    byte[] onlyComments = "# nothing yet\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ScenarioLoader.parse(onlyComments, "todo.yaml", "todo"))
        .hasMessage("scenario todo.yaml: file is empty");
  }

  @Test
  void should_report_a_missing_file_in_one_line() {
    assertThatThrownBy(() -> ScenarioLoader.load(Path.of("scenarios/nope.yaml")))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("scenario scenarios/nope.yaml: file not found");
  }
}
