package dev.clicksim.cli;

import dev.clicksim.run.RunDirectory;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Which run a command reads: the one given, else the latest under the runs directory. */
public final class RunChoice {

  @Option(
      names = "--run",
      paramLabel = "DIR",
      description = "The run directory (default: the latest under --runs-dir).")
  Path runDir;

  RunDirectory select(Path runsDir) {
    return select(runsDir, line -> {});
  }

  /**
   * @param choice told, in one line, which run was picked when none was given and why (the latest
   *     complete one, passing over newer incomplete ones)
   */
  RunDirectory select(Path runsDir, Consumer<String> choice) {
    if (runDir != null) {
      return RunDirectory.open(runDir);
    }
    RunDirectory.LatestRun latest = RunDirectory.latest(runsDir);
    choice.accept(latest.describe("verifying"));
    return latest.run();
  }
}
