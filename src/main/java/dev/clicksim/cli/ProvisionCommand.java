package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;

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

  @picocli.CommandLine.Option(names = "--dry-run", description = "Print what provisioning would do, and change nothing (--target external).")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      return plan(out);
    }
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      long start = System.nanoTime();
      List<ProvisionStep> steps = new Provisioner(stack, PipelineNames.DEFAULT, stack.countsTable()).provision(step -> {
        out.println("  " + step);
        out.flush();
      });
      RunCommand.printWarnings(stack, stack.countsTable(), stackOptions, out);
      boolean changed = steps.stream().anyMatch(s -> s.outcome() != ProvisionStep.Outcome.UNCHANGED);
      out.printf("provision: %s in %.1f s%n", changed ? "pipeline provisioned" : "nothing to change, the pipeline was already provisioned",
          (System.nanoTime() - start) / 1e9);
      return ExitCode.OK.code();
    }
  }

  /** The plan, from the endpoints alone: nothing is contacted or changed. */
  private int plan(PrintWriter out) {
    if (!stackOptions.isExternal()) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, "--dry-run plans provisioning of an external stack (--target external);"
          + " the embedded stack is provisioned by clicksim up and clicksim run");
    }
    dev.clicksim.stack.external.ExternalEndpoints e = stackOptions.external().resolve(true);
    dev.clicksim.stack.external.ExternalStack stack = new dev.clicksim.stack.external.ExternalStack(e, PipelineNames.DEFAULT,
        stackOptions.windows(), stackOptions.streamsSettings());
    PipelineNames names = PipelineNames.DEFAULT;
    out.println("provision --dry-run: " + stack.description() + "; nothing will be changed");
    out.println("1. topics (Kafka Admin API at " + e.kafka().get("bootstrap.servers") + "): create " + names.inputTopic() + " and "
        + names.outputTopic() + " with " + dev.clicksim.provision.Provisioner.CLICK_EVENTS_PARTITIONS + " partitions each if missing");
    if (e.ksqlDbUrl() != null) {
      if (e.schemaRegistryUrl() != null) {
        out.println("2. Schema Registry at " + e.schemaRegistry() + ": register the click schema (JSON) under "
            + dev.clicksim.stack.external.ClickEventSchema.subject(names.inputTopic()));
      }
      out.println("3. ksqlDB at " + e.ksqlDb() + ": run, and wait for the table's query to be RUNNING:");
      var format = e.schemaRegistryUrl() == null ? dev.clicksim.stack.external.KsqlStatements.ValueFormat.JSON
          : dev.clicksim.stack.external.KsqlStatements.ValueFormat.JSON_SR;
      for (String statement : dev.clicksim.stack.external.KsqlStatements.load().render(format, stackOptions.windows())) {
        statement.lines().forEach(l -> out.println("     " + l));
      }
    } else {
      out.println("3. windowed count: check that the Kafka Streams application " + names.applicationId() + " runs (its consumer group)");
    }
    dev.clicksim.db.CountsTable table = stack.countsTable();
    out.println("4. PostgreSQL at " + dev.clicksim.db.Jdbc.redact(e.database().jdbcUrl()) + " as " + e.database().user() + ": if table " + table.table() + " is missing:");
    out.println("     " + table.createStatement());
    out.println("5. Kafka Connect at " + e.connect() + ": PUT /connectors/" + dev.clicksim.provision.SinkConnectorConfig.CONNECTOR_NAME
        + "/config, then wait for the connector and its task to be RUNNING:");
    java.util.Map<String, String> config = dev.clicksim.provision.SinkConnectorConfig.debezium(names, table, stack.sinkDatabase(),
        stack.sinkValueConverter());
    config.forEach((k, v) -> out.println("     " + k + "=" + (k.contains("password") ? "******"
        : k.equals("connection.url") ? dev.clicksim.db.Jdbc.redact(v) : v)));
    out.flush();
    return ExitCode.OK.code();
  }
}
