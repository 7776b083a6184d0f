package dev.clicksim.api;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.scenario.Fault;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.stack.Stack;
import dev.clicksim.usecase.Provisioning;
import dev.clicksim.usecase.RunSession;
import dev.clicksim.usecase.Verification;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pipeline under test: the embedded stack this object started, or a running one it attached to.
 * {@link #provision()} sets the pipeline up (idempotently), {@link #run(ScenarioRun)} sends a
 * scenario's clicks, records their truth and verifies the table against it; {@link #close()} stops
 * what was started. Every failure is a {@code ClicksimFailure} (a RuntimeException) whose message
 * is one line naming what failed.
 *
 * <pre>{@code
 * try (ClicksimPipeline pipeline = ClicksimPipeline.start(PipelineConfig.embedded())) {
 *   pipeline.provision();
 *   pipeline.run(ScenarioRun.of("smoke").seed(42)).assertMatched();
 * }
 * }</pre>
 *
 * <p>One run at a time: the methods are not meant to be called from several threads at once.
 */
public final class ClicksimPipeline implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final String LOG_FILE_PROPERTY = "clicksim.log.file";
  private static final Duration QUIET_PERIOD = Duration.ofSeconds(5);

  private final PipelineConfig config;
  private final Stack stack;
  private final CountsTable table;
  private final SinkConfigFile sinkConfig;
  private final Consumer<String> progress;
  private boolean provisioned;

  private ClicksimPipeline(
      PipelineConfig config,
      Stack stack,
      CountsTable table,
      SinkConfigFile sinkConfig,
      Consumer<String> progress) {
    this.config = config;
    this.stack = stack;
    this.table = table;
    this.sinkConfig = sinkConfig;
    this.progress = progress;
  }

  /** Starts (or attaches to) the pipeline, saying nothing. */
  public static ClicksimPipeline start(PipelineConfig config) {
    return start(config, line -> {});
  }

  /**
   * Starts the embedded stack, or attaches to the configured endpoints; nothing is provisioned yet.
   *
   * @param progress told what is being done, a line at a time (the console lines of {@code clicksim
   *     run})
   */
  public static ClicksimPipeline start(PipelineConfig config, Consumer<String> progress) {
    Objects.requireNonNull(config, "config");
    WindowSpec windows =
        config.ksqlDir() == null ? WindowSpec.DEFAULT : KsqlWindows.read(config.ksqlDir());
    SinkConfigFile sink =
        config.sinkConfig() == null ? null : SinkConfigFile.read(config.sinkConfig());
    EngineProfile profile = engineProfile(config.engineProfile());
    if (config.endpoints() == null && System.getProperty(LOG_FILE_PROPERTY) == null) {
      // Kafka's, Connect's and PostgreSQL's logs go beside the stack's data, not to the console.
      System.setProperty(
          LOG_FILE_PROPERTY,
          config.stateDir().resolve("logs").resolve("clicksim.log").toAbsolutePath().toString());
    }
    Stack stack =
        config.endpoints() == null
            ? StackWiring.embedded(config, windows, profile, progress)
            : StackWiring.attached(config, windows, profile);
    CountsTable table = sink == null ? stack.countsTable() : sink.table(stack.countsTable());
    return new ClicksimPipeline(config, stack, table, sink, progress);
  }

  private static EngineProfile engineProfile(String name) {
    try {
      return EngineProfile.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "engine profile " + name + ": must be ksqldb or fast",
          e);
    }
  }

  /**
   * Provisions the pipeline (topics, the windowed count, the table, the sink connector) and runs
   * the pre-flight checks; idempotent.
   *
   * @return warnings: traps that would explain a later verdict, and each count-deciding setting
   *     where the project's sink configuration differs from the sink provisioned
   */
  public List<String> provision() {
    Provisioning.Result result =
        Provisioning.provision(stack, table, false, step -> progress.accept("  " + step));
    provisioned = true;
    List<String> warnings = new ArrayList<>(result.warnings());
    if (sinkConfig != null) {
      warnings.addAll(sinkConfig.differences(table));
    }
    warnings.forEach(w -> progress.accept("warning: " + w));
    return warnings;
  }

  /**
   * Runs a scenario (provisioning first if that has not been done): sends its clicks on its
   * schedule, records the truth of those Kafka acknowledged, waits for the table to settle and
   * verifies it window by window, writing verify.json, junit.xml and report.html into the run's
   * directory. A mismatch is a report, not an exception: assert on it.
   */
  public RunReport run(ScenarioRun run) {
    Objects.requireNonNull(run, "run");
    Scenario scenario = run.load();
    refuseFaults(scenario);
    if (!provisioned) {
      provision();
    }
    Stack runStack =
        run.expectedGrace() == null || run.expectedGrace().equals(stack.windows().grace())
            ? stack
            : new ExpectedWindowsStack(
                stack, new WindowSpec(stack.windows().size(), run.expectedGrace()));
    RunSession.Request request =
        new RunSession.Request(
            scenario,
            run.scenario(),
            run.overrides().describe(),
            null,
            POLL_INTERVAL,
            table,
            null,
            dev.clicksim.stack.ClickSink.DEFAULT_DELIVERY_TIMEOUT);
    Instant now = Instant.now();
    RunDirectory directory = RunDirectory.create(config.runsDir(), now, scenario.name());
    RunSession.Result sent =
        new RunSession(progress)
            .send(runStack, directory, request, now, Thread.currentThread()::isInterrupted, null);
    if (!sent.complete()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INTERRUPTED,
          "interrupted while sending; the truth of what was sent is in " + directory.path());
    }
    Verification.Result verified =
        new Verification(runStack, RunReport::exitCodeOf, progress)
            .verify(directory.load(), table, settings(run), sent.tracker());
    Verification.writeReports(verified);
    RunReport report = RunReport.of(verified);
    progress.accept(
        String.format(
            Locale.ROOT, "VERDICT: %s (report: %s)", report.verdict(), report.reportHtml()));
    return report;
  }

  /** Verifies an earlier run's directory again (as {@code clicksim verify --run DIR}). */
  public RunReport verify(Path runDirectory, ScenarioRun thresholds) {
    Verification.Result verified =
        new Verification(stack, RunReport::exitCodeOf, progress)
            .verify(RunDirectory.open(runDirectory).load(), table, settings(thresholds), null);
    Verification.writeReports(verified);
    return RunReport.of(verified);
  }

  private static Verification.Settings settings(ScenarioRun run) {
    return new Verification.Settings(
        POLL_INTERVAL,
        QUIET_PERIOD,
        run.settleTimeoutOrDefault(),
        Verification.Layout.auto,
        run.minMatchOrNull(),
        run.maxP99AckOrNull(),
        run.maxP99WindowCompletionOrNull(),
        run.maxP99VisibilityOrNull());
  }

  private void refuseFaults(Scenario scenario) {
    for (int i = 0; i < scenario.faults().size(); i++) {
      Fault f = scenario.faults().get(i);
      if (!stack.injectableFaults().contains(f.kind())) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "scenario "
                + scenario.name()
                + ", faults["
                + i
                + "]: "
                + stack.description()
                + " cannot "
                + f.kind());
      }
    }
  }

  /** The window size and grace the pipeline's windowed count runs. */
  public Duration windowSize() {
    return stack.windows().size();
  }

  public Duration grace() {
    return stack.windows().grace();
  }

  /** What the pipeline is and where: one line per endpoint. */
  public List<String> describeEndpoints() {
    return stack.describeEndpoints();
  }

  /** The table the counts are read from. */
  public String table() {
    return table.table();
  }

  public PipelineConfig config() {
    return config;
  }

  /** Stops the embedded stack; an attached pipeline stays up. */
  @Override
  public void close() {
    stack.close();
  }
}
