package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClicksimCommandLineTest {

  @TempDir Path tmp;

  @Test
  void should_list_every_command_and_exit_code_in_help() {
    Cli.Result r = Cli.run("--help").expectExit(0);
    assertThat(r.out()).contains("up", "provision", "run", "verify", "Exit codes:");
    for (ExitCode code : ExitCode.values()) {
      assertThat(r.out())
          .as("help lists exit code %s", code)
          .containsPattern("(?m)^\\s+" + code.code() + "\\s");
    }
  }

  @Test
  void should_print_version() {
    assertThat(Cli.run("--version").expectExit(0).out()).contains("clicksim", "Kafka 4.1.1");
  }

  @Test
  void should_reject_unknown_option_with_invalid_input_code() {
    Cli.Result r = Cli.run("run", "--no-such-option").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("--no-such-option").contains("--help");
  }

  @Test
  void should_reject_bad_duration_naming_the_option() {
    Cli.Result r =
        Cli.run("run", "--dry-run", "--grace", "soon").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("--grace").contains("soon");
  }

  @Test
  void should_reject_unknown_scenario_in_one_line() {
    Cli.Result r =
        Cli.run("run", "--dry-run", "--scenario", "no-such-scenario", "--runs-dir", tmp.toString())
            .expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("no-such-scenario");
  }

  @Test
  void should_reject_malformed_scenario_file_naming_the_field_before_anything_is_sent()
      throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        "name: bad\nseed: 1\nduration: 4m\nclicks: 10\nshoppers: 2\ncampaigns:\n  - id: a\n    weight: -1\n    items: [x]\n");
    Cli.Result r =
        Cli.run(
                "run",
                "--scenario",
                bad.toString(),
                "--runs-dir",
                tmp.resolve("runs").toString(),
                "--state-dir",
                tmp.resolve("state").toString())
            .expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("bad.yaml").contains("campaigns[0].weight");
    assertThat(tmp.resolve("state")).doesNotExist();
  }

  @Test
  void should_write_identical_truth_for_two_dry_runs_of_the_same_seed() throws Exception {
    Cli.run(
            "run",
            "--dry-run",
            "--anchor",
            "2026-11-27T23:00:00Z",
            "--runs-dir",
            tmp.resolve("a").toString())
        .expectExit(0);
    Cli.run(
            "run",
            "--dry-run",
            "--anchor",
            "2026-11-27T23:00:00Z",
            "--runs-dir",
            tmp.resolve("b").toString())
        .expectExit(0);
    Path a = onlyRun(tmp.resolve("a")).resolve("truth.csv");
    Path b = onlyRun(tmp.resolve("b")).resolve("truth.csv");
    // The campaign prefix is per run (it keeps runs apart on one stack): compare the truth without
    // it.
    assertThat(withoutPrefix(b)).isEqualTo(withoutPrefix(a));
    assertThat(Files.readAllLines(a)).hasSizeGreaterThan(4);
  }

  @Test
  void should_say_no_runs_when_verifying_an_empty_runs_directory() {
    Cli.Result r =
        Cli.run(
                "verify",
                "--runs-dir",
                tmp.resolve("none").toString(),
                "--state-dir",
                tmp.resolve("state").toString())
            .expectExit(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("no runs in");
  }

  @Test
  void should_give_runs_started_in_the_same_millisecond_different_campaign_prefixes() {
    java.time.Instant now = java.time.Instant.parse("2026-11-28T00:00:00Z");
    java.util.Set<String> prefixes = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      prefixes.add(dev.clicksim.usecase.RunSession.campaignPrefix(now));
    }
    assertThat(prefixes)
        .hasSizeGreaterThan(15)
        .allSatisfy(p -> assertThat(p).matches("r[0-9a-z]+\\."));
  }

  private static Path onlyRun(Path runs) throws Exception {
    try (var s = Files.list(runs)) {
      return s.findFirst().orElseThrow();
    }
  }

  private static String withoutPrefix(Path truth) throws Exception {
    return Files.readString(truth).replaceAll("(?m)^r[0-9a-z]+\\.", "");
  }
}
