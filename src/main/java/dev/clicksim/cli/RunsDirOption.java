package dev.clicksim.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where run directories live, for the commands that write or read them. */
public final class RunsDirOption {

  @Option(
      names = "--runs-dir",
      defaultValue = "runs",
      paramLabel = "DIR",
      description =
          "Where run directories (truth, run.json, reports) are written and looked up (default: ${DEFAULT-VALUE}).")
  Path runsDir;
}
