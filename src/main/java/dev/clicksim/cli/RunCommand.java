package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.run.ClickSender;
import dev.clicksim.run.PacedSendLoop;
import dev.clicksim.run.ProgressDisplay;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.run.RunInterruption;
import dev.clicksim.run.LatencyRecorderThread;
import dev.clicksim.run.TableObserver;
import dev.clicksim.run.TopicTimestamps;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.EventTimeAnchor;
import dev.clicksim.simulation.ScenarioSimulation;
import dev.clicksim.stack.Stack;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;

/** Simulates a scenario's clicks, sends them on schedule, records the truth, and verifies the pipeline counted them. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Send a scenario's clicks, record the truth and verify the pipeline counted it.",
      "",
      "Simulates the scenario's shoppers with a seed, sends their clicks to click_events on the scenario's schedule with event-time timestamps, records the truth (the expected count of every campaign and window) in runs/<id>/, then verifies the PostgreSQL table against it. Without a running 'clicksim up' it starts the embedded stack, provisions it, and stops it at the end. Ctrl-C stops sending, flushes, and keeps the truth of what was sent."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stackOptions;

  @Mixin
  VerifyOptions verifyOptions;

  @Mixin
  ScenarioCommand.OverrideOptions overrideOptions;

  @Option(names = {"-s", "--scenario"}, defaultValue = "smoke", paramLabel = "NAME|FILE",
      description = "A shipped scenario (see 'clicksim scenario list') or a scenario file (default: ${DEFAULT-VALUE}).")
  String scenarioName;

  @Option(names = "--anchor", paramLabel = "INSTANT",
      description = "Event time of the scenario's start, ISO-8601 (e.g. 2026-11-27T23:00:00Z), aligned down to a window start."
          + " Default: after the latest click already on click_events, and as late as keeps the whole scenario in the past."
          + " Fix it to reproduce a truth file exactly.")
  Instant anchor;

  @Option(names = "--dry-run", description = "Generate the clicks and write the truth without any stack.")
  boolean dryRun;

  @Option(names = "--no-verify", description = "Send and record the truth, but do not wait and verify.")
  boolean noVerify;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
      description = "Live progress: auto (redrawn in place on a terminal, a line every 5 s otherwise), plain, or none (default: ${DEFAULT-VALUE}).")
  String progressMode;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ScenarioOverrides overrides = overrideOptions.overrides();
    Scenario scenario = overrides.apply(ScenarioLoader.resolve(scenarioName));
    if (!progressMode.equals("auto") && !progressMode.equals("plain") && !progressMode.equals("none")) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, "--progress must be auto, plain or none, was " + progressMode);
    }
    verifyOptions.listChoice();
    verifyOptions.layoutChoice();
    verifyOptions.minMatchRatio();
    Instant now = Instant.now();
    if (dryRun) {
      RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
      generate(run, scenario, now, null, stackOptions.windows(), out, null, null);
      return ExitCode.OK.code();
    }
    long t0 = System.nanoTime();
    try (RunInterruption interruption = new RunInterruption(); Stack stack = StackProvider.open(stackOptions, out)) {
      long t1 = System.nanoTime();
      new Provisioner(stack, PipelineNames.DEFAULT, verifyOptions.countsTable(stack.countsTable())).provision(step -> {
        out.println("  " + step);
        out.flush();
      });
      printWarnings(stack, verifyOptions.countsTable(stack.countsTable()), stackOptions, out);
      long t2 = System.nanoTime();
      out.printf("provision: done in %.1f s%n", (t2 - t1) / 1e9);
      RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
      FreshnessTracker tracker = new FreshnessTracker();
      boolean complete = generate(run, scenario, now, stack, stack.aggregation().windows(), out, interruption, tracker);
      long t3 = System.nanoTime();
      if (!complete) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "stopped by Ctrl-C; the truth of what was sent is in " + run.path()
            + " (clicksim verify --run " + run.path() + " checks it)");
      }
      ExitCode verdict = noVerify ? ExitCode.OK
          : RunVerifier.verify(stack.database(), stack.connect(), run, verifyOptions.countsTable(stack.countsTable()), verifyOptions, out, tracker).exitCode();
      long t4 = System.nanoTime();
      out.printf("timings: stack %.1f s, provision %.1f s, send %.1f s, verify %.1f s, total %.1f s (run directory %s)%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t4 - t0) / 1e9, run.path());
      out.flush();
      return verdict.code();
    }
  }

  /**
   * Generates the deliveries, sends them on schedule unless dry, and writes the truth of what was actually sent.
   *
   * @return false when Ctrl-C stopped the sending early
   */
  private boolean generate(RunDirectory run, Scenario scenario, Instant now, Stack stack, WindowSpec windows, PrintWriter out,
      RunInterruption interruption, FreshnessTracker tracker) {
    String prefix = campaignPrefix(now);
    long anchorMs = this.anchor != null ? windows.startOf(this.anchor.toEpochMilli())
        : EventTimeAnchor.choose(now.toEpochMilli(), scenario.duration(), windows,
            stack == null ? OptionalLong.empty() : TopicTimestamps.latest(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic()));
    // A campaign's clicks are keyed by campaign, so they share one input partition and (as Streams and ksqlDB keep the
    // repartition topic's count equal to the input's) one repartition partition: the truth follows that partition.
    int partitions = stack == null ? Provisioner.CLICK_EVENTS_PARTITIONS
        : TopicTimestamps.partitions(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic());
    TruthLedger ledger = new TruthLedger(windows, CampaignPartitioner.kafkaDefault(partitions));
    ScenarioSimulation simulation = new ScenarioSimulation(scenario, windows, anchorMs, prefix);
    out.printf("run: %s, scenario %s, seed %d, %s of event time from %s at speed %s, campaign prefix %s%n",
        run.id(), scenario.name(), scenario.seed(), scenario.duration(), Instant.ofEpochMilli(anchorMs),
        ScenarioOverrides.formatSpeed(scenario.speed()), prefix);
    out.flush();
    long start = System.nanoTime();
    boolean complete;
    if (stack == null) {
      while (simulation.hasNext()) {
        Delivery d = simulation.next();
        if (d.duplicate()) {
          ledger.recordDuplicate(d.click());
        } else {
          ledger.record(d.click());
        }
      }
      complete = true;
      writeRun(run, scenario, anchorMs, prefix, windows, ledger, null);
    } else {
      PacedSendLoop.Progress progress = new PacedSendLoop.Progress();
      PacedSendLoop.Outcome outcome;
      try (ClickSender sender = new ClickSender(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic(), System::nanoTime,
              stack.clickEncoder());
          LatencyLog latencyLog = LatencyLog.open(run.path())) {
        try (TableObserver observer = new TableObserver(stack.database(), verifyOptions.countsTable(stack.countsTable()), tracker, prefix, verifyOptions.pollInterval);
            LatencyRecorderThread recorder = new LatencyRecorderThread(sender, tracker, latencyLog, progress, run.path());
            ProgressDisplay display = progressMode.equals("none") ? null
                : ProgressDisplay.start(progress, sender, scenario.duration(), out, progressMode.equals("auto"))) {
          outcome = new PacedSendLoop(System::nanoTime, LockSupport::parkNanos)
              .run(simulation, (click, intended, place) -> sender.send(click, intended, place,
                  place > 0 ? tracker.window(click.campaignId(), windows.startOf(click.eventTimeMs())) : null),
                  ledger, interruption::requested, progress);
          Thread.interrupted();
          sender.flush();
        } finally {
          // Whatever stopped the loop, what was handed over is flushed and the truth says exactly that.
          Thread.interrupted();
          try {
            sender.flush();
          } finally {
            writeRun(run, scenario, anchorMs, prefix, windows, ledger, stack);
          }
        }
        out.printf("run: the sender was at most %.1f ms behind its schedule; ack latency p99 %.1f ms from the intended send time%n",
            outcome.maxLagNanos() / 1e6, sender.ackLatencyFromIntended().getValueAtPercentile(99) / 1000.0);
      }
      complete = !outcome.stopped();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("run: %s %,d clicks (%,d out of order, %,d late, %,d duplicate deliveries) in %.1f s (%,.0f clicks/s) into %,d windows;"
        + " truth in %s%n", stack == null ? "generated" : complete ? "sent and acknowledged" : "stopped after sending",
        ledger.sent(), simulation.outOfOrder(), simulation.late(), ledger.duplicates(), seconds, ledger.sent() / Math.max(seconds, 1e-9),
        ledger.windows().size(), run.path().resolve(RunDirectory.TRUTH_FILE));
    out.flush();
    return complete;
  }

  private void writeRun(RunDirectory run, Scenario scenario, long anchorMs, String prefix, WindowSpec windows, TruthLedger ledger,
      Stack stack) {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("scenario.source", scenarioName);
    settings.put("scenario.speed", ScenarioOverrides.formatSpeed(scenario.speed()));
    settings.put("scenario.duration", scenario.duration().toString());
    settings.put("overrides", overrideOptions.overrides().describe());
    settings.put("window.size", windows.size().toString());
    settings.put("window.grace", windows.grace().toString());
    settings.put("input.partitions", stack == null ? Integer.toString(Provisioner.CLICK_EVENTS_PARTITIONS)
        : Integer.toString(TopicTimestamps.partitions(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic())));
    settings.put("poll.interval", verifyOptions.pollInterval.toString());
    Scenario.Slos slos = scenario.slos();
    if (slos.minMatch() != null) {
      settings.put("slo.min-match", slos.minMatch());
    }
    if (slos.maxP99Ack() != null) {
      settings.put("slo.max-p99-ack", slos.maxP99Ack().toString());
    }
    if (slos.maxP99WindowCompletion() != null) {
      settings.put("slo.max-p99-window-completion", slos.maxP99WindowCompletion().toString());
    }
    if (slos.maxP99Visibility() != null) {
      settings.put("slo.max-p99-visibility", slos.maxP99Visibility().toString());
    }
    if (stack != null && stack.description().startsWith("embedded (transient)")) {
      settings.put("streams.commit.interval", stackOptions.commitInterval.toString());
      settings.put("streams.cache.max.bytes", Long.toString(stackOptions.cacheMaxBytes));
      settings.put("streams.producer.linger.ms", Integer.toString(stackOptions.streamsLingerMs));
    }
    run.writeTruth(ledger.windows());
    run.writeInfo(new RunDirectory.RunInfo(run.id(), scenario.name(), scenario.seed(), anchorMs, prefix, windows.sizeMs(), windows.graceMs(),
        ledger.sent(), ledger.expected(), ledger.droppedLate(), ledger.duplicates(), stack == null ? "dry-run" : stack.description(),
        settings));
  }

  static void printWarnings(Stack stack, dev.clicksim.db.CountsTable table, StackOptions options, PrintWriter out) {
    boolean framed = stack.sinkValueConverter().getOrDefault("value.converter", "").contains("JsonSchema");
    // A running clicksim up keeps the settings it was started with, which this process does not know.
    var settings = stack instanceof dev.clicksim.stack.AttachedStack ? null : options.streamsSettings();
    for (String warning : dev.clicksim.provision.Preflight.check(stack, PipelineNames.DEFAULT, table, settings, framed)) {
      out.println("warning: " + warning);
    }
    out.flush();
  }

  /**
   * Campaign ids are prefixed per run, so runs on the same stack never add to each other's windows and verify reads
   * exactly this run's rows.
   */
  static String campaignPrefix(Instant now) {
    // Milliseconds and two random characters: runs started in the same second, even from two processes, stay apart.
    int random = java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36);
    return "r" + Long.toString(now.toEpochMilli(), 36) + Character.forDigit(random / 36, 36) + Character.forDigit(random % 36, 36) + ".";
  }
}
