package dev.clicksim.usecase;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.report.DisplayText;
import dev.clicksim.run.AcknowledgedTruth;
import dev.clicksim.run.FaultSchedule;
import dev.clicksim.run.LatencyRecorderThread;
import dev.clicksim.run.PacedSendLoop;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.run.RunFault;
import dev.clicksim.run.TableObserver;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.EventTimeAnchor;
import dev.clicksim.simulation.ScenarioSimulation;
import dev.clicksim.stack.ClickSink;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.InputPosition;
import dev.clicksim.stack.Stack;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run of a scenario: simulates the shoppers with the scenario's seed, sends their clicks on the
 * scenario's schedule (or only generates them, for a dry run), records the truth of exactly what
 * was handed over, and writes {@code truth.csv} and {@code run.json} on every way out once sending
 * has begun, a failure or Ctrl-C included.
 */
public final class RunSession {

  /** The longest campaign prefix, its final dot included: long enough for a name, short to read. */
  public static final int MAX_PREFIX_LENGTH = 40;

  private static final String PREFIX_END = ".";

  /**
   * What to run.
   *
   * @param scenarioSource the name or file the scenario came from, recorded in run.json
   * @param overrides the command line's changes to the scenario, described in run.json
   * @param anchor the event time of the scenario's start, or null to choose one after the clicks
   *     already on the topic
   * @param pollInterval how often the table is read while sending, for the freshness latencies
   * @param table the sink's table, read while sending
   * @param campaignPrefix put in front of every campaign id, as {@link #campaignPrefix(String)}
   *     gives it; null for a fresh one per run
   * @param deliveryTimeout how long a click may wait for Kafka's acknowledgement before the run
   *     fails
   */
  public record Request(
      Scenario scenario,
      String scenarioSource,
      String overrides,
      Instant anchor,
      Duration pollInterval,
      CountsTable table,
      String campaignPrefix,
      Duration deliveryTimeout) {

    public Request {
      if (campaignPrefix != null) {
        campaignPrefix = RunSession.campaignPrefix(campaignPrefix);
      }
      checkDeliveryTimeout(deliveryTimeout);
    }

    /** A request with the default delivery timeout. */
    public Request(
        Scenario scenario,
        String scenarioSource,
        String overrides,
        Instant anchor,
        Duration pollInterval,
        CountsTable table,
        String campaignPrefix) {
      this(
          scenario,
          scenarioSource,
          overrides,
          anchor,
          pollInterval,
          table,
          campaignPrefix,
          ClickSink.DEFAULT_DELIVERY_TIMEOUT);
    }
  }

  /** Refuses a delivery timeout too short for the producer's request and its retry. */
  public static void checkDeliveryTimeout(Duration deliveryTimeout) {
    if (deliveryTimeout.compareTo(ClickSink.MIN_DELIVERY_TIMEOUT) < 0) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "--delivery-timeout must be at least "
              + ClickSink.MIN_DELIVERY_TIMEOUT.toSeconds()
              + " s, was "
              + deliveryTimeout.toMillis()
              + " ms");
    }
  }

  /** Starts the live progress line of a send; the session closes it when sending ends. */
  @FunctionalInterface
  public interface LiveProgress {
    AutoCloseable start(PacedSendLoop.Progress progress, ClickSink sink, Duration scenarioDuration);
  }

  /**
   * What the run did.
   *
   * @param complete false when Ctrl-C stopped the sending early
   * @param tracker the freshness tracker of the clicks sent, for the verification that follows;
   *     null for a dry run
   * @param acknowledged the clicks in the truth: every click Kafka acknowledged
   * @param notAcknowledged clicks handed to Kafka but not acknowledged (after Ctrl-C, those still
   *     unacknowledged when the wait for them ended): not in the truth, and maybe not in Kafka
   */
  public record Result(
      RunDirectory run,
      boolean complete,
      FreshnessTracker tracker,
      long acknowledged,
      long notAcknowledged) {}

  /** How long a run stopped by Ctrl-C waits for the acknowledgements of the clicks it sent. */
  static final Duration STOPPED_FLUSH = Duration.ofSeconds(10);

  /**
   * What a run that ends waits for its last acknowledgements beyond the delivery timeout, by which
   * every click has been acknowledged or has failed: the producer's own expiry check runs late by
   * up to a request.
   */
  static final Duration FLUSH_MARGIN = Duration.ofSeconds(5);

  private final Consumer<String> progress;

  /**
   * @param progress told the run's lines as they happen
   */
  public RunSession(Consumer<String> progress) {
    this.progress = progress;
  }

  /** Generates the clicks and writes their truth, without any stack. */
  public Result dryRun(RunDirectory run, Request request, WindowSpec windows, Instant now) {
    Scenario scenario = request.scenario();
    String prefix = prefixOf(request, now);
    long anchorMs =
        request.anchor() != null
            ? windows.startOf(request.anchor().toEpochMilli())
            : EventTimeAnchor.choose(
                now.toEpochMilli(), scenario.duration(), windows, OptionalLong.empty());
    int partitions = Provisioner.CLICK_EVENTS_PARTITIONS;
    TruthLedger ledger = new TruthLedger(windows, CampaignPartitioner.kafkaDefault(partitions));
    ScenarioSimulation simulation = new ScenarioSimulation(scenario, windows, anchorMs, prefix);
    announce(run, scenario, anchorMs, prefix);
    long start = System.nanoTime();
    while (simulation.hasNext()) {
      Delivery d = simulation.next();
      if (d.duplicate()) {
        ledger.recordDuplicate(d.click());
      } else {
        ledger.record(d.click());
      }
    }
    Map<String, String> settings =
        settings(request, windows, partitions, Map.of(), request.deliveryTimeout());
    AcknowledgedTruth.Totals totals =
        new AcknowledgedTruth.Totals(
            ledger.sent(), ledger.expected(), ledger.droppedLate(), ledger.duplicates());
    List<WindowTruth> truth = ledger.windows();
    run.writeTruth(truth);
    run.writeInfo(info(run, scenario, anchorMs, prefix, windows, totals, "dry-run", settings));
    summarize(run, "generated", simulation, totals, truth.size(), start);
    return new Result(run, true, null, ledger.sent(), 0);
  }

  /**
   * Sends the scenario's clicks to the stack on schedule. The truth is that of the clicks Kafka
   * acknowledged, journaled in the run directory as they are acknowledged and written as truth.csv
   * and run.json on every way out: the end of the scenario, Ctrl-C, a broker that does not
   * acknowledge within the delivery timeout, a run directory that can no longer be written, a bug.
   * A failure's message ends by saying where that truth is.
   *
   * @param stopRequested polled between clicks: Ctrl-C
   * @param display the live progress line, or null for none
   */
  public Result send(
      Stack stack,
      RunDirectory run,
      Request request,
      Instant now,
      BooleanSupplier stopRequested,
      LiveProgress display) {
    Scenario scenario = request.scenario();
    WindowSpec windows = stack.windows();
    String prefix = prefixOf(request, now);
    long anchorMs =
        request.anchor() != null
            ? windows.startOf(request.anchor().toEpochMilli())
            : EventTimeAnchor.choose(
                now.toEpochMilli(), scenario.duration(), windows, stack.latestInputTimestamp());
    // A campaign's clicks are keyed by campaign, so they share one input partition and (as Streams
    // and ksqlDB keep the repartition topic's count equal to the input's) one repartition
    // partition: the truth follows that partition.
    int partitions = stack.inputPartitions();
    // Clicks as they are handed over, for each click's place in its window (what the freshness
    // tracker needs at its ack); the truth is kept apart, from the acknowledgements.
    TruthLedger handedOver = new TruthLedger(windows, CampaignPartitioner.kafkaDefault(partitions));
    ScenarioSimulation simulation = new ScenarioSimulation(scenario, windows, anchorMs, prefix);
    FreshnessTracker tracker = new FreshnessTracker();
    Map<String, String> settings =
        new LinkedHashMap<>(
            settings(request, windows, partitions, stack.runSettings(), request.deliveryTimeout()));
    // Where click_events stands before the first click: verify reads the topic back from here.
    settings.putAll(InputPosition.toSettings(stack.inputPositions()));
    String target = stack.description();
    announce(run, scenario, anchorMs, prefix);
    AcknowledgedTruth truth =
        new AcknowledgedTruth(
            new TruthLedger(windows, CampaignPartitioner.kafkaDefault(partitions)),
            run.startJournal(
                info(run, scenario, anchorMs, prefix, windows, null, target, settings)),
            AcknowledgedTruth.CHECKPOINT_INTERVAL);
    FaultSchedule faults =
        new FaultSchedule(
            scenario.faults(), scenario.duration(), stack::inject, progress, System::nanoTime);
    long start = System.nanoTime();
    long[] sendStartEpochMs = {System.currentTimeMillis()};
    PacedSendLoop.Progress live = new PacedSendLoop.Progress();
    PacedSendLoop.Outcome outcome = null;
    RuntimeException failure = null;
    long notAcknowledged = 0;
    try (faults;
        ClickSink sink = stack.openClickSink(System::nanoTime, request.deliveryTimeout());
        LatencyLog latencyLog = LatencyLog.open(run.path())) {
      boolean flushed = false;
      try (TableObserver observer =
              new TableObserver(
                  stack.openCountsReader(request.table()),
                  tracker,
                  prefix,
                  request.pollInterval());
          LatencyRecorderThread recorder =
              new LatencyRecorderThread(sink, tracker, latencyLog, live, run.path());
          AutoCloseable shown =
              display == null ? null : display.start(live, sink, scenario.duration())) {
        // One origin for the faults' times and the table's catch-up: the sending starts now.
        sendStartEpochMs[0] = System.currentTimeMillis();
        faults.start();
        tracker.sendingStarted(System.nanoTime());
        outcome =
            new PacedSendLoop(System::nanoTime, LockSupport::parkNanos)
                .run(
                    simulation,
                    (click, intended, place, duplicate) -> {
                      FreshnessTracker.Window window =
                          place > 0
                              ? tracker.window(
                                  click.campaignId(), windows.startOf(click.eventTimeMs()))
                              : null;
                      sink.send(
                          click,
                          intended,
                          at -> {
                            truth.acknowledged(click, duplicate);
                            if (window != null) {
                              window.acked(place, at);
                            }
                          });
                    },
                    handedOver,
                    // A failed click or a journal that cannot be written ends the sending too.
                    () -> stopRequested.getAsBoolean() || sink.failing() || truth.failure() != null,
                    live,
                    faults::reached);
        if (!outcome.stopped()) {
          faults.reachedEnd();
        }
        // Inside, so that the progress line's last word counts the last acknowledgements.
        flushed = true;
        flush(sink, stopRequested);
        // A fault still under way (a pause) ends before the run does: what it did belongs in
        // run.json, and verify should not read a frozen table.
        awaitFaults(faults);
      } catch (Exception e) {
        failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      } finally {
        if (!flushed) {
          try {
            flush(sink, stopRequested);
          } catch (RuntimeException e) {
            failure = first(failure, e);
          }
        }
        notAcknowledged = sink.sent() - sink.acked();
      }
      if (stopRequested.getAsBoolean() && failure instanceof ClicksimFailure f && !isBroken(f)) {
        // Ctrl-C: the clicks it left unacknowledged are said in its own line, with exit 130.
        failure = null;
      }
      if (failure == null && outcome != null) {
        progress.accept(
            String.format(
                "run: the sender was at most %.1f ms behind its schedule; ack latency p99 %.1f ms from the"
                    + " intended send time",
                outcome.maxLagNanos() / 1e6,
                sink.ackLatencyFromIntended().getValueAtPercentile(99) / 1000.0));
      }
    } catch (RuntimeException e) {
      failure = first(failure, e);
    }
    if (failure == null && truth.failure() != null) {
      failure = truth.failure();
    }
    List<FaultSchedule.Fired> fired = faults.fired();
    // The one-line settings stay for whoever reads them; the list is what verify reads.
    for (int i = 0; i < fired.size(); i++) {
      settings.put("fault." + (i + 1), fired.get(i).describe());
    }
    List<RunFault> firedFaults =
        fired.stream().map(f -> RunFault.of(f, sendStartEpochMs[0])).toList();
    String truthIsIn =
        finish(
            run,
            truth,
            scenario,
            anchorMs,
            prefix,
            windows,
            target,
            settings,
            firedFaults,
            notAcknowledged,
            failure);
    AcknowledgedTruth.Totals totals = truth.totals();
    if (failure != null) {
      if (totals.sent() == 0 && notAcknowledged == 0) {
        // Nothing was sent: the failure alone says it (a bad Kafka setting keeps its own line).
        throw failure;
      }
      throw withTruth(failure, totals.sent(), truthIsIn, run);
    }
    boolean complete = outcome != null && !outcome.stopped() && !stopRequested.getAsBoolean();
    summarize(
        run,
        complete ? "sent and acknowledged" : "stopped after sending",
        simulation,
        totals,
        truth.windows().size(),
        start);
    return new Result(run, complete, tracker, totals.sent(), notAcknowledged);
  }

  /**
   * A failure that Ctrl-C does not explain: anything but Kafka's acknowledgements still missing
   * when the stopped run stopped waiting for them, or the interrupt of a send.
   */
  private static boolean isBroken(ClicksimFailure f) {
    return f.kind() != ClicksimFailure.Kind.INTERRUPTED
        && f.kind() != ClicksimFailure.Kind.INFRASTRUCTURE;
  }

  private static void flush(ClickSink sink, BooleanSupplier stopRequested) {
    // Whatever stopped the loop, Ctrl-C's interrupt included, the producer is waited for.
    Thread.interrupted();
    sink.flush(
        stopRequested.getAsBoolean() ? STOPPED_FLUSH : sink.deliveryTimeout().plus(FLUSH_MARGIN));
  }

  private static RuntimeException first(RuntimeException earlier, RuntimeException later) {
    if (earlier == null) {
      return later;
    }
    if (later != earlier) {
      earlier.addSuppressed(later);
    }
    return earlier;
  }

  /**
   * Writes the truth of the acknowledged clicks: a last checkpoint of the journal, then truth.csv
   * and run.json, then the journal goes. Returns where the truth is; a run directory that cannot
   * take the files keeps it in the journal, and that is a failure of its own unless the run already
   * failed.
   */
  private String finish(
      RunDirectory run,
      AcknowledgedTruth truth,
      Scenario scenario,
      long anchorMs,
      String prefix,
      WindowSpec windows,
      String target,
      Map<String, String> settings,
      List<RunFault> faults,
      long notAcknowledged,
      RuntimeException failure) {
    RuntimeException journalFailure = null;
    try {
      truth.close();
    } catch (RuntimeException e) {
      journalFailure = e;
    }
    Map<String, String> ended = new LinkedHashMap<>(settings);
    if (notAcknowledged > 0) {
      ended.put("clicks.not-acknowledged", Long.toString(notAcknowledged));
    }
    try {
      run.writeTruth(truth.windows());
      run.writeInfo(
          info(run, scenario, anchorMs, prefix, windows, truth.totals(), target, ended, faults));
    } catch (ClicksimFailure e) {
      Path journal = run.path().resolve(RunDirectory.JOURNAL_FILE);
      if (failure == null) {
        throw new ClicksimFailure(
            e.kind(),
            e.getMessage() + "; " + truthIn(truth.totals().sent(), journal.toString(), run),
            e);
      }
      failure.addSuppressed(e);
      return journal
          + (journalFailure == null ? "" : " up to its last checkpoint")
          + " ("
          + firstLine(e.getMessage())
          + ")";
    }
    run.removeJournal();
    return run.path().toString();
  }

  /** The failure, its message ending with where the truth of the acknowledged clicks is. */
  private static ClicksimFailure withTruth(
      RuntimeException failure, long acknowledged, String truthIsIn, RunDirectory run) {
    String problem =
        failure instanceof ClicksimFailure
            ? firstLine(failure.getMessage())
            : "internal error: "
                + failure.getClass().getName()
                + ": "
                + firstLine(failure.getMessage())
                + " (details in the log)";
    ClicksimFailure.Kind kind =
        failure instanceof ClicksimFailure c ? c.kind() : ClicksimFailure.Kind.INTERNAL;
    return new ClicksimFailure(
        kind, problem + "; " + truthIn(acknowledged, truthIsIn, run), failure);
  }

  private static String truthIn(long acknowledged, String where, RunDirectory run) {
    return String.format(
        Locale.ROOT,
        "the truth of the %,d acknowledged clicks is in %s (clicksim verify --run %s checks it)",
        acknowledged,
        where,
        run.path());
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private void announce(RunDirectory run, Scenario scenario, long anchorMs, String prefix) {
    progress.accept(
        String.format(
            "run: %s, scenario %s, seed %d, %s of event time from %s at speed %s, campaign prefix %s",
            run.id(),
            scenario.name(),
            scenario.seed(),
            scenario.duration(),
            Instant.ofEpochMilli(anchorMs),
            ScenarioOverrides.formatSpeed(scenario.speed()),
            prefix));
  }

  private void summarize(
      RunDirectory run,
      String what,
      ScenarioSimulation simulation,
      AcknowledgedTruth.Totals totals,
      int windowCount,
      long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    progress.accept(
        String.format(
            "run: %s %,d clicks (%,d out of order, %,d late, %,d duplicate deliveries) in %.1f s (%,.0f clicks/s)"
                + " into %,d windows; truth in %s",
            what,
            totals.sent(),
            simulation.outOfOrder(),
            simulation.late(),
            totals.duplicates(),
            seconds,
            totals.sent() / Math.max(seconds, 1e-9),
            windowCount,
            run.path().resolve(RunDirectory.TRUTH_FILE)));
  }

  /** What run.json records of the run's settings, the same before and after sending. */
  private static Map<String, String> settings(
      Request request,
      WindowSpec windows,
      int partitions,
      Map<String, String> stackSettings,
      Duration deliveryTimeout) {
    Scenario scenario = request.scenario();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("scenario.source", request.scenarioSource());
    settings.put("scenario.speed", ScenarioOverrides.formatSpeed(scenario.speed()));
    settings.put("scenario.duration", scenario.duration().toString());
    settings.put("overrides", request.overrides());
    settings.put("window.size", windows.size().toString());
    settings.put("window.grace", windows.grace().toString());
    settings.put("input.partitions", Integer.toString(partitions));
    settings.put("poll.interval", request.pollInterval().toString());
    if (!deliveryTimeout.equals(ClickSink.DEFAULT_DELIVERY_TIMEOUT)) {
      settings.put("delivery.timeout", deliveryTimeout.toString());
    }
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
    settings.putAll(stackSettings);
    return settings;
  }

  /**
   * run.json's content.
   *
   * @param totals the truth's click counts, or null before sending (all zero: a journal's reader
   *     sums them from its windows)
   */
  private static RunDirectory.RunInfo info(
      RunDirectory run,
      Scenario scenario,
      long anchorMs,
      String prefix,
      WindowSpec windows,
      AcknowledgedTruth.Totals totals,
      String target,
      Map<String, String> settings) {
    return info(run, scenario, anchorMs, prefix, windows, totals, target, settings, List.of());
  }

  private static RunDirectory.RunInfo info(
      RunDirectory run,
      Scenario scenario,
      long anchorMs,
      String prefix,
      WindowSpec windows,
      AcknowledgedTruth.Totals totals,
      String target,
      Map<String, String> settings,
      List<RunFault> faults) {
    AcknowledgedTruth.Totals t = totals == null ? new AcknowledgedTruth.Totals(0, 0, 0, 0) : totals;
    return new RunDirectory.RunInfo(
        run.id(),
        scenario.name(),
        scenario.seed(),
        anchorMs,
        prefix,
        windows.sizeMs(),
        windows.graceMs(),
        t.sent(),
        t.expected(),
        t.droppedLate(),
        t.duplicates(),
        target,
        settings,
        faults);
  }

  /**
   * Refuses a given campaign prefix that already has rows in the table: this run's counts would add
   * to, or be read together with, an earlier run's. Call it before the run directory is made, so a
   * refused run leaves nothing behind; a fresh prefix is never checked.
   */
  public static void refuseUsedCampaignPrefix(CountsSource source, Request request) {
    String prefix = request.campaignPrefix();
    if (prefix == null) {
      return;
    }
    try (CountsReader reader = source.openCountsReader(request.table())) {
      if (!reader.read(prefix).isEmpty()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "campaign prefix "
                + prefix
                + " already has rows in table "
                + request.table().table()
                + "; choose another");
      }
    }
  }

  /**
   * A campaign prefix given by the user, checked and ending in {@value #PREFIX_END}: "r1" and "r1."
   * both give "r1.". Before that final dot only ASCII letters, digits, '-' and '_' are allowed, so
   * no prefix is the start of another (a run reads its rows by prefix) and every prefix prints as
   * it is.
   */
  public static String campaignPrefix(String given) {
    String body = given.endsWith(PREFIX_END) ? given.substring(0, given.length() - 1) : given;
    if (body.isEmpty()) {
      throw invalidPrefix(given, "is empty");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!allowed) {
        throw invalidPrefix(
            given,
            "has "
                + describe(c)
                + " at position "
                + (i + 1)
                + "; only ASCII letters, digits, '-' and '_' may come before its final '.'");
      }
    }
    String prefix = body + PREFIX_END;
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw invalidPrefix(
          given,
          "is " + prefix.length() + " characters with its final '.'; at most " + MAX_PREFIX_LENGTH);
    }
    return prefix;
  }

  private static ClicksimFailure invalidPrefix(String given, String problem) {
    return new ClicksimFailure(
        ClicksimFailure.Kind.INVALID_INPUT,
        "campaign prefix "
            + DisplayText.quoted(given.length() > 60 ? given.substring(0, 50) + "..." : given)
            + " "
            + problem);
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "a space";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return String.format("whitespace (U+%04X)", (int) c);
    }
    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
      return String.format("a control character (U+%04X)", (int) c);
    }
    return c < 0x80 ? "'" + c + "'" : String.format("'%c' (U+%04X)", c, (int) c);
  }

  private static String prefixOf(Request request, Instant now) {
    return request.campaignPrefix() != null ? request.campaignPrefix() : campaignPrefix(now);
  }

  /**
   * Campaign ids are prefixed per run, so runs on the same stack never add to each other's windows
   * and verify reads exactly this run's rows.
   */
  public static String campaignPrefix(Instant now) {
    // Milliseconds and two random characters: runs started in the same second, even from two
    // processes, stay apart.
    int random = ThreadLocalRandom.current().nextInt(36 * 36);
    return "r"
        + Long.toString(now.toEpochMilli(), 36)
        + Character.forDigit(random / 36, 36)
        + Character.forDigit(random % 36, 36)
        + ".";
  }

  private static void awaitFaults(FaultSchedule faults) {
    try {
      faults.awaitFired(faults.pauses().plus(Duration.ofSeconds(60)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
