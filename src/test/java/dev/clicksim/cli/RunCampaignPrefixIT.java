package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run --campaign-prefix} on the real embedded stack: a prefix that already has rows in the
 * table is refused before anything is sent, since the two runs' counts would mix.
 */
class RunCampaignPrefixIT {

  private static Path stateDir;
  private static Path runsDir;
  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws IOException {
    Path root = Files.createTempDirectory("clicksim-prefix-it");
    stateDir = root.resolve("state");
    runsDir = root.resolve("runs");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void should_refuse_a_second_run_with_a_prefix_that_already_has_rows() throws IOException {
    Cli.Result first = run("it1.").expectExit(ExitCode.OK.code());
    assertThat(first.out()).contains("campaign prefix it1.", "VERDICT: MATCH");
    assertThat(runDirectories()).hasSize(1);

    Cli.Result second = run("it1").expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(second.err().lines())
        .singleElement()
        .isEqualTo(
            "clicksim: campaign prefix it1. already has rows in table click_counts; choose"
                + " another");
    assertThat(second.out()).doesNotContain("run: ");
    assertThat(runDirectories()).as("run directories after the refusal").hasSize(1);
  }

  private static Cli.Result run(String prefix) {
    return Cli.run(
        "run",
        "--scenario",
        "smoke",
        "--campaign-prefix",
        prefix,
        "--progress",
        "none",
        "--state-dir",
        stateDir.toString(),
        "--runs-dir",
        runsDir.toString());
  }

  private static List<Path> runDirectories() throws IOException {
    try (Stream<Path> runs = Files.list(runsDir)) {
      return new ArrayList<>(runs.toList());
    }
  }
}
