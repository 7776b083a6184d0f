package dev.clicksim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.run.ClickSender;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.simulation.Click;
import dev.clicksim.simulation.ClickGenerator;
import dev.clicksim.simulation.EventTimeAnchor;
import dev.clicksim.run.TopicTimestamps;
import dev.clicksim.stack.Stack;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;

/** Simulates a scenario's clicks, sends them, records the truth, and verifies the pipeline counted them. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Send a scenario's clicks, record the truth and verify the pipeline counted it.",
      "",
      "Generates the scenario's clicks with a seed, sends them to click_events with event-time timestamps, records the",
      "truth (the expected count of every campaign and window) in runs/<id>/, then verifies the PostgreSQL table against it.",
      "Without a running 'clicksim up' it starts the embedded stack, provisions it, and stops it at the end."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stackOptions;

  @Mixin
  VerifyOptions verifyOptions;

  @Option(names = {"-s", "--scenario"}, defaultValue = "smoke", paramLabel = "NAME|FILE",
      description = "A shipped scenario (smoke) or a scenario file (default: ${DEFAULT-VALUE}).")
  String scenarioName;

  @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--anchor", paramLabel = "INSTANT",
      description = "Event time of the scenario's start, ISO-8601 (e.g. 2026-11-27T23:00:00Z), aligned down to a window start."
          + " Default: the latest window start that keeps the whole scenario in the past. Fix it to reproduce a truth file exactly.")
  Instant anchor;

  @Option(names = "--dry-run", description = "Generate the clicks and write the truth without any stack.")
  boolean dryRun;

  @Option(names = "--no-verify", description = "Send and record the truth, but do not wait and verify.")
  boolean noVerify;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Scenario scenario = loadScenario();
    long seedUsed = seed != null ? seed : scenario.seed();
    Instant now = Instant.now();
    if (dryRun) {
      return generate(scenario, seedUsed, now, null, stackOptions.windows(), out).code();
    }
    long t0 = System.nanoTime();
    try (Stack stack = StackProvider.open(stackOptions, out)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "clicksim-run-shutdown"));
      long t1 = System.nanoTime();
      new Provisioner(stack, PipelineNames.DEFAULT, verifyOptions.countsTable()).provision(step -> {
        out.println("  " + step);
        out.flush();
      });
      long t2 = System.nanoTime();
      out.printf("provision: done in %.1f s%n", (t2 - t1) / 1e9);
      RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
      generateInto(run, scenario, seedUsed, now, stack, stack.aggregation().windows(), out);
      long t3 = System.nanoTime();
      ExitCode verdict = noVerify ? ExitCode.OK : RunVerifier.verify(stack, run, verifyOptions.countsTable(), verifyOptions, out);
      long t4 = System.nanoTime();
      out.printf("timings: stack %.1f s, provision %.1f s, send %.1f s, verify %.1f s, total %.1f s (run directory %s)%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t4 - t0) / 1e9, run.path());
      out.flush();
      return verdict.code();
    }
  }

  private Scenario loadScenario() {
    Path file = Path.of(scenarioName);
    if (scenarioName.endsWith(".yaml") || scenarioName.endsWith(".yml") || Files.isRegularFile(file)) {
      if (!Files.isRegularFile(file)) {
        throw new ClicksimException(ExitCode.NOT_FOUND, "scenario file " + file + " does not exist");
      }
      return ScenarioLoader.load(file);
    }
    return ScenarioLoader.loadBuiltIn(scenarioName);
  }

  private ExitCode generate(Scenario scenario, long seedUsed, Instant now, Stack stack, WindowSpec windows, PrintWriter out) {
    RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
    generateInto(run, scenario, seedUsed, now, stack, windows, out);
    return ExitCode.OK;
  }

  /** Generates the clicks, sends them unless dry, and writes the truth of what was actually sent. */
  private void generateInto(RunDirectory run, Scenario scenario, long seedUsed, Instant now, Stack stack, WindowSpec windows, PrintWriter out) {
    String prefix = campaignPrefix(now);
    long anchor = this.anchor != null ? windows.startOf(this.anchor.toEpochMilli())
        : EventTimeAnchor.choose(now.toEpochMilli(), scenario.duration(), windows,
            stack == null ? OptionalLong.empty() : TopicTimestamps.latest(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic()));
    TruthLedger ledger = new TruthLedger(windows, CampaignPartitioner.kafkaDefault(Provisioner.CLICK_EVENTS_PARTITIONS));
    ClickGenerator generator = new ClickGenerator(scenario, seedUsed, anchor, prefix);
    out.printf("run: %s, scenario %s, seed %d, %d clicks over %s of event time from %s, campaign prefix %s%n",
        run.id(), scenario.name(), seedUsed, scenario.clicks(), scenario.duration(), Instant.ofEpochMilli(anchor), prefix);
    out.flush();
    long start = System.nanoTime();
    if (stack == null) {
      while (generator.hasNext()) {
        ledger.record(generator.next());
      }
    } else {
      try (ClickSender sender = new ClickSender(stack.kafkaClientProperties(), PipelineNames.DEFAULT.inputTopic())) {
        try {
          while (generator.hasNext()) {
            Click click = generator.next();
            sender.send(click);
            ledger.record(click);
          }
          sender.flush();
        } finally {
          // Keep the truth of what was actually sent, whatever stopped the loop.
          run.writeTruth(ledger.windows());
          writeInfo(run, scenario, seedUsed, anchor, prefix, windows, ledger, stack);
        }
      }
    }
    run.writeTruth(ledger.windows());
    writeInfo(run, scenario, seedUsed, anchor, prefix, windows, ledger, stack);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("run: %s %d clicks in %.2f s (%.0f clicks/s) into %d windows; truth in %s%n", stack == null ? "generated" : "sent and acknowledged",
        ledger.sent(), seconds, ledger.sent() / Math.max(seconds, 1e-9), ledger.windows().size(), run.path().resolve(RunDirectory.TRUTH_FILE));
    out.flush();
  }

  private static void writeInfo(RunDirectory run, Scenario scenario, long seedUsed, long anchor, String prefix, WindowSpec windows,
      TruthLedger ledger, Stack stack) {
    run.writeInfo(new RunDirectory.RunInfo(run.id(), scenario.name(), seedUsed, anchor, prefix, windows.sizeMs(), windows.graceMs(),
        ledger.sent(), ledger.expected(), ledger.droppedLate(), ledger.duplicates(), stack == null ? "dry-run" : stack.description()));
  }

  /**
   * Campaign ids are prefixed per run, so runs on the same stack never add to each other's windows and verify reads
   * exactly this run's rows.
   */
  static String campaignPrefix(Instant now) {
    return "r" + Long.toString(now.getEpochSecond(), 36) + ".";
  }
}
