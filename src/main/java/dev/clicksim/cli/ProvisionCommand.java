package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;
import dev.clicksim.usecase.Provisioning;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Sets the pipeline up, idempotently, and says what it created and what it found in place. */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = {
      "Set the pipeline up, idempotently.",
      "",
      "Creates the topics (click_events with 3 partitions, click_counts_table_output), starts the windowed count, creates the PostgreSQL table with its primary key and the JDBC sink connector. Running it again changes nothing and says so. A ksqlDB query is then read back (DESCRIBE EXTENDED, EXPLAIN, SHOW PROPERTIES) and what differs from clicksim's statements is warned (refused with --strict)."
    })
public final class ProvisionCommand implements Callable<Integer> {

  /** The help of --strict, which run shares: it provisions too. */
  static final String STRICT_HELP =
      "Refuse (exit 2), instead of warning, when the windowed count as it runs is not what the truth"
          + " assumes: a ksqlDB table whose DESCRIBE EXTENDED, EXPLAIN or the server's properties"
          + " show a key format other than KAFKA, windows other than TUMBLING, EMIT FINAL, another"
          + " value format or topic than clicksim's, or auto.offset.reset that can skip clicks"
          + " (--target external with ksqlDB; clicksim's own topology has nothing to find)."
          + " Windows of another size or grace are refused either way.";

  @Spec CommandSpec spec;

  @Mixin StackOptions stackOptions;

  @Option(
      names = "--dry-run",
      description = "Print what provisioning would do, and change nothing (--target external).")
  boolean dryRun;

  @Option(names = "--strict", description = STRICT_HELP)
  boolean strict;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      if (!stackOptions.isExternal()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "--dry-run plans provisioning of an external stack (--target external);"
                + " the embedded stack is provisioned by clicksim up and clicksim run");
      }
      try (Stack stack = StackProvider.external(stackOptions)) {
        out.println("provision --dry-run: " + stack.description() + "; nothing will be changed");
        List<String> plan = Provisioning.plan(stack, stack.countsTable());
        plan.forEach(out::println);
      }
      out.flush();
      return ExitCode.OK.code();
    }
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      Provisioning.Result result =
          Provisioning.provision(
              stack,
              stack.countsTable(),
              strict,
              step -> {
                out.println("  " + step);
                out.flush();
              });
      result.warnings().forEach(w -> out.println("warning: " + w));
      boolean changed =
          result.steps().stream().anyMatch(s -> s.outcome() != ProvisionStep.Outcome.UNCHANGED);
      out.printf(
          "provision: %s in %.1f s%n",
          changed
              ? "pipeline provisioned"
              : "nothing to change, the pipeline was already provisioned",
          result.seconds());
      out.flush();
      return ExitCode.OK.code();
    }
  }
}
