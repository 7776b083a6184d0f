package dev.clicksim.cli;

import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.Stack;
import dev.clicksim.usecase.Verification;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Compares the PostgreSQL window counts with a run's truth, window by window; the exit code gates
 * CI.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the PostgreSQL window counts with a run's truth.",
      "",
      "Waits until the sink's table has settled, then compares every (campaign, window) count with the truth of a run (the latest in runs/, or --run DIR). Exit 0 on a match, 1 on a mismatch."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StackOptions stackOptions;

  @Mixin VerifyOptions verifyOptions;

  @Mixin RunChoice runChoice;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // The run is read and checked before any stack starts: a missing or damaged run directory is
    // the user's first problem, and a stack started for it would be started for nothing.
    RunDirectory.Loaded run =
        runChoice
            .select(
                stackOptions.runsDir(),
                line -> {
                  out.println(line);
                  out.flush();
                })
            .load();
    if (stackOptions.databaseOnly()) {
      // Any PostgreSQL reached by JDBC: no stack needed.
      return verify(
          StackProvider.database(stackOptions),
          run,
          verifyOptions.countsTable(dev.clicksim.db.CountsTable.DEFAULT),
          out);
    }
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      return verify(stack, run, verifyOptions.countsTable(stack.countsTable()), out);
    }
  }

  private int verify(
      CountsSource source,
      RunDirectory.Loaded run,
      dev.clicksim.db.CountsTable table,
      PrintWriter out) {
    Verification.Result result =
        new Verification(
                source,
                o -> ExitCode.of(o).code(),
                line -> {
                  out.println(line);
                  out.flush();
                })
            .verify(run, table, verifyOptions.settings(), null);
    VerificationPrinter.print(result, verifyOptions.list, out);
    VerificationPrinter.writeReports(result, out);
    return ExitCode.of(result.outcome()).code();
  }
}
