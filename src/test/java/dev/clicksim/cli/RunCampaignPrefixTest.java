package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --campaign-prefix}: a fixed prefix makes the truth file reproducible byte for byte.
 */
class RunCampaignPrefixTest {

  private static final String ANCHOR = "2026-11-27T00:00:00Z";

  @TempDir Path tmp;

  @Test
  void should_write_byte_identical_truth_for_two_dry_runs_with_the_same_prefix() throws Exception {
    byte[] first = truth(dryRun("a", "--campaign-prefix", "r1."));
    byte[] second = truth(dryRun("b", "--campaign-prefix", "r1."));

    assertThat(second).isEqualTo(first);
    assertThat(new String(first, java.nio.charset.StandardCharsets.UTF_8))
        .as("every campaign of the truth carries the given prefix")
        .containsPattern("(?m)^r1\\.[a-z]")
        .doesNotContainPattern("(?m)^(?!r1\\.|campaign)");
  }

  @Test
  void should_write_byte_identical_truth_for_the_same_seed_and_a_different_one_for_another_seed()
      throws Exception {
    byte[] seven = truth(dryRun("a", "--campaign-prefix", "r1.", "--seed", "7"));
    byte[] sevenAgain = truth(dryRun("b", "--campaign-prefix", "r1.", "--seed", "7"));
    byte[] eight = truth(dryRun("c", "--campaign-prefix", "r1.", "--seed", "8"));

    assertThat(sevenAgain).isEqualTo(seven);
    assertThat(eight).isNotEqualTo(seven);
  }

  @Test
  void should_end_a_prefix_without_a_dot_with_one_and_keep_it_in_run_json() throws Exception {
    Path run = dryRun("a", "--campaign-prefix", "nightly-7");

    assertThat(
            new ObjectMapper()
                .readTree(run.resolve("run.json").toFile())
                .path("campaignPrefix")
                .asText())
        .isEqualTo("nightly-7.");
    assertThat(Files.readAllLines(run.resolve("truth.csv")).get(1)).startsWith("nightly-7.");
  }

  @Test
  void should_refuse_bad_prefixes_in_one_line_before_any_run_directory_is_made() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"", "is empty"});
    cases.add(new String[] {".", "is empty"});
    cases.add(new String[] {"r 1.", "has a space at position 2"});
    cases.add(new String[] {"r1\t", "has whitespace (U+0009) at position 3"});
    cases.add(new String[] {"r\u00071.", "has a control character (U+0007) at position 2"});
    cases.add(new String[] {"r1.x.", "has '.' at position 3"});
    cases.add(new String[] {"x".repeat(40), "is 41 characters with its final '.'; at most 40"});

    for (String[] c : cases) {
      Path runs = tmp.resolve("refused");
      Cli.Result r =
          Cli.run(
                  "run",
                  "--dry-run",
                  "--anchor",
                  ANCHOR,
                  "--campaign-prefix",
                  c[0],
                  "--runs-dir",
                  runs.toString())
              .expectExit(ExitCode.INVALID_INPUT.code());

      assertThat(r.err().lines())
          .as("stderr for prefix %s", c[0])
          .singleElement()
          .asString()
          .startsWith("clicksim: campaign prefix \"")
          .contains(c[1])
          .doesNotContain("Exception", "dev.clicksim", "\t", "\u0007");
      assertThat(runs).as("runs directory after refusing %s", c[0]).doesNotExist();
    }
  }

  @Test
  void should_say_in_the_help_that_a_reused_prefix_is_refused() {
    String help = Cli.run("run", "--help").expectExit(0).out().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--campaign-prefix=PREFIX")
        .contains("mix this run's rows with the earlier run's")
        .contains("refuses a prefix that already has rows");
  }

  private Path dryRun(String runsDir, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--dry-run",
                "--scenario",
                "steady",
                "--anchor",
                ANCHOR,
                "--runs-dir",
                tmp.resolve(runsDir).toString()));
    args.addAll(List.of(options));
    Cli.run(args.toArray(String[]::new)).expectExit(0);
    try (Stream<Path> runs = Files.list(tmp.resolve(runsDir))) {
      List<Path> all = runs.toList();
      assertThat(all).as("run directories in %s", runsDir).hasSize(1);
      return all.get(0);
    }
  }

  private static byte[] truth(Path run) throws Exception {
    return Files.readAllBytes(run.resolve("truth.csv"));
  }
}
