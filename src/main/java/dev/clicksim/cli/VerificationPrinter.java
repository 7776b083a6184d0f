package dev.clicksim.cli;

import dev.clicksim.report.AccountingSummary;
import dev.clicksim.report.CampaignSummary;
import dev.clicksim.report.DisplayText;
import dev.clicksim.report.SloResult;
import dev.clicksim.report.StageClicks;
import dev.clicksim.report.Timeline;
import dev.clicksim.usecase.Verification;
import dev.clicksim.verify.ComparisonResult;
import dev.clicksim.verify.Settler;
import dev.clicksim.verify.WindowVerdict;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Prints a verification's result: the windows, the campaigns, the clicks, the latencies, the SLOs
 * and the verdict.
 */
final class VerificationPrinter {

  /** Which windows are printed. */
  enum ListMode {
    /** Every window up to 60, else the differing ones. */
    auto,
    all,
    mismatched
  }

  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int AUTO_LIST_LIMIT = 60;

  private VerificationPrinter() {}

  static void print(Verification.Result r, ListMode list, PrintWriter out) {
    ComparisonResult result = r.comparison();
    printWindows(r, result, r.info().windowSizeMs(), list, out);
    printCampaignSummary(r.campaigns(), out);
    var info = r.info();
    out.printf(
        "clicks: %,d sent, %,d expected in the table, %,d must be dropped as late, %,d duplicate deliveries; table layout %s%n",
        info.clicksSent(),
        info.clicksExpected(),
        info.clicksDroppedLate(),
        info.duplicates(),
        r.layout());
    printAccounting(r, out);
    printFaults(r, out);
    printLatencies(r, out);
    for (SloResult slo : r.slos()) {
      out.printf(
          "SLO %-26s %-8s threshold %-10s actual %s%n",
          slo.name(), slo.met() ? "met" : "BREACHED", slo.threshold(), slo.actual());
    }
    String settledHow =
        switch (r.settled().reason()) {
          case MATCHED ->
              result.matches()
                  ? "every window matched"
                  : "the table holds what the topic's records make it";
          case QUIET -> "no change for " + r.settings().quietPeriod().toSeconds() + " s";
          case TIMEOUT -> "timed out after " + r.settings().settleTimeout().toSeconds() + " s";
        };
    long matched = result.count(WindowVerdict.Kind.MATCHED);
    int total = result.verdicts().size();
    double seconds = r.waited().toNanos() / 1e9;
    if (result.matches()) {
      out.printf(
          "VERDICT: MATCH - %d of %d windows matched (settled in %.1f s: %s)%n",
          matched, total, seconds, settledHow);
    } else {
      out.printf(
          "VERDICT: MISMATCH - %d of %d windows differ: %s (settled in %.1f s: %s)%n",
          total - matched, total, summarize(result), seconds, settledHow);
      if (r.settled().reason() == Settler.Reason.TIMEOUT) {
        List<String> stillShort =
            result.mismatches().stream()
                .filter(
                    v ->
                        v.kind() == WindowVerdict.Kind.MISSING_WINDOW
                            || v.kind() == WindowVerdict.Kind.LOST_CLICKS)
                .limit(5)
                .map(
                    v ->
                        DisplayText.campaignId(v.campaignId())
                            + " "
                            + START.format(Instant.ofEpochMilli(v.windowStartMs())))
                .collect(Collectors.toList());
        out.println(
            "windows still short at the timeout: "
                + (stillShort.isEmpty() ? "none" : String.join(", ", stillShort)));
      }
      if (r.outcome().countsAccepted()) {
        out.printf("(within --min-match %s)%n", r.settings().minMatch());
      }
    }
    out.flush();
  }

  /** Writes the reports after the verdict is on screen, then says where they are. */
  static void writeReports(Verification.Result r, PrintWriter out) {
    out.println(
        "report: "
            + Verification.writeReports(r)
            + " (with verify.json, junit.xml and the latency files beside it)");
    out.flush();
  }

  private static void printLatencies(Verification.Result r, PrintWriter out) {
    if (r.latencies().isEmpty()) {
      out.println("latency: none recorded for this run (it was not sent by clicksim run)");
      return;
    }
    for (String tag : Verification.LATENCY_TAGS) {
      String name = Verification.LATENCY_NAMES.get(tag);
      Histogram h = r.latencies().get(tag);
      if (h == null) {
        out.printf("latency %-30s not measured%n", name);
        continue;
      }
      out.printf(
          Locale.ROOT,
          "latency %-30s n=%,d  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
          name,
          h.getTotalCount(),
          Verification.ms(h.getValueAtPercentile(50)),
          Verification.ms(h.getValueAtPercentile(90)),
          Verification.ms(h.getValueAtPercentile(99)),
          Verification.ms(h.getValueAtPercentile(99.9)),
          Verification.ms(h.getMaxValue()));
    }
    out.printf(
        "latency method: one host clock (System.nanoTime); acks timed in the producer callback; the table polled every %d ms,"
            + " so window completion and click visibility are known to within one poll interval%n",
        r.settings().pollInterval().toMillis());
  }

  private static String summarize(ComparisonResult result) {
    String kinds =
        result.countsByKind().entrySet().stream()
            .filter(e -> e.getKey() != WindowVerdict.Kind.MATCHED && e.getValue() > 0)
            .map(e -> e.getValue() + " " + Verification.kindName(e.getKey()))
            .collect(Collectors.joining(", "));
    // A window wrong in count and end has its count's class; its wrong end is still counted.
    long alsoWrongEnd = result.wrongEnds() - result.count(WindowVerdict.Kind.WRONG_WINDOW_END);
    return alsoWrongEnd == 0
        ? kinds
        : kinds
            + " ("
            + alsoWrongEnd
            + (alsoWrongEnd == 1 ? " of them also has" : " of them also have")
            + " a wrong window end)";
  }

  /** The three-way accounting in a line or two: clicks per stage, bounded and explained windows. */
  private static void printAccounting(Verification.Result r, PrintWriter out) {
    AccountingSummary a = r.report().accounting();
    if (a == null) {
      return;
    }
    if (!a.topicRead()) {
      out.println("accounting: " + a.method());
      return;
    }
    String stages =
        a.clicksByStage().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    out.printf(
        Locale.ROOT,
        "accounting: truth, click_events (%,d records read back in %.1f s, %,d of this run) and table:"
            + " %s%s%s%n",
        a.topicRecords(),
        a.readSeconds(),
        a.runRecords(),
        stages.isEmpty() ? "no click lost or added at any stage" : "clicks by stage: " + stages,
        a.lateDropsExplained() == 0
            ? ""
            : "; "
                + a.lateDropsExplained()
                + " windows' late drops explained by the topic's order (other records on the run's"
                + " partitions)",
        a.outputRead() ? "" : "; output topic not read: aggregation and sink are one stage");
    if (!a.boundedWindows().isEmpty()) {
      out.println(
          "accounting: bounded, records from other partitions reach them (either outcome accepted): "
              + String.join(", ", a.boundedWindows()));
    }
  }

  /** A line per fault: what was done, when the table caught up, what it cost. */
  private static void printFaults(Verification.Result r, PrintWriter out) {
    Timeline t = r.report().timeline();
    if (t == null || t.faults().isEmpty()) {
      return;
    }
    t.faults().forEach(f -> out.println(f.describe()));
    if (t.notAttributableWindows() > 0) {
      out.println(
          "faults: not attributable to any fault: "
              + t.notAttributable().stream()
                  .map(StageClicks::describe)
                  .collect(Collectors.joining(", "))
              + " in "
              + t.notAttributableWindows()
              + (t.notAttributableWindows() == 1 ? " window" : " windows"));
    }
  }

  private static void printWindows(
      Verification.Result r,
      ComparisonResult result,
      long windowSizeMs,
      ListMode list,
      PrintWriter out) {
    boolean all =
        switch (list) {
          case all -> true;
          case mismatched -> false;
          case auto -> result.verdicts().size() <= AUTO_LIST_LIMIT;
        };
    List<WindowVerdict> rows = all ? result.verdicts() : result.mismatches();
    if (rows.isEmpty()) {
      return;
    }
    List<String> ids = rows.stream().map(v -> DisplayText.campaignId(v.campaignId())).toList();
    List<String> windows =
        rows.stream()
            .map(v -> DisplayText.window(v.windowStartMs(), v.windowEndMs(), windowSizeMs))
            .toList();
    int idWidth = Math.max(8, ids.stream().mapToInt(String::length).max().orElse(8));
    int windowWidth = Math.max(32, windows.stream().mapToInt(String::length).max().orElse(32));
    String format = "  %-" + idWidth + "s  %-" + windowWidth + "s";
    out.printf(
        format + " %9s %9s %7s  %s%n",
        "campaign",
        "window (UTC)",
        "expected",
        "observed",
        "diff",
        "verdict");
    for (int i = 0; i < rows.size(); i++) {
      WindowVerdict v = rows.get(i);
      out.printf(
          format + " %9d %9s %+7d  %s%n",
          ids.get(i),
          windows.get(i),
          v.expected(),
          v.observed() == null ? "-" : v.observed().toString(),
          v.difference(),
          Verification.verdictText(v));
      String attribution = attribution(r, v);
      if (attribution != null) {
        out.println("      " + attribution);
      }
    }
    if (!all) {
      out.println(
          "  ("
              + (result.verdicts().size() - rows.size())
              + " matched windows not listed; --list all shows them)");
    }
  }

  /** The window's stages ("stage sink: 4 clicks added by the sink ..."), or its note, or null. */
  private static String attribution(Verification.Result r, WindowVerdict v) {
    if (r.accounting() == null) {
      return null;
    }
    int i = r.comparison().verdicts().indexOf(v);
    if (i < 0) {
      return null;
    }
    var a = r.accounting().windows().get(i);
    if (!a.findings().isEmpty()) {
      return "stage " + a.stage().text() + ": " + a.describeFindings();
    }
    return a.note();
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
        out.printf(
            "  %-30s %d of %d windows matched, %,d clicks expected, %,d observed%n",
            DisplayText.campaignId(c.campaignId()),
            c.matched(),
            c.windows(),
            c.expected(),
            c.observed());
      }
    }
  }
}
