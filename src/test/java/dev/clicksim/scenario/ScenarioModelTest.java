package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenario model v2: sessions, distributions, rate profiles, disorder, overrides and the
 * shipped scenarios.
 */
class ScenarioModelTest {
  private static final String BASE =
      """
      seed: 1
      duration: 10m
      campaigns:
        - {id: a, items: [i1]}
        - {id: b, items: [i2]}
      """;

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "bad.yaml", "bad");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"black-friday", "flash-sale", "late-and-out-of-order", "smoke", "steady"})
  void should_load_each_shipped_scenario_and_read_back_what_show_writes(String name)
      throws IOException {
    Scenario s = ScenarioLoader.loadBuiltIn(name);
    assertThat(s.name()).isEqualTo(name);
    assertThat(s.description()).isNotBlank();
    assertThat(Files.readString(Path.of("scenarios", name + ".yaml")))
        .as("starts with a comment saying what it models")
        .startsWith("# " + name + ": ");

    String yaml = ScenarioWriter.toYaml(s);
    assertThat(parse(yaml)).isEqualTo(s);
  }

  @Test
  void should_list_the_shipped_scenarios_from_the_folder_and_from_the_jar_index_alike()
      throws IOException {
    List<String> inFolder =
        ScenarioLoader.listDirectory(Path.of("scenarios")).stream()
            .map(ScenarioLoader.BuiltIn::name)
            .toList();
    List<String> index =
        Files.readAllLines(Path.of("scenarios/index.txt")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .sorted()
            .toList();

    assertThat(inFolder)
        .containsExactly(
            "black-friday",
            "faults-at-least-once",
            "faults-exactly-once",
            "flash-sale",
            "late-and-out-of-order",
            "smoke",
            "steady");
    assertThat(index).as("scenarios/index.txt lists every shipped scenario").isEqualTo(inFolder);
    assertThat(ScenarioLoader.listClasspath())
        .extracting(ScenarioLoader.BuiltIn::name)
        .isEqualTo(inFolder);
    assertThat(ScenarioLoader.listBuiltIn())
        .extracting(ScenarioLoader.BuiltIn::name)
        .isEqualTo(inFolder);
  }

  @Test
  void should_fill_session_and_disorder_defaults() {
    Scenario s = parse(BASE + "sessions: {arrivals: 5}\n");
    assertThat(s.sessionMode()).isTrue();
    assertThat(s.clicks()).isZero();
    assertThat(s.speed()).isEqualTo(Scenario.MAX_SPEED);
    assertThat(s.shoppers()).isEqualTo(Scenario.DEFAULT_SHOPPERS);
    assertThat(s.sessions())
        .isEqualTo(
            new Scenario.Sessions(
                new RateProfile.Constant(5),
                null,
                null,
                null,
                null,
                Scenario.Sessions.DEFAULT_ANOTHER,
                null));
    assertThat(s.disorder().none()).isTrue();
    Scenario d =
        parse(
            BASE
                + "clicks: 10\nspeed: 2.5\ndisorder: {late: {share: 0.1}, duplicates: {share: 0.2}}\n");
    assertThat(d.speed()).isEqualTo(2.5);
    assertThat(d.disorder().late()).isEqualTo(new Scenario.Late(0.1, Duration.ofSeconds(10)));
    assertThat(d.disorder().duplicates())
        .isEqualTo(new Scenario.Delayed(0.2, Duration.ofSeconds(1)));
  }

  @Test
  void should_read_a_disorder_share_as_a_fraction_or_a_percentage() {
    Scenario s =
        parse(
            BASE
                + "clicks: 10\ndisorder: {outOfOrder: {share: 2%, maxDelay: 5s}, late: {share: 0.01}}\n");
    assertThat(s.disorder().outOfOrder().share()).isEqualTo(0.02);
    assertThat(s.disorder().late().share()).isEqualTo(0.01);
    assertThat(parse(ScenarioWriter.toYaml(s))).isEqualTo(s);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clicks: 10\\nsessions: {arrivals: 5}                 | sessions: cannot be combined with clicks:",
        "shoppers: 3                                           | clicks: is required (or sessions: for a session model)",
        "sessions: {arrivals: {expo: 5}}                        | sessions.arrivals: unknown rate profile 'expo' (known: constant, ramp, steps, peak, burst, sine, sum, product)",
        "sessions: {arrivals: {sum: [5, {burst: {at: 1m, length: 1m, rate: -3}}]}} | sessions.arrivals.sum[1].burst.rate: must be >= 0, was -3",
        "sessions: {arrivals: {ramp: {from: 1, to: 2, end: 1m, slope: 3}}} | sessions.arrivals.ramp.slope: unknown field 'slope' (known fields: end, from, start, to)",
        "sessions: {arrivals: {ramp: {from: 1, to: 2}}}         | sessions.arrivals.ramp.end: is required",
        "sessions: {arrivals: {steps: [{at: 5m, rate: 1}, {at: 1m, rate: 2}]}} | sessions.arrivals.steps[1].at: must be after the previous step's, was 1m",
        "sessions: {arrivals: -2}                               | sessions.arrivals: must be >= 0, was -2",
        "sessions: {arrivals: 5, thinkTime: {exponential: {mean: 5}}} | sessions.thinkTime.exponential.mean: must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '5'",
        "sessions: {arrivals: 5, thinkTime: {geometric: {mean: 5}}} | sessions.thinkTime: unknown time distribution 'geometric' (known: constant, uniform, exponential, normal, lognormal)",
        "sessions: {arrivals: 5, burstSize: {uniform: {min: 4, max: 2}}} | sessions.burstSize.uniform.max: must be >= min, was 2",
        "sessions: {arrivals: 5, burstSize: {geometric: {mean: 0.5}}} | sessions.burstSize.geometric.mean: must be >= 1",
        "sessions: {arrivals: 5, burstSize: 2.5}                | sessions.burstSize: must be a whole number, was 2.5",
        "sessions: {arrivals: 5, another: 1.5}                  | sessions.another: must be a probability in [0, 1], was 1.5",
        "sessions: {arrivals: 5, maxLength: 0s}                 | sessions.maxLength: must be > 0, was 0s",
        "sessions: {arrivals: 5, sessionz: 1}                   | sessions.sessionz: unknown field 'sessionz'",
        "clicks: 5\\nspeed: fast                                | speed: must be a number of scenario seconds per wall second, or max; was 'fast'",
        "clicks: 5\\nspeed: 0                                   | speed: must be > 0, or max; was 0",
        "clicks: 5\\ndisorder: {late: {share: 1.5}}             | disorder.late.share: must be a share in [0, 1], was 1.5",
        "clicks: 5\\ndisorder: {outOfOrder: {share: 0.1}}       | disorder.outOfOrder.maxDelay: is required",
        "clicks: 5\\ndisorder: {outOfOrder: {share: 0.1, maxDelay: 0s}} | disorder.outOfOrder.maxDelay: must be > 0 when share > 0, was 0s",
        "clicks: 5\\ndisorder: {outOfOrder: {share: 0.6, maxDelay: 1s}, late: {share: 0.6}} | disorder.late.share: outOfOrder.share + late.share must be <= 1",
        "clicks: 5\\ndisorder: {early: {share: 0.1}}            | disorder.early: unknown field 'early'",
      })
  void should_reject_a_bad_scenario_naming_the_field_path(String extra, String problem) {
    assertThatThrownBy(() -> parse(BASE + extra.replace("\\n", "\n") + "\n"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageStartingWith("scenario bad.yaml, " + problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void should_give_the_line_and_column_of_a_bad_value_inside_a_distribution_or_profile() {
    String yaml =
        BASE + "sessions:\n  arrivals: 5\n  thinkTime: {lognormal: {median: 0s, sigma: 1}}\n";
    assertThatThrownBy(() -> parse(yaml))
        .hasMessage(
            "scenario bad.yaml, sessions.thinkTime.lognormal.median: must be > 0, was 0s (line 8, column 35)");
  }

  @Test
  void should_reject_bad_campaign_intervals_and_session_only_fields_in_uniform_mode() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        seed: 1
        duration: 10m
        sessions: {arrivals: 1}
        campaigns: [{id: a, items: [i], active: [{from: 5m, to: 2m}]}]
        """))
        .hasMessageStartingWith(
            "scenario bad.yaml, campaigns[0].active[0].to: must be after from (5m), was 2m");
    assertThatThrownBy(
            () ->
                parse(
                    """
        seed: 1
        duration: 10m
        clicks: 10
        campaigns: [{id: a, items: [i]}, {id: b, items: [i], active: [{from: 0m, to: 2m}]}]
        """))
        .hasMessageStartingWith("scenario bad.yaml, campaigns[1].active: needs sessions:");
    assertThatThrownBy(
            () ->
                parse(
                    """
        seed: 1
        duration: 10m
        sessions: {arrivals: 1}
        campaigns: [{id: a, items: [i], activ: []}]
        """))
        .hasMessageStartingWith(
            "scenario bad.yaml, campaigns[0].activ: unknown field 'activ' (known fields: "
                + "active, boost, id, items, weight)");
  }

  @Test
  void should_apply_overrides_and_validate_them() {
    Scenario bf = ScenarioLoader.loadBuiltIn("black-friday");
    Scenario s = new ScenarioOverrides(7L, 48.0, Duration.ofMinutes(30), 2.0).apply(bf);
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.speed()).isEqualTo(48);
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.sessions().arrivals().rateAt(0)).isEqualTo(2 * bf.sessions().arrivals().rateAt(0));
    assertThat(ScenarioOverrides.NONE.apply(bf)).isSameAs(bf);

    Scenario smoke = ScenarioLoader.loadBuiltIn("smoke");
    assertThat(new ScenarioOverrides(null, null, null, 3.0).apply(smoke).clicks()).isEqualTo(900);

    assertThatThrownBy(() -> new ScenarioOverrides(null, null, null, 0.0).apply(bf))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("--rate-scale: must be > 0, was 0.0");
    assertThatThrownBy(() -> new ScenarioOverrides(null, -1.0, null, null).apply(bf))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("--speed: must be > 0, or max; was -1.0");
    assertThatThrownBy(() -> new ScenarioOverrides(null, null, Duration.ZERO, null).apply(bf))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("--duration: must be > 0, was 0s");
    assertThatThrownBy(
            () -> new ScenarioOverrides(null, null, Duration.ofMinutes(1), null).apply(smoke))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage(
            "scenario smoke with --duration 1m, pinnedClicks[1].at: must be < duration (1m), was 2m");
  }

  @Test
  void should_parse_speeds_as_given_on_the_command_line() {
    assertThat(ScenarioOverrides.parseSpeed("max")).isEqualTo(Scenario.MAX_SPEED);
    assertThat(ScenarioOverrides.parseSpeed("24")).isEqualTo(24);
    assertThat(ScenarioOverrides.parseSpeed("2.5x")).isEqualTo(2.5);
    assertThatThrownBy(() -> ScenarioOverrides.parseSpeed("0"))
        .hasMessageStartingWith("--speed: must be a number > 0");
    assertThatThrownBy(() -> ScenarioOverrides.parseSpeed("fast"))
        .hasMessageContaining("was 'fast'");
    assertThat(ScenarioOverrides.formatSpeed(Scenario.MAX_SPEED)).isEqualTo("max");
  }
}
