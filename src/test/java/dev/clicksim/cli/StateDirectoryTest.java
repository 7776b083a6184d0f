package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory that cannot be written. Tests run as root here, for whom permissions deny
 * nothing, so a regular file stands where the directory should be; the processes are real clicksim
 * processes, because what log4j prints on a console is only visible from outside.
 */
class StateDirectoryTest {

  @TempDir Path dir;

  @Test
  void should_name_the_state_directory_when_a_file_stands_in_its_way() throws Exception {
    Files.writeString(dir.resolve("taken"), "");
    Path stateDir = dir.resolve("taken").resolve("state");

    assertThatThrownBy(() -> StateDirectory.requireWritable(stateDir))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage(
            "cannot write the state directory "
                + stateDir
                + ": "
                + dir.resolve("taken")
                + " is a file, not a directory")
        .extracting(e -> ((ClicksimFailure) e).kind())
        .isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE);
  }

  @Test
  void should_say_when_the_state_directory_itself_is_a_file() throws Exception {
    Path stateDir = Files.writeString(dir.resolve(".clicksim"), "");

    assertThatThrownBy(() -> StateDirectory.requireWritable(stateDir))
        .hasMessage(
            "cannot write the state directory " + stateDir + ": it is a file, not a directory");
  }

  @Test
  void should_create_a_missing_state_directory() {
    StateDirectory.requireWritable(dir.resolve("a").resolve("state"));

    assertThat(dir.resolve("a").resolve("state")).isDirectory();
  }

  @Test
  void should_fail_in_one_line_and_print_no_log4j_trace_when_the_log_cannot_be_written()
      throws Exception {
    Files.writeString(dir.resolve(".clicksim"), "");

    Process p = clicksim("verify", "--run", "no-such-run");

    assertThat(p.exitValue()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(Files.readString(dir.resolve("stdout"))).isEmpty();
    assertThat(Files.readAllLines(dir.resolve("stderr")))
        .containsExactly("clicksim: run directory no-such-run does not exist");
  }

  @Test
  void should_refuse_to_start_a_stack_in_a_state_directory_it_cannot_write() throws Exception {
    Files.writeString(dir.resolve("taken"), "");
    Path stateDir = dir.resolve("taken").resolve("state");

    Process p = clicksim("provision", "--state-dir", stateDir.toString());

    assertThat(p.exitValue()).isEqualTo(ExitCode.INFRASTRUCTURE.code());
    assertThat(Files.readAllLines(dir.resolve("stderr")))
        .containsExactly(
            "clicksim: cannot write the state directory "
                + stateDir
                + ": "
                + dir.resolve("taken")
                + " is a file, not a directory");
    assertThat(Files.readAllLines(dir.resolve("stdout")))
        .allSatisfy(line -> assertThat(line).startsWith("stack: "));
  }

  @Test
  void should_write_the_log_into_the_state_directory_given() throws Exception {
    Process p = clicksim("verify", "--run", "no-such-run", "--state-dir", "elsewhere");

    assertThat(p.exitValue()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(dir.resolve("elsewhere/logs/clicksim.log"))
        .content()
        .contains("clicksim verify failed");
    assertThat(dir.resolve(".clicksim")).doesNotExist();
  }

  @Test
  void should_not_create_the_state_directory_for_bad_input() throws Exception {
    Process p = clicksim("provision", "--dry-run", "--state-dir", "state");

    assertThat(p.exitValue()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(Files.readAllLines(dir.resolve("stderr"))).hasSize(1);
    assertThat(dir.resolve("state")).doesNotExist();
  }

  /** clicksim's main in its own JVM, working in {@link #dir}; stdout and stderr go to files. */
  private Process clicksim(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Clicksim.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("clicksim " + String.join(" ", args) + " did not end in 120 s");
    }
    return p;
  }
}
