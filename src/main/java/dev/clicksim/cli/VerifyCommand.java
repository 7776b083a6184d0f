package dev.clicksim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Stack;

/** Compares the PostgreSQL window counts with a run's truth, window by window; the exit code gates CI. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
      "Compare the PostgreSQL window counts with a run's truth.",
      "",
      "Waits until the sink's table has settled, then compares every (campaign, window) count with the truth of a run (the latest in runs/, or --run DIR). Exit 0 on a match, 1 on a mismatch."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stackOptions;

  @Mixin
  VerifyOptions verifyOptions;

  @Option(names = "--run", paramLabel = "DIR", description = "The run directory to verify (default: the latest under runs/).")
  Path runDir;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    RunDirectory run = runDir != null ? RunDirectory.open(runDir) : RunDirectory.latest(stackOptions.runsDir());
    if (stackOptions.databaseOnly()) {
      // Any PostgreSQL reached by JDBC: no stack needed.
      DatabaseEndpoint db = stackOptions.external().database();
      return RunVerifier.verify(db, null, run, verifyOptions.countsTable(stackOptions.defaultCountsTable()), verifyOptions, out, null)
          .exitCode().code();
    }
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      return RunVerifier.verify(stack.database(), stack.connect(), run, verifyOptions.countsTable(stack.countsTable()), verifyOptions, out, null)
          .exitCode().code();
    }
  }
}
