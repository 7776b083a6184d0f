package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ports and directories a stack command refuses while it parses, before anything starts. */
class StackOptionsTest {

  @TempDir Path tmp;

  private Cli.Result run(String... options) {
    String[] args = new String[options.length + 5];
    args[0] = "run";
    args[1] = "--dry-run";
    args[2] = "--anchor";
    args[3] = "2026-11-27T00:00:00Z";
    args[4] = "--runs-dir=" + tmp.resolve("runs");
    System.arraycopy(options, 0, args, 5, options.length);
    return Cli.run(args);
  }

  @Test
  void should_refuse_two_equal_ports_naming_both_options() {
    Cli.Result r =
        Cli.run(
                "up",
                "--state-dir",
                tmp.resolve("state").toString(),
                "--kafka-port",
                "19555",
                "--connect-port",
                "19555")
            .expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().strip())
        .isEqualTo(
            "clicksim: --kafka-port and --connect-port are both 19555;"
                + " each component needs a port of its own (see clicksim up --help)");
    assertThat(tmp.resolve("state")).doesNotExist();
  }

  @Test
  void should_refuse_equal_ports_whatever_their_order() {
    Cli.Result r =
        run("--postgres-port", "19556", "--kafka-port", "19556")
            .expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("--postgres-port and --kafka-port are both 19556");
  }

  @Test
  void should_accept_different_ports_and_zeros() {
    run("--kafka-port", "19557", "--connect-port", "19558", "--postgres-port", "0")
        .expectExit(ExitCode.OK.code());
  }

  @Test
  void should_refuse_a_port_out_of_range_naming_the_option_without_a_java_type() {
    Cli.Result high = run("--kafka-port", "70000").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(high.err().strip())
        .isEqualTo(
            "clicksim: --kafka-port must be 0 (any free port) or 1-65535, was 70000"
                + " (see clicksim run --help)");

    Cli.Result negative = run("--connect-port", "-5").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(negative.err())
        .contains("--connect-port must be 0 (any free port) or 1-65535, was -5")
        .doesNotContain("Exception", "java.");
  }

  @Test
  void should_refuse_an_empty_runs_dir_and_write_nothing() {
    Cli.Result r =
        Cli.run("run", "--dry-run", "--runs-dir", "").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err().strip())
        .isEqualTo(
            "clicksim: --runs-dir must name a directory, was empty (see clicksim run --help)");
    assertThat(r.out()).doesNotContain("truth");
  }

  @Test
  void should_refuse_an_empty_state_dir() {
    Cli.Result r = run("--state-dir=").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("--state-dir must name a directory, was empty");
    assertThat(tmp.resolve("runs")).doesNotExist();
  }

  @Test
  void should_refuse_an_empty_runs_dir_for_report_too() {
    Cli.Result r = Cli.run("report", "--runs-dir", "").expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err()).contains("--runs-dir must name a directory, was empty");
  }
}
