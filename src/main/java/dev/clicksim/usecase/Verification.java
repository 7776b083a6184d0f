package dev.clicksim.usecase;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.report.AccountingSummary;
import dev.clicksim.report.CampaignSummary;
import dev.clicksim.report.DisplayText;
import dev.clicksim.report.FaultRow;
import dev.clicksim.report.HtmlReport;
import dev.clicksim.report.JUnitXml;
import dev.clicksim.report.LatencySummary;
import dev.clicksim.report.RatePoint;
import dev.clicksim.report.RunSummary;
import dev.clicksim.report.SloResult;
import dev.clicksim.report.StageClicks;
import dev.clicksim.report.Timeline;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.report.WindowRow;
import dev.clicksim.run.LatencyRecorderThread;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.run.RunFault;
import dev.clicksim.scenario.Shares;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.InputPosition;
import dev.clicksim.stack.PipelineTopics;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ComparisonResult;
import dev.clicksim.verify.FaultImpact;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.Settler;
import dev.clicksim.verify.StageFinding;
import dev.clicksim.verify.TableTimeline;
import dev.clicksim.verify.ThreeWayAccounting;
import dev.clicksim.verify.TopicReplay;
import dev.clicksim.verify.WindowComparison;
import dev.clicksim.verify.WindowKey;
import dev.clicksim.verify.WindowVerdict;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.HdrHistogram.Histogram;

/**
 * Verifies one run: waits for the sink's table to settle, compares it with the run's truth window
 * by window, completes and reads the latencies, checks the SLOs, reaches a verdict and writes
 * verify.json, junit.xml and report.html. The command line prints the {@link Result}; this class
 * prints nothing but its progress lines.
 */
public final class Verification {

  /** How the table holds counts: detected, or as the user says. */
  public enum Layout {
    /** Detected from the rows: several rows for one window mean insert mode. */
    auto,
    /** One row per window. */
    upsert,
    /** A row per update, the seed's insert.mode=insert; the largest count is the final one. */
    insert
  }

  /** The verdict, as verify.json and junit.xml name it. */
  public enum Verdict {
    MATCH,
    MISMATCH,
    TIMEOUT,
    SLO_BREACHED
  }

  /**
   * What the verification concluded, enough to choose an exit code.
   *
   * @param countsAccepted every window matched, or the share that matched meets the min-match
   *     objective
   */
  public record Outcome(Verdict verdict, boolean countsAccepted) {}

  /**
   * How to verify. A threshold left null is taken from the run's scenario (its {@code run.json}),
   * else not checked.
   *
   * @param minMatch the share of windows that must match, e.g. "100%" or "0.98"; null for the run's
   *     or 100%
   * @param readTopics whether to read {@code click_events} and the output topic back for the
   *     three-way accounting (when the stack has them): without it the table is compared with the
   *     generated truth alone, whose late drops assume no other producer on the run's partitions
   */
  public record Settings(
      Duration pollInterval,
      Duration quietPeriod,
      Duration settleTimeout,
      Layout layout,
      String minMatch,
      Duration maxP99Ack,
      Duration maxP99WindowCompletion,
      Duration maxP99Visibility,
      boolean readTopics) {

    /** Settings that read the topics back when the stack can. */
    public Settings(
        Duration pollInterval,
        Duration quietPeriod,
        Duration settleTimeout,
        Layout layout,
        String minMatch,
        Duration maxP99Ack,
        Duration maxP99WindowCompletion,
        Duration maxP99Visibility) {
      this(
          pollInterval,
          quietPeriod,
          settleTimeout,
          layout,
          minMatch,
          maxP99Ack,
          maxP99WindowCompletion,
          maxP99Visibility,
          true);
    }

    public Settings {
      if (pollInterval.isZero() || pollInterval.isNegative()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "--poll-interval must be > 0, was " + pollInterval.toMillis() + " ms");
      }
      if (minMatch != null) {
        minMatchRatio(minMatch);
      }
    }

    /** The thresholds the command line did not give, taken from the run's scenario objectives. */
    Settings withRunDefaults(Map<String, String> runSettings) {
      return new Settings(
          pollInterval,
          quietPeriod,
          settleTimeout,
          layout,
          minMatch != null ? minMatch : runSettings.getOrDefault("slo.min-match", "100%"),
          maxP99Ack != null ? maxP99Ack : duration(runSettings.get("slo.max-p99-ack")),
          maxP99WindowCompletion != null
              ? maxP99WindowCompletion
              : duration(runSettings.get("slo.max-p99-window-completion")),
          maxP99Visibility != null
              ? maxP99Visibility
              : duration(runSettings.get("slo.max-p99-visibility")),
          readTopics);
    }

    private static Duration duration(String text) {
      return text == null ? null : Duration.parse(text);
    }

    static double minMatchRatio(String share) {
      try {
        return Shares.parse(share);
      } catch (IllegalArgumentException e) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT, "--min-match " + e.getMessage(), e);
      }
    }
  }

  /**
   * Everything the verification found.
   *
   * @param settings the settings in force, the run's objectives filled in
   * @param waited how long the wait for the table and the comparison took
   * @param report everything found, as {@link #writeReports} writes it
   * @param accounting every window with the stage its difference arose in; null when the topic was
   *     not read back
   */
  public record Result(
      RunDirectory run,
      RunDirectory.RunInfo info,
      Outcome outcome,
      ComparisonResult comparison,
      List<CampaignSummary> campaigns,
      Settler.Settled settled,
      String layout,
      Map<String, Histogram> latencies,
      List<SloResult> slos,
      Settings settings,
      Duration waited,
      VerificationReport report,
      ThreeWayAccounting.Accounted accounting) {}

  /** What reading click_events back gave, or why it could not be read. */
  private record TopicRead(
      TopicReplay.Result replay, PipelineTopics.ReadStats stats, double seconds, String problem) {}

  /** The latencies in the order they are printed and reported. */
  public static final List<String> LATENCY_TAGS =
      List.of(
          LatencyLog.ACK_FROM_INTENDED,
          LatencyLog.ACK_FROM_ACTUAL,
          LatencyLog.WINDOW_COMPLETION,
          LatencyLog.CLICK_VISIBILITY);

  /** The latencies' names as printed and reported. */
  public static final Map<String, String> LATENCY_NAMES =
      Map.of(
          LatencyLog.ACK_FROM_INTENDED, "ack, from intended send time",
          LatencyLog.ACK_FROM_ACTUAL, "ack, from actual send time",
          LatencyLog.WINDOW_COMPLETION, "window completion",
          LatencyLog.CLICK_VISIBILITY, "click visibility");

  private static final Duration SINK_CHECK_INTERVAL = Duration.ofSeconds(2);

  private final CountsSource source;
  private final ToIntFunction<Outcome> exitCodes;
  private final Consumer<String> progress;

  /**
   * @param exitCodes the process exit code of an outcome, recorded in the reports (the command line
   *     owns the numbers)
   * @param progress told what is being verified before the wait begins
   */
  public Verification(
      CountsSource source, ToIntFunction<Outcome> exitCodes, Consumer<String> progress) {
    this.source = source;
    this.exitCodes = exitCodes;
    this.progress = progress;
  }

  /**
   * Verifies a run; {@link #writeReports} then writes what it found. The two are apart so that a
   * verdict is shown even when the run directory cannot be written.
   *
   * @param loaded the run, read (and so checked) by the caller before any stack was started
   * @param tracker the run's freshness tracker when verifying right after sending, else null
   */
  public Result verify(
      RunDirectory.Loaded loaded, CountsTable table, Settings given, FreshnessTracker tracker) {
    return verify(loaded.directory(), loaded.info(), loaded::truth, table, given, tracker);
  }

  /**
   * Verifies a run whose truth is read here, while the table is opened and first read on a second
   * thread: on a 100 000-window run the connection (SCRAM) and the first read take about as long as
   * loading the truth, and a one-shot verify has a second core for it. For a counts source that
   * starts nothing (a bare database, a running stack); run.json is read and checked first.
   */
  public Result verify(
      RunDirectory run, CountsTable table, Settings given, FreshnessTracker tracker) {
    return verify(run, run.readInfo(), run::readTruth, table, given, tracker);
  }

  private Result verify(
      RunDirectory run,
      RunDirectory.RunInfo info,
      java.util.function.Supplier<List<WindowTruth>> truthLoader,
      CountsTable table,
      Settings given,
      FreshnessTracker tracker) {
    Settings settings = given.withRunDefaults(info.settings());
    double minMatch = Settings.minMatchRatio(settings.minMatch());
    String prefix = info.campaignPrefix();
    // The table is opened and first read on a second thread while the truth is read (when it is
    // not already), the expected windows sorted and the report writers set up.
    CompletableFuture<CountsReader> opening =
        CompletableFuture.supplyAsync(() -> source.openCountsReader(table));
    CompletableFuture<TimedRows> firstPoll =
        opening.thenApplyAsync(reader -> new TimedRows(reader.read(prefix), System.nanoTime()));
    Optional<PipelineTopics> topics =
        settings.readTopics() ? source.pipelineTopics() : Optional.empty();
    // click_events is read back while the truth loads and the table opens: it decides what each
    // window must count before the wait for the table begins.
    CompletableFuture<TopicRead> topicRead =
        topics.map(t -> CompletableFuture.supplyAsync(() -> readBack(t, info))).orElse(null);
    List<WindowTruth> truth;
    try {
      truth = truthLoader.get();
    } catch (RuntimeException e) {
      // The truth's error is the one to report; the connection, if it opened, is closed.
      opening.thenAccept(CountsReader::close);
      throw e;
    }
    // The windows that must have a row, in the table reader's order, so that each poll is checked
    // in one pass.
    List<WindowTruth> expected =
        truth.stream()
            .filter(w -> w.expectedCount() > 0)
            .sorted(WindowComparison.TRUTH_ORDER)
            .toList();
    TopicRead read =
        topicRead == null
            ? new TopicRead(null, null, 0, "not read (--no-topic-read, or no Kafka to read)")
            : awaitTopicRead(topicRead);
    ThreeWayAccounting accounting =
        read.replay() == null
            ? null
            : ThreeWayAccounting.of(truth, read.replay(), info.windowSizeMs());
    progress.accept(
        "verify: run "
            + run.id()
            + " (scenario "
            + info.scenario()
            + ", campaign prefix "
            + prefix
            + (info.settings().containsKey("engine.profile")
                ? ", engine profile " + info.settings().get("engine.profile")
                : "")
            + ") against "
            + source.describe(table));
    long start = System.nanoTime();
    if (!firstPoll.isDone()) {
      // This thread would only wait for the table; the report writers' set-up is then not spent
      // after the read.
      prepareReportWriters();
    }
    Settler.Settled settled;
    String layout;
    try (CountsReader reader = await(opening)) {
      Settler settler =
          new Settler(
              settings.pollInterval(),
              settings.quietPeriod(),
              settings.settleTimeout(),
              System::nanoTime,
              d -> Thread.sleep(d.toMillis()));
      long[] nextSinkCheck = {0};
      boolean[] prefetched = {true};
      settled =
          settler.await(
              () -> {
                // A dead sink task never writes again; asking every couple of seconds is enough to
                // say so early.
                if (System.nanoTime() >= nextSinkCheck[0]) {
                  source
                      .failedSinkTask()
                      .ifPresent(
                          failure -> {
                            throw new ClicksimFailure(
                                ClicksimFailure.Kind.INFRASTRUCTURE,
                                failure + " (while verifying)");
                          });
                  nextSinkCheck[0] = System.nanoTime() + SINK_CHECK_INTERVAL.toNanos();
                }
                TimedRows poll;
                if (prefetched[0]) {
                  prefetched[0] = false;
                  poll = await(firstPoll);
                } else {
                  poll = new TimedRows(reader.read(prefix), System.nanoTime());
                }
                if (tracker != null) {
                  tracker.observe(poll.rows(), poll.atNanos());
                }
                return poll.rows();
              },
              observed ->
                  accounting != null
                      ? accounting.matches(observed)
                      : matchesExactly(observed, expected),
              observed ->
                  accounting != null
                      ? accounting.hasEveryWindow(observed)
                      : hasEveryWindow(observed, expected));
      String detected = reader.detectLayout(prefix);
      layout = settings.layout() == Layout.auto ? detected : settings.layout().name();
      if (settings.layout() != Layout.auto && !detected.equals(layout)) {
        progress.accept(
            "verify: --layout "
                + layout
                + " given, but the table looks like the "
                + detected
                + " layout");
      }
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while waiting for the table to settle", e);
    }
    Map<WindowKey, Long> output = null;
    String outputProblem = null;
    if (accounting != null) {
      try {
        output = topics.orElseThrow().readOutputCounts(prefix);
      } catch (ClicksimFailure e) {
        if (e.kind() == ClicksimFailure.Kind.INTERRUPTED) {
          throw e;
        }
        outputProblem = e.getMessage();
        progress.accept(
            "verify: cannot read the output topic back ("
                + e.getMessage()
                + "); the aggregation and the sink are one stage");
      }
    }
    return conclude(
        run,
        info,
        truth,
        settled,
        layout,
        table,
        settings,
        minMatch,
        tracker,
        start,
        new Accounting(accounting, read, output, outputProblem));
  }

  /** The three-way accounting's inputs once the table has settled; all null but read without it. */
  private record Accounting(
      ThreeWayAccounting accounting,
      TopicRead read,
      Map<WindowKey, Long> output,
      String outputProblem) {}

  /**
   * Reads click_events back into a replay of the run's windows, from the offsets the run recorded
   * when it started (older runs, and partitions whose early records are gone, from the beginning).
   */
  private TopicRead readBack(PipelineTopics topics, RunDirectory.RunInfo info) {
    long t0 = System.nanoTime();
    WindowSpec spec =
        new WindowSpec(Duration.ofMillis(info.windowSizeMs()), Duration.ofMillis(info.graceMs()));
    Map<Integer, Long> from = new HashMap<>();
    Map<Integer, Long> streamTimes = new HashMap<>();
    InputPosition.fromSettings(info.settings())
        .forEach(
            (p, pos) -> {
              from.put(p, pos.nextOffset());
              if (pos.maxTimestampMs() != Long.MIN_VALUE) {
                streamTimes.put(p, pos.maxTimestampMs());
              }
            });
    int partitions = topics.inputPartitions();
    TopicReplay replay =
        new TopicReplay(
            info.campaignPrefix(),
            spec,
            CampaignPartitioner.kafkaDefault(partitions),
            from.isEmpty() ? Map.of() : streamTimes);
    PipelineTopics.ReadStats stats = topics.readClicks(from, replay::accept);
    return new TopicRead(replay.result(), stats, (System.nanoTime() - t0) / 1e9, null);
  }

  /** The read-back, or why there is none: a topic that cannot be read costs the accounting only. */
  private TopicRead awaitTopicRead(CompletableFuture<TopicRead> topicRead) {
    try {
      TopicRead read = await(topicRead);
      progress.accept(
          String.format(
              Locale.ROOT,
              "verify: read %,d records of click_events back (%,d of this run, %,d partitions, %.1f MB)"
                  + " in %.1f s",
              read.stats().records(),
              read.replay().runRecords(),
              read.stats().partitions(),
              read.stats().bytes() / 1e6,
              read.seconds()));
      return read;
    } catch (ClicksimFailure e) {
      if (e.kind() == ClicksimFailure.Kind.INTERRUPTED) {
        throw e;
      }
      progress.accept(
          "verify: cannot read click_events back ("
              + e.getMessage()
              + "); the table is compared with the generated truth alone");
      return new TopicRead(null, null, 0, e.getMessage());
    }
  }

  /**
   * The second half, once the table has settled: compares, checks the SLOs, and reaches the
   * verdict.
   */
  private Result conclude(
      RunDirectory run,
      RunDirectory.RunInfo info,
      List<WindowTruth> truth,
      Settler.Settled settled,
      String layout,
      CountsTable table,
      Settings settings,
      double minMatch,
      FreshnessTracker tracker,
      long start,
      Accounting accounting) {
    ThreeWayAccounting.Accounted accounted =
        accounting.accounting() == null
            ? null
            : accounting
                .accounting()
                .conclude(settled.observed(), accounting.output(), info.windowSizeMs());
    ComparisonResult result =
        accounted != null
            ? accounted.comparison()
            : WindowComparison.compare(truth, settled.observed(), info.windowSizeMs());
    List<WindowRow> rows = new ArrayList<>(result.verdicts().size());
    for (int i = 0; i < result.verdicts().size(); i++) {
      WindowVerdict v = result.verdicts().get(i);
      ThreeWayAccounting.AccountedWindow a = accounted == null ? null : accounted.windows().get(i);
      String attribution =
          a == null ? null : a.findings().isEmpty() ? a.note() : a.describeFindings();
      rows.add(
          new WindowRow(
              v.campaignId(),
              v.windowStartMs(),
              v.windowEndMs(),
              v.expected(),
              v.observed(),
              v.difference(),
              kindName(v.kind()),
              wrongEndText(v),
              a == null || a.stage() == null ? null : a.stage().id(),
              attribution));
    }
    List<CampaignSummary> campaigns = CampaignSummary.of(rows);
    Map<String, Histogram> latencies = latencies(run, truth, tracker);
    Timeline timeline = timeline(run, info, tracker, result, accounted, settings);
    int total = result.verdicts().size();
    double matchedShare =
        total == 0 ? 1.0 : (double) result.count(WindowVerdict.Kind.MATCHED) / total;
    boolean minMatchMet = matchedShare >= minMatch - 1e-12;
    List<SloResult> slos = checkSlos(matchedShare, minMatchMet, latencies, settings);
    boolean countsAccepted = result.matches() || minMatchMet;
    Verdict verdict =
        result.matches()
            ? Verdict.MATCH
            : settled.reason() == Settler.Reason.TIMEOUT ? Verdict.TIMEOUT : Verdict.MISMATCH;
    if (countsAccepted && slos.stream().anyMatch(s -> !s.met())) {
      verdict = Verdict.SLO_BREACHED;
    }
    Outcome outcome = new Outcome(verdict, countsAccepted);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    VerificationReport report =
        report(
            run,
            info,
            table,
            outcome,
            settled,
            layout,
            settings,
            rows,
            campaigns,
            latencies,
            slos,
            summary(accounting, accounted),
            timeline);
    return new Result(
        run, info, outcome, result, campaigns, settled, layout, latencies, slos, settings, waited,
        report, accounted);
  }

  /** The accounting as the reports carry it. */
  private static AccountingSummary summary(
      Accounting accounting, ThreeWayAccounting.Accounted accounted) {
    TopicRead read = accounting.read();
    if (accounted == null) {
      return AccountingSummary.notRead(
          "click_events was not read back: "
              + read.problem()
              + "; the table was compared with the generated truth alone, whose late drops assume"
              + " no other producer writes to the run's partitions");
    }
    Map<String, Long> byStage = new LinkedHashMap<>();
    accounted.clicksByStage().forEach((stage, clicks) -> byStage.put(stage.id(), clicks));
    List<String> bounded =
        accounted.bounded().stream()
            .limit(20)
            .map(
                w ->
                    w.verdict().campaignId()
                        + "@"
                        + Instant.ofEpochMilli(w.verdict().windowStartMs()))
            .toList();
    String method =
        "click_events read back with isolation.level=read_committed, "
            + (read.stats().fromBeginning() == read.stats().partitions()
                ? "every partition from its beginning"
                : "from the offsets the run recorded when it started"
                    + (read.stats().fromBeginning() > 0
                        ? " (" + read.stats().fromBeginning() + " partitions from their beginning)"
                        : ""))
            + "; late drops predicted from each partition's actual order, every producer's records"
            + " included; "
            + (accounted.outputRead()
                ? "the output topic's last count per window separates the aggregation from the sink"
                : "the output topic could not be read ("
                    + accounting.outputProblem()
                    + "), so the aggregation and the sink are one stage");
    return new AccountingSummary(
        true,
        method,
        read.stats().records(),
        read.replay().runRecords(),
        read.seconds(),
        accounted.outputRead(),
        byStage,
        accounted.lateDropsExplained(),
        bounded);
  }

  /** Writes verify.json, junit.xml and report.html into the run directory; returns the page. */
  public static Path writeReports(Result result) {
    Path dir = result.run().path();
    // verify.json and junit.xml are written while the HTML report is: independent files, a row per
    // window each.
    CompletableFuture<Void> machineReadable =
        CompletableFuture.runAsync(
            () -> {
              VerifyJson.write(result.report(), dir);
              JUnitXml.write(result.report(), dir);
            });
    Path html = HtmlReport.write(result.report(), dir);
    await(machineReadable);
    return html;
  }

  private VerificationReport report(
      RunDirectory run,
      RunDirectory.RunInfo info,
      CountsTable table,
      Outcome outcome,
      Settler.Settled settled,
      String layout,
      Settings settings,
      List<WindowRow> rows,
      List<CampaignSummary> campaigns,
      Map<String, Histogram> histograms,
      List<SloResult> slos,
      AccountingSummary accounting,
      Timeline timeline) {
    Map<String, String> reported = new LinkedHashMap<>(info.settings());
    reported.put("verify.settle.timeout", settings.settleTimeout().toString());
    reported.put("verify.quiet.period", settings.quietPeriod().toString());
    reported.put("verify.poll.interval", settings.pollInterval().toString());
    reported.put("verify.settled.by", settled.reason().name().toLowerCase(Locale.ROOT));
    String method =
        "one host clock (System.nanoTime); table polled every "
            + settings.pollInterval().toMillis()
            + " ms";
    List<LatencySummary> latencies = new ArrayList<>();
    for (String tag : LATENCY_TAGS) {
      Histogram h = histograms.get(tag);
      if (h != null) {
        String how =
            tag.startsWith("ack")
                ? "producer callback, System.nanoTime; resolution 1 microsecond"
                : method;
        latencies.add(LatencySummary.of(tag, LATENCY_NAMES.get(tag), how, h));
      }
    }
    RunSummary summary =
        new RunSummary(
            info.runId(),
            info.scenario(),
            info.seed(),
            Instant.ofEpochMilli(info.anchorMs()),
            info.campaignPrefix(),
            info.windowSizeMs(),
            info.graceMs(),
            info.target(),
            info.clicksSent(),
            info.clicksExpected(),
            info.clicksDroppedLate(),
            info.duplicates(),
            reported);
    return new VerificationReport(
        summary,
        outcome.verdict().name(),
        exitCodes.applyAsInt(outcome),
        layout,
        table.table(),
        rows,
        campaigns,
        latencies,
        slos,
        sendRate(run.path()),
        Instant.now(),
        accounting,
        timeline);
  }

  /**
   * The run on its own clock: the table's timeline as this verification measured it right after the
   * sending (and kept for a later verify), or as that one kept it; each fault's recovery and cost.
   * Null for a run without faults whose table was not watched.
   */
  private Timeline timeline(
      RunDirectory run,
      RunDirectory.RunInfo info,
      FreshnessTracker tracker,
      ComparisonResult result,
      ThreeWayAccounting.Accounted accounted,
      Settings settings) {
    TableTimeline table = null;
    if (tracker != null) {
      table = tracker.timeline();
      try {
        if (table != null) {
          run.writeTimeline(table);
        }
      } catch (ClicksimFailure e) {
        progress.accept(
            "verify: " + e.getMessage() + "; a later verify cannot tell the faults' recovery");
      }
    } else {
      try {
        table = run.readTimeline().orElse(null);
      } catch (ClicksimFailure e) {
        progress.accept(
            "verify: " + e.getMessage() + "; the faults' recovery and cost are not measured");
      }
    }
    if (info.faults().isEmpty() && table == null) {
      return null;
    }
    List<FaultImpact.FiredFault> fired =
        info.faults().stream()
            .map(f -> new FaultImpact.FiredFault(f.fault(), f.firedSeconds(), f.doneSeconds()))
            .toList();
    FaultImpact.Result impact = FaultImpact.of(fired, table, costs(result, accounted));
    List<FaultRow> rows = new ArrayList<>();
    for (int i = 0; i < impact.faults().size(); i++) {
      FaultImpact.Impact f = impact.faults().get(i);
      RunFault recorded = info.faults().get(i);
      FaultImpact.Recovery r = f.recovery();
      rows.add(
          new FaultRow(
              i + 1,
              recorded.fault(),
              recorded.action(),
              recorded.target(),
              recorded.length(),
              recorded.at(),
              recorded.scenarioOffsetMs(),
              recorded.firedAtMs() == null ? null : Instant.ofEpochMilli(recorded.firedAtMs()),
              recorded.firedSeconds(),
              recorded.doneSeconds(),
              recorded.what(),
              recorded.failed(),
              r.recoverySeconds(),
              r.caughtUpAtSeconds(),
              r.clicksNeverShown(),
              r.problem(),
              stageClicks(f.cost()),
              f.windows().size(),
              examples(f.windows())));
    }
    String method =
        "recovery: from a fault's firing to the first table poll that showed every click"
            + " acknowledged before the fault was done (a click the table never showed is the"
            + " fault's cost, not its delay), known to within one poll interval ("
            + settings.pollInterval().toMillis()
            + " ms) plus "
            + Math.round(TableTimeline.CatchUpBucket.WIDTH_SECONDS * 1000)
            + " ms; cost: a differing window is charged to the first fault whose interval (firing"
            + " to recovery, at most to the next fault) meets its clicks' time in flight (the ack"
            + " of its first click to the poll that first showed its final count)"
            + (table == null ? "; no timeline of the table was kept for this run" : "");
    return new Timeline(
        method,
        rows,
        stageClicks(impact.notAttributable()),
        impact.notAttributableWindows().size(),
        completion(table));
  }

  /** What each differing window cost, per stage: the accounting's findings, else the table's. */
  private static List<FaultImpact.WindowCost> costs(
      ComparisonResult result, ThreeWayAccounting.Accounted accounted) {
    List<FaultImpact.WindowCost> costs = new ArrayList<>();
    for (int i = 0; i < result.verdicts().size(); i++) {
      WindowVerdict v = result.verdicts().get(i);
      Map<String, long[]> byStage = new LinkedHashMap<>();
      if (accounted != null) {
        for (StageFinding f : accounted.windows().get(i).findings()) {
          long[] c = byStage.computeIfAbsent(f.stage().id(), k -> new long[2]);
          switch (f.effect()) {
            case LOST -> c[0] += f.clicks();
            case ADDED -> c[1] += f.clicks();
            case MISPLACED -> {
              // the clicks are there, in a window with a wrong end: neither lost nor added
            }
          }
        }
      } else if (v.kind() != WindowVerdict.Kind.MATCHED && v.difference() != 0) {
        byStage.put(
            "table", new long[] {Math.max(0, -v.difference()), Math.max(0, v.difference())});
      }
      List<FaultImpact.StageCost> stages = new ArrayList<>();
      byStage.forEach(
          (stage, c) -> {
            if (c[0] > 0 || c[1] > 0) {
              stages.add(new FaultImpact.StageCost(stage, c[0], c[1]));
            }
          });
      if (!stages.isEmpty()) {
        costs.add(
            new FaultImpact.WindowCost(new WindowKey(v.campaignId(), v.windowStartMs()), stages));
      }
    }
    return costs;
  }

  private static List<StageClicks> stageClicks(List<FaultImpact.StageCost> costs) {
    return costs.stream().map(c -> new StageClicks(c.stage(), c.lost(), c.added())).toList();
  }

  private static List<String> examples(List<WindowKey> windows) {
    return windows.stream()
        .limit(20)
        .map(w -> w.campaignId() + "@" + Instant.ofEpochMilli(w.windowStartMs()))
        .toList();
  }

  /**
   * Each window's completion at the ack of its last click, thinned to the slowest per stretch of
   * the run when there are more than the chart can show.
   */
  static List<Timeline.CompletionPoint> completion(TableTimeline table) {
    if (table == null) {
      return List.of();
    }
    List<Timeline.CompletionPoint> points =
        table.windows().stream()
            .filter(w -> w.finalSeenSeconds() != null)
            .map(
                w ->
                    new Timeline.CompletionPoint(
                        Math.round(w.lastAckSeconds() * 1000) / 1000.0,
                        Math.round(Math.max(0, w.finalSeenSeconds() - w.lastAckSeconds()) * 1e4)
                            / 10.0))
            .sorted(java.util.Comparator.comparingDouble(Timeline.CompletionPoint::lastAckSeconds))
            .toList();
    if (points.size() <= Timeline.MAX_POINTS) {
      return points;
    }
    double end = points.get(points.size() - 1).lastAckSeconds();
    double step = Math.max(end, 1e-9) / Timeline.MAX_POINTS;
    Map<Long, Timeline.CompletionPoint> slowest = new java.util.TreeMap<>();
    for (Timeline.CompletionPoint p : points) {
      slowest.merge(
          Math.min(Timeline.MAX_POINTS - 1, (long) (p.lastAckSeconds() / step)),
          p,
          (a, b) -> b.completionMs() > a.completionMs() ? b : a);
    }
    return List.copyOf(slowest.values());
  }

  /**
   * The run's send rate for the report's chart. A damaged file costs the chart from the damage on,
   * not the verdict: the counts are what verify checks, so the damage is said as a progress line.
   */
  private List<RatePoint> sendRate(Path runDir) {
    Path file = runDir.resolve(LatencyRecorderThread.SEND_RATE_FILE);
    List<RatePoint> points = new ArrayList<>();
    if (!Files.exists(file)) {
      return points;
    }
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",", -1);
        try {
          if (f.length != 3) {
            throw new NumberFormatException();
          }
          points.add(
              new RatePoint(
                  Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        } catch (NumberFormatException e) {
          progress.accept(
              "verify: "
                  + file
                  + ", line "
                  + (i + 1)
                  + " is not three numbers; the send-rate chart ends before it");
          break;
        }
      }
    } catch (java.io.IOException e) {
      progress.accept(
          "verify: cannot read "
              + file
              + " ("
              + e.getMessage()
              + "); the report has no send-rate chart");
    }
    return points;
  }

  /**
   * Completes the run's latency log with what this verification measured, writes each total as a
   * percentile distribution, and returns the totals. A verify run later, without a tracker, reads
   * what the run recorded.
   */
  private static Map<String, Histogram> latencies(
      RunDirectory run, List<WindowTruth> truth, FreshnessTracker tracker) {
    if (tracker != null) {
      try (LatencyLog log = LatencyLog.open(run.path())) {
        long now = System.currentTimeMillis();
        log.write(LatencyLog.CLICK_VISIBILITY, tracker.intervalVisibility(), now, now);
        log.write(LatencyLog.WINDOW_COMPLETION, tracker.windowCompletion(truth), now, now);
      }
    }
    Map<String, Histogram> totals = LatencyLog.readTotals(run.path());
    totals.forEach((tag, h) -> LatencyLog.writePercentiles(run.path(), tag, h));
    return totals;
  }

  private static List<SloResult> checkSlos(
      double matchedShare,
      boolean minMatchMet,
      Map<String, Histogram> latencies,
      Settings settings) {
    List<SloResult> checks = new ArrayList<>();
    checks.add(
        new SloResult(
            "min-match",
            settings.minMatch(),
            String.format(Locale.ROOT, "%.2f%%", matchedShare * 100),
            minMatchMet));
    latencySlo(
        checks, "max-p99-ack", settings.maxP99Ack(), latencies.get(LatencyLog.ACK_FROM_INTENDED));
    latencySlo(
        checks,
        "max-p99-window-completion",
        settings.maxP99WindowCompletion(),
        latencies.get(LatencyLog.WINDOW_COMPLETION));
    latencySlo(
        checks,
        "max-p99-visibility",
        settings.maxP99Visibility(),
        latencies.get(LatencyLog.CLICK_VISIBILITY));
    return checks;
  }

  private static void latencySlo(
      List<SloResult> checks, String name, Duration threshold, Histogram h) {
    if (threshold == null) {
      return;
    }
    if (h == null || h.getTotalCount() == 0) {
      checks.add(new SloResult(name, threshold.toMillis() + " ms", "not measured", false));
      return;
    }
    long p99 = h.getValueAtPercentile(99);
    checks.add(
        new SloResult(
            name, threshold.toMillis() + " ms", ms(p99), p99 <= threshold.toNanos() / 1000));
  }

  /** Microseconds as milliseconds with one decimal, as every latency is printed and reported. */
  public static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  /** A window verdict's kind as printed and reported: "lost clicks". */
  public static String kindName(WindowVerdict.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /**
   * What the table holds as a window's end when it is wrong, in full ("1970-01-01 00:00:00",
   * "NULL"); null when the end is right.
   */
  public static String wrongEndText(WindowVerdict v) {
    return v.wrongEnd() == null
        ? null
        : DisplayText.windowEnds(v.wrongEnd().lowestMs(), v.wrongEnd().highestMs());
  }

  /** A window verdict's class as printed and reported, with the wrong end when there is one. */
  public static String verdictText(WindowVerdict v) {
    return DisplayText.verdict(kindName(v.kind()), wrongEndText(v));
  }

  /**
   * Sets up the report writers (Jackson's serializers for the report's records, the HTML and XML
   * code) by writing a one-window report nowhere: in a fresh JVM that set-up is about 0.4 s of the
   * writing of a 100 000-window report. Never fails a verify: whatever goes wrong here goes wrong
   * again, and is reported, when the real reports are written.
   *
   * @return whether the writers were set up (false only if writing the one-window report failed)
   */
  static boolean prepareReportWriters() {
    try {
      RunSummary run =
          new RunSummary(
              "warm-up",
              "warm-up",
              0,
              Instant.EPOCH,
              "",
              120_000,
              60_000,
              "none",
              1,
              1,
              0,
              0,
              Map.of("k", "v"));
      List<WindowRow> rows = List.of(new WindowRow("c", 0, 120_000, 1, 1L, 0, WindowRow.MATCHED));
      VerificationReport report =
          new VerificationReport(
              run,
              VerificationReport.MATCH,
              0,
              "upsert",
              "t",
              rows,
              CampaignSummary.of(rows),
              List.of(),
              List.of(new SloResult("min-match", "100%", "100.00%", true)),
              List.of(new RatePoint(1, 1, 1)),
              Instant.EPOCH);
      VerifyJson.write(report, java.io.OutputStream.nullOutputStream());
      HtmlReport.render(report);
      JUnitXml.toXml(report);
      return true;
    } catch (java.io.IOException | RuntimeException e) {
      return false; // see above
    }
  }

  /** One read of the table and when it was made. */
  private record TimedRows(List<ObservedWindow> rows, long atNanos) {}

  /**
   * The result of background work, its own exception unwrapped so the failure's kind follows it.
   */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Every window has exactly its expected count and end, and there is no other row of the run. Both
   * lists are in (campaign, window) order and the reader gives one row per window (the largest
   * count), so this is one pass. A wrong end is not a match: the wait then ends when the counts
   * have been quiet, not at once.
   */
  static boolean matchesExactly(List<ObservedWindow> observed, List<WindowTruth> expected) {
    if (observed.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < observed.size(); i++) {
      ObservedWindow o = observed.get(i);
      WindowTruth t = expected.get(i);
      if (o.count() != t.expectedCount()
          || o.windowStartMs() != t.windowStartMs()
          || !o.endsAt(t.windowEndMs())
          || !o.campaignId().equals(t.campaignId())) {
        return false;
      }
    }
    return true;
  }

  /** Every window of the truth has a row, whatever its count; other rows may exist. */
  static boolean hasEveryWindow(List<ObservedWindow> observed, List<WindowTruth> expected) {
    int j = 0;
    for (WindowTruth t : expected) {
      int c = -1;
      while (j < observed.size()) {
        ObservedWindow o = observed.get(j);
        c =
            WindowComparison.compareKeys(
                o.campaignId(), o.windowStartMs(), t.campaignId(), t.windowStartMs());
        if (c >= 0) {
          break;
        }
        j++;
      }
      if (c != 0) {
        return false;
      }
    }
    return true;
  }
}
