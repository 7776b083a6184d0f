package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.run.RunDirectory;
import dev.clicksim.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify reads and checks its run before any stack starts, and says which run it picked. No stack
 * is needed: each case fails before one would start, or verifies against a database URL only.
 */
class VerifyCommandTest {

  @TempDir Path tmp;

  private Path runs;
  private Path state;
  private Path run;

  @BeforeEach
  void dryRun() throws IOException {
    runs = tmp.resolve("runs");
    state = tmp.resolve("state");
    Cli.run(
            "run",
            "--dry-run",
            "--scenario",
            "smoke",
            "--anchor",
            "2026-11-27T00:00:00Z",
            "--runs-dir",
            runs.toString())
        .expectExit(ExitCode.OK.code());
    try (var dirs = Files.list(runs)) {
      run = dirs.findFirst().orElseThrow();
    }
  }

  private Cli.Result verify(String... more) {
    String[] args = new String[more.length + 5];
    args[0] = "verify";
    args[1] = "--runs-dir";
    args[2] = runs.toString();
    args[3] = "--state-dir";
    args[4] = state.toString();
    System.arraycopy(more, 0, args, 5, more.length);
    return Cli.run(args);
  }

  @Test
  void should_refuse_a_broken_truth_file_before_any_stack_starts() throws IOException {
    Path truth = run.resolve(RunDirectory.TRUTH_FILE);
    String text = Files.readString(truth);
    int secondRow = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
    String row = text.substring(secondRow, text.indexOf('\n', secondRow));
    String[] fields = row.split(",", -1);
    fields[4] = "-" + fields[4];
    Files.writeString(
        truth,
        text.substring(0, secondRow)
            + String.join(",", fields)
            + text.substring(secondRow + row.length()));

    Cli.Result r = verify("--run", run.toString()).expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().strip())
        .isEqualTo(
            "clicksim: truth file "
                + truth
                + ", line 3: expected_count is negative: -"
                + row.split(",", -1)[4]);
    assertThat(r.out()).doesNotContain("stack:");
    assertThat(state).as("no stack was started").doesNotExist();
  }

  @Test
  void should_refuse_a_run_json_that_is_not_an_object_before_any_stack_starts() throws IOException {
    Path info = run.resolve(RunDirectory.RUN_FILE);
    Files.writeString(info, "[1,2,3]");

    Cli.Result r = verify("--run", run.toString()).expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().strip())
        .isEqualTo("clicksim: " + info + ": expected a JSON object, got array");
    assertThat(state).doesNotExist();
  }

  @Test
  void should_refuse_a_run_json_without_its_campaign_prefix() throws IOException {
    Path info = run.resolve(RunDirectory.RUN_FILE);
    Files.writeString(
        info, Files.readString(info).replaceAll("\"campaignPrefix\"\\s*:\\s*\"[^\"]*\",", ""));

    Cli.Result r = verify().expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err()).contains(info + ": campaignPrefix is missing");
    assertThat(state).doesNotExist();
  }

  @Test
  void should_say_a_missing_run_directory_does_not_exist() {
    Path missing = runs.resolve("20261128-000000-smoke");
    Cli.Result r = verify("--run", missing.toString()).expectExit(ExitCode.NOT_FOUND.code());
    assertThat(r.err().strip()).isEqualTo("clicksim: run directory " + missing + " does not exist");
  }

  @Test
  void should_name_the_truth_file_a_run_directory_lacks() throws IOException {
    Files.delete(run.resolve(RunDirectory.TRUTH_FILE));
    Cli.Result r = verify("--run", run.toString()).expectExit(ExitCode.NOT_FOUND.code());
    assertThat(r.err().strip()).isEqualTo("clicksim: run directory " + run + " has no truth.csv");
  }

  @Test
  void should_say_which_run_it_verifies_and_which_newer_ones_it_passed_over() throws IOException {
    Instant now = Instant.now();
    Files.setLastModifiedTime(
        run.resolve(RunDirectory.TRUTH_FILE), FileTime.from(now.minusSeconds(60)));
    Path interrupted = Files.createDirectories(runs.resolve("20991231-235959-smoke"));
    Files.writeString(interrupted.resolve("latency.hlog"), "");
    Files.setLastModifiedTime(interrupted, FileTime.from(now));

    // A database URL alone needs no stack; nothing listens on port 1, so the verify itself fails.
    Cli.Result r =
        verify("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--settle-timeout", "1s")
            .expectExit(ExitCode.INFRASTRUCTURE.code());

    assertThat(r.out().lines().findFirst())
        .hasValue(
            interrupted
                + " has no run.json and no truth.csv (interrupted?); verifying "
                + run
                + ", the latest complete run");
    assertThat(state).doesNotExist();
  }
}
