package dev.clicksim.api;

import dev.clicksim.db.CountsTable;
import dev.clicksim.scenario.Fault;
import dev.clicksim.stack.ClickSink;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.InputPosition;
import dev.clicksim.stack.PipelineTopics;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;
import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A stack seen with the windows the pipeline is meant to have: the run's truth predicts late drops
 * with them, while the pipeline counts with its own, so a grace that differs shows in the verdict.
 * Everything else is the stack's; closing it closes nothing.
 */
final class ExpectedWindowsStack implements Stack {

  private final Stack stack;
  private final WindowSpec expected;

  ExpectedWindowsStack(Stack stack, WindowSpec expected) {
    this.stack = stack;
    this.expected = expected;
  }

  @Override
  public WindowSpec windows() {
    return expected;
  }

  @Override
  public Map<String, String> runSettings() {
    Map<String, String> s = new LinkedHashMap<>(stack.runSettings());
    s.put("pipeline.window.grace", stack.windows().grace().toString());
    s.put("truth.expected.grace", expected.grace().toString());
    return s;
  }

  @Override
  public String description() {
    return stack.description();
  }

  @Override
  public List<String> describeEndpoints() {
    return stack.describeEndpoints();
  }

  @Override
  public CountsTable countsTable() {
    return stack.countsTable();
  }

  @Override
  public List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress) {
    return stack.provision(table, progress);
  }

  @Override
  public List<String> provisioningPlan(CountsTable table) {
    return stack.provisioningPlan(table);
  }

  @Override
  public List<String> preflight(CountsTable table) {
    return stack.preflight(table);
  }

  @Override
  public List<String> aggregationFindings() {
    return stack.aggregationFindings();
  }

  @Override
  public Set<Fault.Kind> injectableFaults() {
    return stack.injectableFaults();
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, Duration length) {
    return stack.inject(action, target, length);
  }

  @Override
  public int inputPartitions() {
    return stack.inputPartitions();
  }

  @Override
  public OptionalLong latestInputTimestamp() {
    return stack.latestInputTimestamp();
  }

  @Override
  public Map<Integer, InputPosition> inputPositions() {
    return stack.inputPositions();
  }

  @Override
  public ClickSink openClickSink(LongSupplier nanoClock, Duration deliveryTimeout) {
    return stack.openClickSink(nanoClock, deliveryTimeout);
  }

  @Override
  public CountsReader openCountsReader(CountsTable table) {
    return stack.openCountsReader(table);
  }

  @Override
  public String describe(CountsTable table) {
    return stack.describe(table);
  }

  @Override
  public Optional<String> failedSinkTask() {
    return stack.failedSinkTask();
  }

  @Override
  public Optional<PipelineTopics> pipelineTopics() {
    return stack.pipelineTopics();
  }

  @Override
  public void close() {
    // The stack belongs to the pipeline that lent it.
  }
}
