package dev.clicksim.cli;

import dev.clicksim.api.ScenarioRun;
import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.ProcessingGuarantee;
import dev.clicksim.run.ProgressDisplay;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.run.RunInterruption;
import dev.clicksim.scenario.Fault;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.stack.Stack;
import dev.clicksim.usecase.Provisioning;
import dev.clicksim.usecase.RunSession;
import dev.clicksim.usecase.Verification;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Simulates a scenario's clicks, sends them on schedule, records the truth, and verifies the
 * pipeline counted them.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Send a scenario's clicks, record the truth and verify the pipeline counted it.",
      "",
      "Simulates the scenario's shoppers with a seed, sends their clicks to click_events on the scenario's schedule with event-time timestamps, records the truth (the expected count of every campaign and window) in runs/<id>/, then verifies the PostgreSQL table against it. Without a running 'clicksim up' it starts the embedded stack, provisions it, and stops it at the end. Ctrl-C stops sending, flushes, and keeps the truth of what was sent."
    })
public final class RunCommand implements Callable<Integer> {

  /** How the run's progress is shown. */
  enum ProgressMode {
    /** Redrawn in place on a terminal, a line every 5 s otherwise. */
    auto,
    /** A line every 5 s. */
    plain,
    /** Nothing while sending. */
    none
  }

  @Spec CommandSpec spec;

  @Mixin StackOptions stackOptions;

  @Mixin VerifyOptions verifyOptions;

  @Mixin ScenarioCommand.OverrideOptions overrideOptions;

  @Option(
      names = {"-s", "--scenario"},
      defaultValue = "smoke",
      paramLabel = "NAME|FILE",
      description =
          "A shipped scenario (see 'clicksim scenario list'), a scenario file, or classpath:/PATH.yaml (default: ${DEFAULT-VALUE}).")
  String scenarioName;

  @Option(
      names = "--anchor",
      converter = InstantConverter.class,
      paramLabel = "INSTANT",
      description =
          "Event time of the scenario's start, ISO-8601 (e.g. 2026-11-27T23:00:00Z), aligned down to a window start."
              + " Default: after the latest click already on click_events, and as late as keeps the whole scenario in the past."
              + " Fix it, with --campaign-prefix, to reproduce a truth file exactly.")
  Instant anchor;

  @Option(
      names = "--campaign-prefix",
      paramLabel = "PREFIX",
      description =
          "Put PREFIX in front of every campaign id instead of a fresh one per run (r + the start time in base 36 + two"
              + " random characters). ASCII letters, digits, '-' and '_', at most "
              + RunSession.MAX_PREFIX_LENGTH
              + " characters with the '.' that ends it (added when missing: r1 gives r1.)."
              + " Fix it, with --anchor, to reproduce a truth file byte for byte."
              + " On a stack, a prefix used before would mix this run's rows with the earlier run's in the table,"
              + " so run refuses a prefix that already has rows there.")
  String campaignPrefix;

  @Option(
      names = "--delivery-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long a click may wait for Kafka's acknowledgement (the producer's delivery.timeout.ms; at least 2s)."
              + " A click not acknowledged by then fails the run with exit 4 naming the broker, e.g. when the"
              + " broker died; the truth of the clicks acknowledged until then stays in the run directory"
              + " (default: ${DEFAULT-VALUE}).")
  java.time.Duration deliveryTimeout;

  @Option(
      names = "--fault",
      paramLabel = "ACTION:TARGET@AT[/FOR]",
      converter = FaultConverter.class,
      description =
          "A fault on the scenario clock, repeatable; replaces the scenario's faults: list. ACTION is kill (SIGKILL),"
              + " restart (clean stop, then start) or pause (frozen for FOR); TARGET is broker, aggregation, connect,"
              + " sink-task or postgres; AT an offset from the scenario's start (10m) or a share of it (50%%),"
              + " e.g. kill:postgres@30%% or pause:postgres@10m/30s. A fault the stack cannot do is refused before"
              + " anything starts.")
  java.util.List<Fault> faults;

  @Option(
      names = "--dry-run",
      description = "Generate the clicks and write the truth without any stack.")
  boolean dryRun;

  @Option(names = "--strict", description = ProvisionCommand.STRICT_HELP)
  boolean strict;

  @Option(
      names = "--no-verify",
      description = "Send and record the truth, but do not wait and verify.")
  boolean noVerify;

  @Option(
      names = "--progress",
      defaultValue = "auto",
      paramLabel = "MODE",
      description =
          "Live progress: auto (redrawn in place on a terminal, a line every 5 s otherwise), plain, or none (default: ${DEFAULT-VALUE}).")
  ProgressMode progressMode;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Scenario scenario = overrideOptions.overrides().apply(ScenarioRun.resolve(scenarioName));
    if (faults != null) {
      scenario = scenario.withFaults(faults);
    }
    Scenario withFaults = scenario;
    String prefix = campaignPrefix == null ? null : RunSession.campaignPrefix(campaignPrefix);
    RunSession.checkDeliveryTimeout(deliveryTimeout);
    if (scenario.pipeline().engineProfile() != null) {
      stackOptions.scenarioEngineProfile(
          scenario.name(), EngineProfile.valueOf(scenario.pipeline().engineProfile()));
    }
    if (scenario.pipeline().processingGuarantee() != null) {
      stackOptions.scenarioProcessingGuarantee(
          scenario.name(), ProcessingGuarantee.valueOf(scenario.pipeline().processingGuarantee()));
    }
    Verification.Settings verification = verifyOptions.settings();
    Instant now = Instant.now();
    RunSession session =
        new RunSession(
            line -> {
              out.println(line);
              out.flush();
            });
    if (dryRun) {
      RunSession.Request request = request(scenario, CountsTable.DEFAULT, prefix);
      RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
      session.dryRun(run, request, stackOptions.windows(), now);
      return ExitCode.OK.code();
    }
    long t0 = System.nanoTime();
    try (RunInterruption interruption = new RunInterruption();
        Stack stack =
            StackProvider.open(
                stackOptions,
                out,
                () ->
                    refuseFaults(
                        withFaults,
                        StackProvider.embeddedFaults(),
                        Stack::whyNoStackCan,
                        "the embedded stack"))) {
      refuseFaults(withFaults, stack.injectableFaults(), stack::whyNot, stack.description());
      long t1 = System.nanoTime();
      CountsTable table = verifyOptions.countsTable(stack.countsTable());
      Provisioning.Result provisioned =
          Provisioning.provision(
              stack,
              table,
              strict,
              step -> {
                out.println("  " + step);
                out.flush();
              });
      provisioned.warnings().forEach(w -> out.println("warning: " + w));
      long t2 = System.nanoTime();
      out.printf("provision: done in %.1f s%n", (t2 - t1) / 1e9);
      RunSession.Request request = request(scenario, table, prefix);
      RunSession.refuseUsedCampaignPrefix(stack, request);
      RunDirectory run = RunDirectory.create(stackOptions.runsDir(), now, scenario.name());
      RunSession.Result sent =
          session.send(
              stack,
              run,
              request,
              now,
              interruption::requested,
              progressMode == ProgressMode.none
                  ? null
                  : (live, sink, duration) ->
                      ProgressDisplay.start(
                          live, sink, duration, out, progressMode == ProgressMode.auto));
      long t3 = System.nanoTime();
      if (!sent.complete()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INTERRUPTED,
            "stopped by Ctrl-C; the truth of what was sent is in "
                + run.path()
                + " (clicksim verify --run "
                + run.path()
                + " checks it)"
                + (sent.notAcknowledged() == 0
                    ? ""
                    : String.format(
                        java.util.Locale.ROOT,
                        "; %,d clicks handed to Kafka were not acknowledged and are not in it",
                        sent.notAcknowledged())));
      }
      int code = ExitCode.OK.code();
      if (!noVerify) {
        Verification.Result verified;
        try {
          verified =
              new Verification(
                      stack,
                      o -> ExitCode.of(o).code(),
                      line -> {
                        out.println(line);
                        out.flush();
                      })
                  .verify(run.load(), table, verification, sent.tracker());
        } catch (ClicksimFailure f) {
          if (f.kind() != ClicksimFailure.Kind.INFRASTRUCTURE) {
            throw f;
          }
          // The stack died while the table settled: the run itself is whole and can be verified
          // again once the stack is back.
          throw new ClicksimFailure(
              f.kind(),
              f.getMessage()
                  + " (while verifying; the truth of the run is in "
                  + run.path()
                  + ": clicksim verify --run "
                  + run.path()
                  + " checks it again)",
              f);
        }
        VerificationPrinter.print(verified, verifyOptions.list, out);
        VerificationPrinter.writeReports(verified, out);
        code = ExitCode.of(verified.outcome()).code();
      }
      long t4 = System.nanoTime();
      out.printf(
          "timings: stack %.1f s, provision %.1f s, send %.1f s, verify %.1f s, total %.1f s (run directory %s)%n",
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          (t3 - t2) / 1e9,
          (t4 - t3) / 1e9,
          (t4 - t0) / 1e9,
          run.path());
      out.flush();
      return code;
    }
  }

  /** A fault the stack cannot do is refused before anything is sent, naming what it can do. */
  private void refuseFaults(
      Scenario scenario,
      java.util.Set<Fault.Kind> can,
      java.util.function.Function<Fault.Kind, String> whyNot,
      String stack) {
    for (int i = 0; i < scenario.faults().size(); i++) {
      Fault f = scenario.faults().get(i);
      if (!can.contains(f.kind())) {
        String why = whyNot.apply(f.kind());
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            (faults != null
                    ? "--fault " + f
                    : "scenario " + scenario.name() + ", faults[" + i + "]")
                + ": "
                + stack
                + " cannot "
                + f.kind()
                + (why.isEmpty() ? "" : ": " + why)
                + (can.isEmpty()
                    ? " (it does no faults)"
                    : " (it can: "
                        + can.stream()
                            .map(Fault.Kind::toString)
                            .sorted()
                            .collect(java.util.stream.Collectors.joining(", "))
                        + ")"));
      }
    }
  }

  /** {@code --fault}: {@code ACTION:TARGET@AT[/FOR]}. */
  static final class FaultConverter implements picocli.CommandLine.ITypeConverter<Fault> {
    @Override
    public Fault convert(String value) {
      try {
        return Fault.parse(value);
      } catch (dev.clicksim.scenario.InvalidFieldException e) {
        throw new picocli.CommandLine.TypeConversionException(
            (e.path().isEmpty() ? "" : e.path() + " ") + e.problem());
      }
    }
  }

  private RunSession.Request request(Scenario scenario, CountsTable table, String prefix) {
    return new RunSession.Request(
        scenario,
        scenarioName,
        overrideOptions.overrides().describe(),
        anchor,
        verifyOptions.pollInterval,
        table,
        prefix,
        deliveryTimeout);
  }
}
