package dev.clicksim.cli;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.FixedCounts;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.usecase.Verification;
import dev.clicksim.verify.ObservedWindow;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Loads the classes of clicksim's one-shot commands, without any stack, so that the {@code
 * ./clicksim} launcher can record them in a class-data-sharing archive (JDK 17's {@code
 * -XX:ArchiveClassesAtExit}) once per build. A JVM started with that archive maps those classes
 * instead of loading, verifying and linking them from the jars: a 100 000-window {@code verify}
 * spends about a second less starting up. Hidden from the help: only the launcher runs it.
 *
 * <p>It does in one JVM what those commands do: a dry run of the smoke scenario (YAML, simulation,
 * truth, run.json), the second half of a verify on that run with the truth as the table
 * (comparison, verify.json, junit.xml, report.html), {@code report}, and a verify against a
 * database that is not there (the JDBC driver and its errors).
 */
@Command(
    name = "class-cache-training",
    hidden = true,
    description =
        "Load the classes of the one-shot commands without a stack (the ./clicksim launcher's class-data archive).")
public final class ClassCacheTrainingCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "A scratch directory for the training run.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    CommandLine commands = Clicksim.commandLine(quiet, quiet);
    String runsDir = dir.toString();
    int dry =
        commands.execute(
            "run",
            "--dry-run",
            "--scenario",
            "smoke",
            "--anchor",
            "2026-11-27T00:00:00Z",
            "--runs-dir",
            runsDir);
    if (dry != ExitCode.OK.code()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INTERNAL, "class-cache training: the dry run exited " + dry);
    }
    RunDirectory.Loaded run = RunDirectory.latest(dir).run().load();
    List<WindowTruth> truth = run.truth();
    List<ObservedWindow> table =
        truth.stream()
            .filter(w -> w.expectedCount() > 0)
            .map(
                w ->
                    new ObservedWindow(
                        w.campaignId(), w.windowStartMs(), w.windowEndMs(), w.expectedCount()))
            .toList();
    VerifyOptions options = CommandLine.populateCommand(new VerifyOptions());
    // The whole verification, with the truth itself standing in for the table: every class of a
    // real verify loads.
    CountsSource truthAsTable = new FixedCounts(table, Optional.empty());
    Verification.Result result =
        new Verification(truthAsTable, o -> ExitCode.of(o).code(), line -> {})
            .verify(run, CountsTable.DEFAULT, options.settings(), null);
    VerificationPrinter.print(result, VerificationPrinter.ListMode.auto, quiet);
    VerificationPrinter.writeReports(result, quiet);
    commands.execute("report", "--run", run.path().toString());
    // Nothing listens on port 1: the driver loads, connects, and its refusal is turned into
    // clicksim's error.
    commands.execute(
        "verify",
        "--run",
        run.path().toString(),
        "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/none",
        "--settle-timeout",
        "1s");
    return ExitCode.OK.code();
  }
}
