package dev.clicksim.cli;

import dev.clicksim.db.CountsTable;
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
    RunDirectory run =
        runChoice.select(
            stackOptions.runsDir(),
            line -> {
              out.println(line);
              out.flush();
            });
    if (stackOptions.databaseOnly()) {
      // Any PostgreSQL reached by JDBC: no stack needed; the truth loads while it connects.
      return verify(
          StackProvider.database(stackOptions),
          v ->
              v.verify(
                  run,
                  verifyOptions.countsTable(CountsTable.DEFAULT),
                  verifyOptions.settings(),
                  null),
          out);
    }
    // A stack this command would start is started only for a run that reads and checks: a missing
    // or damaged run directory is the user's first problem, and a stack started for it would be
    // started for nothing. A running or external stack starts nothing, so there the truth loads
    // while the table is opened.
    RunDirectory.Loaded[] loaded = {null};
    try (Stack stack = StackProvider.open(stackOptions, out, () -> loaded[0] = run.load())) {
      CountsTable table = verifyOptions.countsTable(stack.countsTable());
      return verify(
          stack,
          v ->
              loaded[0] != null
                  ? v.verify(loaded[0], table, verifyOptions.settings(), null)
                  : v.verify(run, table, verifyOptions.settings(), null),
          out);
    }
  }

  private int verify(
      CountsSource source,
      java.util.function.Function<Verification, Verification.Result> verifying,
      PrintWriter out) {
    Verification.Result result =
        verifying.apply(
            new Verification(
                source,
                o -> ExitCode.of(o).code(),
                line -> {
                  out.println(line);
                  out.flush();
                }));
    VerificationPrinter.print(result, verifyOptions.list, out);
    VerificationPrinter.writeReports(result, out);
    return ExitCode.of(result.outcome()).code();
  }
}
