package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.CountsTableReader;
import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.report.CampaignSummary;
import dev.clicksim.report.HtmlReport;
import dev.clicksim.report.JUnitXml;
import dev.clicksim.report.LatencySummary;
import dev.clicksim.report.RatePoint;
import dev.clicksim.report.RunSummary;
import dev.clicksim.report.SloResult;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.report.WindowRow;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ComparisonResult;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.Settler;
import dev.clicksim.verify.WindowComparison;
import dev.clicksim.verify.WindowVerdict;

/**
 * Waits for the sink's table to settle, compares it with a run's truth window by window, reports the latencies and
 * checks the SLOs. The exit code says the worst: a count mismatch, else a breached latency SLO, else success.
 */
final class RunVerifier {

  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter END = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int AUTO_LIST_LIMIT = 60;

  /** What was verified and how it went; the report is built from it. */
  record Outcome(ExitCode exitCode, String verdict, ComparisonResult comparison, Settler.Settled settled, String layout,
      Map<String, Histogram> latencies, List<SloCheck> slos) {}

  record SloCheck(String name, String threshold, String actual, boolean met) {}

  private RunVerifier() {}

  /**
   * @param connectWorker the Connect worker whose sink is checked for a failed task while waiting, or null
   * @param tracker the run's freshness tracker when verifying right after sending, else null
   */
  static Outcome verify(DatabaseEndpoint db, ServiceEndpoint connectWorker, RunDirectory run, CountsTable table, VerifyOptions options, PrintWriter out,
      FreshnessTracker tracker) throws InterruptedException {
    // The database is opened and read while the run directory is: on a 100 000-window run the connection (SCRAM) and
    // the first read take about as long as loading the truth, and a one-shot verify has a second core for it.
    CompletableFuture<CountsTableReader> opening = CompletableFuture.supplyAsync(() -> new CountsTableReader(db, table));
    RunDirectory.RunInfo info;
    CompletableFuture<TimedRows> firstPoll;
    List<WindowTruth> truth;
    String layoutChoice;
    double minMatch;
    try {
      info = run.readInfo();
      String prefix = info.campaignPrefix();
      firstPoll = opening.thenApplyAsync(reader -> new TimedRows(reader.read(prefix), System.nanoTime()));
      options.applyRunDefaults(info.settings());
      layoutChoice = options.layoutChoice();
      options.listChoice();
      minMatch = options.minMatchRatio();
      truth = run.readTruth();
    } catch (RuntimeException e) {
      // The run directory's error is the one to report; the connection, if it opened, is closed.
      opening.thenAccept(CountsTableReader::close);
      throw e;
    }
    // The windows that must have a row, in the table reader's order, so that each poll is checked in one pass.
    List<WindowTruth> expected = truth.stream().filter(w -> w.expectedCount() > 0).sorted(WindowComparison.TRUTH_ORDER).toList();
    out.println("verify: run " + run.id() + " (scenario " + info.scenario() + ", campaign prefix " + info.campaignPrefix() + ") against table "
        + table.table() + " at " + dev.clicksim.db.Jdbc.redact(db.jdbcUrl()));
    out.flush();
    long start = System.nanoTime();
    if (!firstPoll.isDone()) {
      // This thread would only wait for the table; the report writers' set-up is then not spent after the read.
      prepareReportWriters();
    }
    Settler.Settled settled;
    String layout;
    try (CountsTableReader reader = await(opening)) {
      Settler settler = new Settler(options.pollInterval, options.quietPeriod, options.settleTimeout, System::nanoTime,
          d -> Thread.sleep(d.toMillis()));
      ConnectRestClient connect = connectWorker == null ? null : new ConnectRestClient(connectWorker);
      long[] nextConnectCheck = {0};
      boolean[] prefetched = {true};
      settled = settler.await(() -> {
        // A dead sink task never writes again; asking Connect every couple of seconds is enough to say so early.
        if (connect != null && System.nanoTime() >= nextConnectCheck[0]) {
          failIfSinkFailed(connect);
          nextConnectCheck[0] = System.nanoTime() + 2_000_000_000L;
        }
        TimedRows poll;
        if (prefetched[0]) {
          prefetched[0] = false;
          poll = await(firstPoll);
        } else {
          poll = new TimedRows(reader.read(info.campaignPrefix()), System.nanoTime());
        }
        if (tracker != null) {
          tracker.observe(poll.rows(), poll.atNanos());
        }
        return poll.rows();
      }, observed -> matchesExactly(observed, expected), observed -> hasEveryWindow(observed, expected));
      String detected = reader.detectLayout(info.campaignPrefix());
      layout = layoutChoice.equals("auto") ? detected : layoutChoice;
      if (!layoutChoice.equals("auto") && !detected.equals(layoutChoice)) {
        out.println("verify: --layout " + layoutChoice + " given, but the table looks like the " + detected + " layout");
      }
    }
    return conclude(run, info, truth, settled, layout, table, options, minMatch, out, tracker, start);
  }

  /**
   * The second half of a verify, once the table has settled: compares, prints, checks the SLOs and writes verify.json,
   * junit.xml and report.html.
   *
   * @param start when the wait for the table began, on System.nanoTime
   */
  static Outcome conclude(RunDirectory run, RunDirectory.RunInfo info, List<WindowTruth> truth, Settler.Settled settled, String layout,
      CountsTable table, VerifyOptions options, double minMatch, PrintWriter out, FreshnessTracker tracker, long start) {
    ComparisonResult result = WindowComparison.compare(truth, settled.observed());
    // The rows and per-campaign summaries of the reports, made once: the printed summary is the report's.
    List<WindowRow> rows = result.verdicts().stream().map(v -> new WindowRow(v.campaignId(), v.windowStartMs(), v.windowEndMs(),
        v.expected(), v.observed(), v.difference(), kindName(v.kind()))).toList();
    List<CampaignSummary> campaigns = CampaignSummary.of(rows);
    print(result, campaigns, options, out);
    out.printf("clicks: %,d sent, %,d expected in the table, %,d must be dropped as late, %,d duplicate deliveries; table layout %s%n",
        info.clicksSent(), info.clicksExpected(), info.clicksDroppedLate(), info.duplicates(), layout);

    Map<String, Histogram> latencies = latencies(run, truth, tracker);
    printLatencies(latencies, options, out);
    List<SloCheck> slos = checkSlos(result, latencies, options, minMatch);

    String settledHow = switch (settled.reason()) {
      case MATCHED -> "every window matched";
      case QUIET -> "no change for " + options.quietPeriod.toSeconds() + " s";
      case TIMEOUT -> "timed out after " + options.settleTimeout.toSeconds() + " s";
    };
    long matched = result.count(WindowVerdict.Kind.MATCHED);
    int total = result.verdicts().size();
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean countsOk = total == 0 ? true : (double) matched / total >= minMatch - 1e-12;
    for (SloCheck slo : slos) {
      out.printf("SLO %-26s %-8s threshold %-10s actual %s%n", slo.name(), slo.met() ? "met" : "BREACHED", slo.threshold(), slo.actual());
    }
    ExitCode code;
    String verdict;
    if (result.matches()) {
      out.printf("VERDICT: MATCH - %d of %d windows matched (settled in %.1f s: %s)%n", matched, total, seconds, settledHow);
      verdict = "MATCH";
      code = ExitCode.OK;
    } else {
      out.printf("VERDICT: MISMATCH - %d of %d windows differ: %s (settled in %.1f s: %s)%n", total - matched, total, summarize(result),
          seconds, settledHow);
      verdict = settled.reason() == Settler.Reason.TIMEOUT ? "TIMEOUT" : "MISMATCH";
      if (settled.reason() == Settler.Reason.TIMEOUT) {
        List<String> short_ = result.mismatches().stream()
            .filter(v -> v.kind() == WindowVerdict.Kind.MISSING_WINDOW || v.kind() == WindowVerdict.Kind.LOST_CLICKS)
            .limit(5).map(v -> v.campaignId() + " " + START.format(Instant.ofEpochMilli(v.windowStartMs()))).collect(Collectors.toList());
        out.println("windows still short at the timeout: " + (short_.isEmpty() ? "none" : String.join(", ", short_)));
      }
      code = countsOk ? ExitCode.OK : ExitCode.MISMATCH;
      if (countsOk) {
        out.printf("(within --min-match %s)%n", options.minMatch);
      }
    }
    if (code == ExitCode.OK && slos.stream().anyMatch(s -> !s.met())) {
      code = ExitCode.SLO_BREACHED;
      verdict = "SLO_BREACHED";
    }
    Outcome outcome = new Outcome(code, verdict, result, settled, layout, latencies, slos);
    VerificationReport report = report(run, info, table, outcome, options, rows, campaigns);
    // verify.json and junit.xml are written while the HTML report is: independent files, a row per window each.
    CompletableFuture<Void> machineReadable = CompletableFuture.runAsync(() -> {
      VerifyJson.write(report, run.path());
      JUnitXml.write(report, run.path());
    });
    java.nio.file.Path html = HtmlReport.write(report, run.path());
    await(machineReadable);
    out.println("report: " + html + " (with verify.json, junit.xml and the latency files beside it)");
    out.flush();
    return outcome;
  }

  private static VerificationReport report(RunDirectory run, RunDirectory.RunInfo info, CountsTable table, Outcome o, VerifyOptions options,
      List<WindowRow> rows, List<CampaignSummary> campaigns) {
    Map<String, String> settings = new java.util.LinkedHashMap<>(info.settings());
    settings.put("verify.settle.timeout", options.settleTimeout.toString());
    settings.put("verify.quiet.period", options.quietPeriod.toString());
    settings.put("verify.poll.interval", options.pollInterval.toString());
    settings.put("verify.settled.by", o.settled().reason().name().toLowerCase(Locale.ROOT));
    String method = "one host clock (System.nanoTime); table polled every " + options.pollInterval.toMillis() + " ms";
    List<LatencySummary> latencies = new ArrayList<>();
    for (String tag : List.of(LatencyLog.ACK_FROM_INTENDED, LatencyLog.ACK_FROM_ACTUAL, LatencyLog.WINDOW_COMPLETION, LatencyLog.CLICK_VISIBILITY)) {
      Histogram h = o.latencies().get(tag);
      if (h != null) {
        String how = tag.startsWith("ack") ? "producer callback, System.nanoTime; resolution 1 microsecond" : method;
        latencies.add(LatencySummary.of(tag, LATENCY_NAMES.get(tag), how, h));
      }
    }
    RunSummary summary = new RunSummary(info.runId(), info.scenario(), info.seed(), Instant.ofEpochMilli(info.anchorMs()), info.campaignPrefix(),
        info.windowSizeMs(), info.graceMs(), info.target(), info.clicksSent(), info.clicksExpected(), info.clicksDroppedLate(),
        info.duplicates(), settings);
    return new VerificationReport(summary, o.verdict(), o.exitCode().code(), o.layout(), table.table(), rows, campaigns,
        latencies, o.slos().stream().map(s -> new SloResult(s.name(), s.threshold(), s.actual(), s.met())).toList(),
        sendRate(run), Instant.now());
  }

  private static List<RatePoint> sendRate(RunDirectory run) {
    java.nio.file.Path file = run.path().resolve(dev.clicksim.run.LatencyRecorderThread.SEND_RATE_FILE);
    List<RatePoint> points = new ArrayList<>();
    if (!java.nio.file.Files.exists(file)) {
      return points;
    }
    try {
      for (String line : java.nio.file.Files.readAllLines(file)) {
        String[] f = line.split(",");
        if (f.length == 3 && !f[0].equals("seconds")) {
          points.add(new RatePoint(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // the chart is left out; the figures are elsewhere
    }
    return points;
  }

  /**
   * Completes the run's latency log with what this verification measured, writes each total as a percentile
   * distribution, and returns the totals. A verify run later, without a tracker, reads what the run recorded.
   */
  private static Map<String, Histogram> latencies(RunDirectory run, List<WindowTruth> truth, FreshnessTracker tracker) {
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

  static final Map<String, String> LATENCY_NAMES = Map.of(
      LatencyLog.ACK_FROM_INTENDED, "ack, from intended send time",
      LatencyLog.ACK_FROM_ACTUAL, "ack, from actual send time",
      LatencyLog.WINDOW_COMPLETION, "window completion",
      LatencyLog.CLICK_VISIBILITY, "click visibility");

  private static void printLatencies(Map<String, Histogram> latencies, VerifyOptions options, PrintWriter out) {
    if (latencies.isEmpty()) {
      out.println("latency: none recorded for this run (it was not sent by clicksim run)");
      return;
    }
    for (String tag : List.of(LatencyLog.ACK_FROM_INTENDED, LatencyLog.ACK_FROM_ACTUAL, LatencyLog.WINDOW_COMPLETION, LatencyLog.CLICK_VISIBILITY)) {
      Histogram h = latencies.get(tag);
      if (h == null) {
        out.printf("latency %-30s not measured%n", LATENCY_NAMES.get(tag));
        continue;
      }
      out.printf(Locale.ROOT, "latency %-30s n=%,d  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", LATENCY_NAMES.get(tag), h.getTotalCount(),
          ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
          ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }
    out.printf("latency method: one host clock (System.nanoTime); acks timed in the producer callback; the table polled every %d ms,"
        + " so window completion and click visibility are known to within one poll interval%n", options.pollInterval.toMillis());
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  private static List<SloCheck> checkSlos(ComparisonResult result, Map<String, Histogram> latencies, VerifyOptions options, double minMatch) {
    List<SloCheck> checks = new ArrayList<>();
    int total = result.verdicts().size();
    double share = total == 0 ? 1.0 : (double) result.count(WindowVerdict.Kind.MATCHED) / total;
    checks.add(new SloCheck("min-match", options.minMatch, String.format(Locale.ROOT, "%.2f%%", share * 100), share >= minMatch - 1e-12));
    latencySlo(checks, "max-p99-ack", options.maxP99Ack, latencies.get(LatencyLog.ACK_FROM_INTENDED));
    latencySlo(checks, "max-p99-window-completion", options.maxP99WindowCompletion, latencies.get(LatencyLog.WINDOW_COMPLETION));
    latencySlo(checks, "max-p99-visibility", options.maxP99Visibility, latencies.get(LatencyLog.CLICK_VISIBILITY));
    return checks;
  }

  private static void latencySlo(List<SloCheck> checks, String name, Duration threshold, Histogram h) {
    if (threshold == null) {
      return;
    }
    if (h == null || h.getTotalCount() == 0) {
      checks.add(new SloCheck(name, threshold.toMillis() + " ms", "not measured", false));
      return;
    }
    long p99 = h.getValueAtPercentile(99);
    checks.add(new SloCheck(name, threshold.toMillis() + " ms", ms(p99), p99 <= threshold.toNanos() / 1000));
  }

  /** A dead sink task will never write again: say so at once instead of waiting for the timeout. */
  private static void failIfSinkFailed(ConnectRestClient connect) {
    String name = SinkConnectorConfig.CONNECTOR_NAME;
    connect.status(name).flatMap(ConnectRestClient.ConnectorStatus::failedTask).ifPresent(task -> {
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "sink connector " + name + " task " + task.id() + " FAILED while verifying: "
          + task.trace().lines().findFirst().orElse("(no trace)"));
    });
  }

  /**
   * Sets up the report writers (Jackson's serializers for the report's records, the HTML and XML code) by writing a
   * one-window report nowhere: in a fresh JVM that set-up is about 0.4 s of the writing of a 100 000-window report.
   * Never fails a verify: whatever goes wrong here goes wrong again, and is reported, when the real reports are written.
   *
   * @return whether the writers were set up (false only if writing the one-window report failed)
   */
  static boolean prepareReportWriters() {
    try {
      RunSummary run = new RunSummary("warm-up", "warm-up", 0, Instant.EPOCH, "", 120_000, 60_000, "none", 1, 1, 0, 0, Map.of("k", "v"));
      List<WindowRow> rows = List.of(new WindowRow("c", 0, 120_000, 1, 1L, 0, WindowRow.MATCHED));
      VerificationReport report = new VerificationReport(run, VerificationReport.MATCH, 0, "upsert", "t", rows, CampaignSummary.of(rows),
          List.of(), List.of(new SloResult("min-match", "100%", "100.00%", true)), List.of(new RatePoint(1, 1, 1)), Instant.EPOCH);
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

  /** The result of background work, its own exception unwrapped so the exit code follows it. */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
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
   * Every window has exactly its expected count and there is no other row of the run. Both lists are in (campaign,
   * window) order and the reader gives one row per window (the largest count), so this is one pass.
   */
  static boolean matchesExactly(List<ObservedWindow> observed, List<WindowTruth> expected) {
    if (observed.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < observed.size(); i++) {
      ObservedWindow o = observed.get(i);
      WindowTruth t = expected.get(i);
      if (o.count() != t.expectedCount() || o.windowStartMs() != t.windowStartMs() || !o.campaignId().equals(t.campaignId())) {
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
        c = WindowComparison.compareKeys(o.campaignId(), o.windowStartMs(), t.campaignId(), t.windowStartMs());
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

  static String kindName(WindowVerdict.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String summarize(ComparisonResult result) {
    return result.countsByKind().entrySet().stream()
        .filter(e -> e.getKey() != WindowVerdict.Kind.MATCHED && e.getValue() > 0)
        .map(e -> e.getValue() + " " + kindName(e.getKey()))
        .collect(Collectors.joining(", "));
  }

  private static void print(ComparisonResult result, List<CampaignSummary> campaigns, VerifyOptions options, PrintWriter out) {
    boolean all = switch (options.listChoice()) {
      case "all" -> true;
      case "mismatched" -> false;
      default -> result.verdicts().size() <= AUTO_LIST_LIMIT;
    };
    List<WindowVerdict> rows = all ? result.verdicts() : result.mismatches();
    if (!rows.isEmpty()) {
      int width = Math.max(8, rows.stream().mapToInt(v -> v.campaignId().length()).max().orElse(8));
      out.printf("  %-" + width + "s  %-32s %9s %9s %7s  %s%n", "campaign", "window (UTC)", "expected", "observed", "diff", "verdict");
      for (WindowVerdict v : rows) {
        String window = START.format(Instant.ofEpochMilli(v.windowStartMs())) + " - " + END.format(Instant.ofEpochMilli(v.windowEndMs()));
        out.printf("  %-" + width + "s  %-32s %9d %9s %+7d  %s%n", v.campaignId(), window, v.expected(),
            v.observed() == null ? "-" : v.observed().toString(), v.difference(), kindName(v.kind()));
      }
      if (!all) {
        out.println("  (" + (result.verdicts().size() - rows.size()) + " matched windows not listed; --list all shows them)");
      }
    }
    printCampaignSummary(campaigns, out);
  }

  private static void printCampaignSummary(List<CampaignSummary> campaigns, PrintWriter out) {
    long differing = campaigns.stream().filter(c -> !c.allMatched()).count();
    if (differing == 0) {
      out.printf("campaigns: %d, every window of every campaign matched%n", campaigns.size());
      return;
    }
    out.printf("campaigns: %d, %d with differing windows:%n", campaigns.size(), differing);
    for (CampaignSummary c : campaigns) {
      if (!c.allMatched()) {
        out.printf("  %-30s %d of %d windows matched, %,d clicks expected, %,d observed%n", c.campaignId(), c.matched(), c.windows(),
            c.expected(), c.observed());
      }
    }
  }
}
