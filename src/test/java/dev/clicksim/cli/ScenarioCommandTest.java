package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCommandTest {
  @TempDir Path dir;

  /** The registered clicksim command line, output captured. */
  private static Cli.Result clicksim(String... args) {
    return Cli.run(args);
  }

  @Test
  void should_list_every_shipped_scenario_with_its_description() {
    Cli.Result r = clicksim("scenario", "list");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(7);
    assertThat(r.out())
        .containsPattern("(?m)^black-friday +2 h around a midnight peak")
        .containsPattern("(?m)^smoke +3 campaigns, 300 in-order clicks")
        .containsPattern("(?m)^faults-exactly-once +steady traffic while the aggregation");
  }

  @Test
  void should_show_the_resolved_scenario_as_loadable_yaml_with_expected_totals() {
    Cli.Result r = clicksim("scenario", "show", "smoke");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("name: \"smoke\"", "clicks: 300", "speed: max")
        .contains("#  clicks:   300 distinct, 300 deliveries (0 duplicates)")
        .contains("#  truth:    12 windows, 300 expected, 0 dropped as late");
    assertThat(ScenarioLoader.parse(r.out().getBytes(StandardCharsets.UTF_8), "shown.yaml", "x"))
        .isEqualTo(ScenarioLoader.loadBuiltIn("smoke"));
  }

  @Test
  void should_show_a_file_with_overrides_and_predict_late_drops() {
    Cli.Result r =
        clicksim(
            "scenario",
            "show",
            "scenarios/late-and-out-of-order.yaml",
            "--speed",
            "max",
            "--seed",
            "3");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("seed: 3", "speed: max")
        .containsPattern("[1-9][0-9,]* dropped as late");
  }

  @Test
  void should_reject_a_bad_override_with_exit_code_2() {
    Cli.Result r = clicksim("scenario", "show", "smoke", "--rate-scale", "-1");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("clicksim: --rate-scale: must be > 0, was -1.0");
  }

  @Test
  void should_say_valid_for_a_good_file() {
    Cli.Result r = clicksim("scenario", "validate", "scenarios/black-friday.yaml");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("scenarios/black-friday.yaml: valid");
  }

  @Test
  void should_print_one_line_naming_the_field_and_exit_2_for_a_bad_file() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "seed: 1\nduration: 10m\nsessions:\n  arrivals: {constnt: 5}\ncampaigns: [{id: a, items: [i]}]\n");

    Cli.Result r = clicksim("scenario", "validate", bad.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith(
            "clicksim: scenario " + bad + ", sessions.arrivals: unknown rate profile 'constnt'")
        .contains("(line 4, column ");
  }
}
