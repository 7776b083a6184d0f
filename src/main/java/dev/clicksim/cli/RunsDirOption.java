package dev.clicksim.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where run directories live, for the commands that write or read them. */
public final class RunsDirOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  Path runsDir;

  @Option(
      names = "--runs-dir",
      defaultValue = "runs",
      paramLabel = "DIR",
      description =
          "Where run directories (truth, run.json, reports) are written and looked up (default: ${DEFAULT-VALUE}).")
  void runsDir(Path dir) {
    runsDir = directory(mixee, "--runs-dir", dir);
  }

  /**
   * A directory option's value; an empty one is refused, as the path it makes is the current
   * directory, where a run would be written among the user's files.
   */
  static Path directory(CommandSpec mixee, String option, Path dir) {
    if (dir.toString().isBlank()) {
      throw new ParameterException(
          mixee.commandLine(), option + " must name a directory, was empty");
    }
    return dir;
  }
}
