package dev.clicksim.stack;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.scenario.Fault;
import dev.clicksim.window.WindowSpec;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The pipeline clicksim provisions, drives and verifies, seen as the things it can do
 * (OpenMessaging Benchmark's {@code BenchmarkDriver} is the model). The provisioning, the run
 * session and the verification talk to this interface only; the embedded stack, a running {@code
 * clicksim up} and an external cluster are interchangeable adapters, and no caller asks which one
 * it holds.
 *
 * <p>Everything a stack opens is closed by its caller: click sinks and counts readers are {@link
 * AutoCloseable}, and {@link #close()} stops what the stack itself started (an attached or external
 * stack stops nothing).
 *
 * <p>Faults are actions a stack does to its own components ({@link #injectableFaults}, {@link
 * #inject}): a kill is a SIGKILL of the process that holds the component, never a clean close.
 */
public interface Stack extends CountsSource, AutoCloseable {

  /**
   * What this is, for messages: "embedded (transient)", "embedded (clicksim up, pid 1234)",
   * "external (Kafka ...)".
   */
  String description();

  /**
   * Where this stack's parts are, as lines to print (never a password): Kafka, Connect, PostgreSQL,
   * ...
   */
  List<String> describeEndpoints();

  /** The window size and grace the running windowed count applies; the truth must use the same. */
  WindowSpec windows();

  /** The sink's table and its column names as this stack's windowed count names the fields. */
  CountsTable countsTable();

  /**
   * Sets the pipeline up, idempotently: the topics, the windowed count, the table with its primary
   * key, the sink connector, waiting until each runs. Each step is told to {@code progress} as it
   * completes.
   *
   * @return every step, each saying whether it created, updated or found in place what it checked
   */
  List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress);

  /**
   * What {@link #provision} would do, as lines to print, without contacting anything or changing
   * anything. Passwords never appear in it.
   */
  List<String> provisioningPlan(CountsTable table);

  /**
   * Known traps of this pipeline as it is now (an insert-mode sink, a missing primary key,
   * ksqlDB-like commit settings, ...): warnings that explain a verdict or a latency, never
   * failures. Problems reaching a part are warnings too.
   */
  List<String> preflight(CountsTable table);

  /**
   * Where the windowed count, as it reports itself after {@link #provision}, differs from what the
   * truth and the sink assume (a ksqlDB query made elsewhere with another key format, EMIT FINAL,
   * {@code auto.offset.reset=latest} without committed offsets, ...), one line each: what it is,
   * then {@code ": "} and what it does to a run. Warnings, which {@code --strict} refuses. Empty
   * for a windowed count that runs clicksim's own topology.
   */
  default List<String> aggregationFindings() {
    return List.of();
  }

  /**
   * The faults this stack can do, each an action on a target; a run refuses any other before it
   * starts anything. Empty for a stack that does none.
   */
  default java.util.Set<Fault.Kind> injectableFaults() {
    return java.util.Set.of();
  }

  /**
   * Why this stack cannot do {@code kind}, and what to do instead, for the refusal of a run that
   * asks for it; empty when the list of what it can do says enough.
   */
  default String whyNot(Fault.Kind kind) {
    return whyNoStackCan(kind);
  }

  /** What no stack can do, whatever it runs on. */
  static String whyNoStackCan(Fault.Kind kind) {
    if (kind.equals(new Fault.Kind(Fault.Action.kill, Fault.Target.sinkTask))) {
      return "a sink task is a thread inside a Connect worker, with no process of its own to"
          + " SIGKILL; kill connect instead, or restart sink-task";
    }
    return "";
  }

  /**
   * Does one fault now. A kill or restart returns once it is done (the stack's supervision brings
   * the component back on its own), a pause once the component runs again.
   *
   * @param length how long a pause lasts; null for the other actions
   * @return what was done, in a few words, for the console and the report ("SIGKILL of postgres
   *     (pid 1234)")
   */
  default String inject(Fault.Action action, Fault.Target target, java.time.Duration length) {
    throw new ClicksimFailure(
        ClicksimFailure.Kind.INVALID_INPUT,
        description() + " cannot " + action + " " + target.label());
  }

  /**
   * How many partitions {@code click_events} has: the truth's partitioner follows the real count.
   */
  int inputPartitions();

  /**
   * The highest record timestamp already on {@code click_events}, from the brokers' time indexes;
   * empty if none.
   */
  OptionalLong latestInputTimestamp();

  /**
   * Where each partition of {@code click_events} stands now (its end offset and highest timestamp),
   * recorded when a run starts so that verify reads the topic back from there; empty for a stack
   * that cannot say.
   */
  default Map<Integer, InputPosition> inputPositions() {
    return Map.of();
  }

  /**
   * Opens a producer of clicks onto {@code click_events}, in the value format this stack's windowed
   * count reads. Each sink has one writer thread; several sinks may be open at once.
   *
   * @param nanoClock the host clock acknowledgements are timed on
   * @param deliveryTimeout how long a click may wait for its acknowledgement before it fails
   */
  ClickSink openClickSink(LongSupplier nanoClock, java.time.Duration deliveryTimeout);

  /**
   * Settings of this stack that shape a run's result and that this process knows to be in force,
   * recorded in the run's {@code run.json}: the embedded topology's commit interval, cache and
   * linger when it runs in this JVM; empty for a windowed count that runs elsewhere.
   */
  Map<String, String> runSettings();

  /** Stops what this object started; an attached or external stack stays up. */
  @Override
  void close();
}
