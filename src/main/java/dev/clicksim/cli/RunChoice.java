package dev.clicksim.cli;

import dev.clicksim.run.RunDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which run a command reads: the one given, else the latest under the runs directory. */
public final class RunChoice {

  @Option(
      names = "--run",
      paramLabel = "DIR",
      description = "The run directory (default: the latest under --runs-dir).")
  Path runDir;

  RunDirectory select(Path runsDir) {
    return runDir != null ? RunDirectory.open(runDir) : RunDirectory.latest(runsDir);
  }
}
