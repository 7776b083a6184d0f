package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real signal to a real clicksim process in the middle of a run-shaped command ({@link
 * InterruptedRunProcess}: clicksim's command line, handlers and main's exit path, with a wait where
 * run sends): every time, the process exits 130 and its last word is the one line saying where the
 * truth is. The JVM halts as soon as its shutdown hooks return, so this is a race that a hook
 * released too early loses some of the time; hence several signals of each kind.
 */
class CtrlCOutcomeTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "SIG{0}, attempt {1}")
  @CsvSource({"INT, 1", "INT, 2", "INT, 3", "TERM, 1", "TERM, 2", "TERM, 3"})
  void should_print_the_outcome_line_and_exit_130_on_every_signal(String signal, int attempt)
      throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                InterruptedRunProcess.class.getName(),
                "stand-in-run")
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      await("the process sending")
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(out).contains(InterruptedRunProcess.READY));
      Assumptions.assumeFalse(
          ignored(process.pid(), signal),
          "SIG" + signal + " is ignored here (inherited from a non-interactive shell)");

      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor(10, TimeUnit.SECONDS);

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
      List<String> errLines = Files.readAllLines(err);
      assertThat(errLines)
          .as("stderr after SIG%s (stdout: %s)", signal, Files.readString(out))
          .containsExactly("clicksim: " + InterruptedRunProcess.OUTCOME);
      assertThat(process.exitValue()).isEqualTo(ExitCode.INTERRUPTED.code());
    } finally {
      process.destroyForcibly();
    }
  }

  /** Whether the process ignores the signal (Linux's /proc; elsewhere assumed not). */
  private static boolean ignored(long pid, String signal) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return false;
    }
    int number = signal.equals("INT") ? 2 : 15;
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith("SigIgn:"))
        .map(l -> Long.parseLong(l.substring("SigIgn:".length()).strip(), 16))
        .anyMatch(mask -> (mask & (1L << (number - 1))) != 0);
  }
}
