package dev.clicksim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;

/** Sets the pipeline up, idempotently, and says what it created and what it found in place. */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = {
      "Set the pipeline up, idempotently.",
      "",
      "Creates the topics (click_events with 3 partitions, click_counts_table_output), starts the windowed count, creates the PostgreSQL table with its primary key and the JDBC sink connector. Running it again changes nothing and says so."
    })
public final class ProvisionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stackOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      long start = System.nanoTime();
      List<ProvisionStep> steps = new Provisioner(stack, PipelineNames.DEFAULT, stack.countsTable()).provision(step -> {
        out.println("  " + step);
        out.flush();
      });
      boolean changed = steps.stream().anyMatch(s -> s.outcome() != ProvisionStep.Outcome.UNCHANGED);
      out.printf("provision: %s in %.1f s%n", changed ? "pipeline provisioned" : "nothing to change, the pipeline was already provisioned",
          (System.nanoTime() - start) / 1e9);
      return ExitCode.OK.code();
    }
  }
}
