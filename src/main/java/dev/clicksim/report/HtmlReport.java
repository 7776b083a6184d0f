package dev.clicksim.report;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no fetches) that
 * explains a verification to someone who was not at the terminal.
 */
public final class HtmlReport {

  public static final String FILE = "report.html";
  static final int MAX_DIFFERING_ROWS = 500;
  static final int MAX_CAMPAIGN_ROWS = 2000;
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /** Writes {@code runDir/report.html} and returns its path. */
  public static Path write(VerificationReport report, Path runDir) {
    Path file = runDir.resolve(FILE);
    try {
      Files.writeString(file, render(report), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The three-way accounting: what the topic read-back found, clicks per stage. */
  private static void accounting(StringBuilder h, AccountingSummary a) {
    if (a == null) {
      return;
    }
    h.append("<section><h2>Accounting: truth, topic, table</h2>\n<p class=\"note\">")
        .append(esc(a.method()))
        .append("</p>\n");
    if (!a.topicRead()) {
      h.append("</section>\n");
      return;
    }
    h.append("<div class=\"scroll\"><table class=\"num\"><thead><tr><th class=\"text\">stage</th>")
        .append("<th>clicks lost or added</th></tr></thead><tbody>\n");
    a.clicksByStage()
        .forEach(
            (stage, clicks) ->
                h.append("<tr")
                    .append(clicks == 0 ? "" : " class=\"bad\"")
                    .append("><td class=\"text\">")
                    .append(esc(stage))
                    .append("</td><td>")
                    .append(fmt(clicks))
                    .append("</td></tr>\n"));
    h.append("</tbody></table></div>\n<p class=\"note\">")
        .append(fmt(a.topicRecords()))
        .append(" records of click_events read back (")
        .append(fmt(a.runRecords()))
        .append(" of this run) in ")
        .append(String.format(Locale.ROOT, "%.1f s", a.readSeconds()))
        .append("; ")
        .append(fmt(a.lateDropsExplained()))
        .append(
            " window(s) with late drops the generated truth did not predict, explained by the topic's order")
        .append(
            a.boundedWindows().isEmpty()
                ? ""
                : "; bounded (records from other partitions reach them, either outcome accepted): "
                    + esc(String.join(", ", a.boundedWindows())))
        .append(
            a.outputRead()
                ? ""
                : "; the output topic was not read, so the aggregation and the sink are one stage")
        .append(".</p>\n</section>\n");
  }

  /** The faults of the run: the window-completion chart with each marked, and what each cost. */
  private static void timeline(StringBuilder h, Timeline t) {
    if (t == null || (t.faults().isEmpty() && t.windowCompletion().isEmpty())) {
      return;
    }
    h.append("<section id=\"faults\"><h2>")
        .append(t.faults().isEmpty() ? "Window completion over the run" : "Faults and recovery")
        .append("</h2>\n<p class=\"note\">")
        .append(esc(t.method()))
        .append("</p>\n<figure>")
        .append(Charts.windowCompletion(t))
        .append("</figure>\n");
    if (!t.faults().isEmpty()) {
      h.append(
              "<div class=\"scroll\"><table class=\"num faults\"><thead><tr><th>#</th><th class=\"text\">fault</th>")
          .append(
              "<th class=\"text\">fired at</th><th class=\"text\">what was done</th><th>recovery</th>")
          .append(
              "<th>clicks lost</th><th>clicks added</th><th class=\"text\">by stage</th></tr></thead><tbody>\n");
      for (FaultRow f : t.faults()) {
        boolean bad = f.failed() || f.clicksLost() > 0 || f.clicksAdded() > 0;
        h.append("<tr")
            .append(bad ? " class=\"bad\"" : "")
            .append(" data-fault=\"")
            .append(f.number())
            .append("\"><td>")
            .append(f.number())
            .append("</td><td class=\"text\"><code>")
            .append(esc(f.fault()))
            .append("</code></td><td class=\"text when\">")
            .append(f.firedAt() == null ? "" : esc(UTC.format(f.firedAt())) + "<br>")
            .append(
                esc(
                    String.format(
                        Locale.ROOT,
                        "+%.1f s, scenario %s",
                        f.firedSeconds(),
                        duration(f.scenarioOffsetMs()))))
            .append("</td><td class=\"text\">")
            .append(f.failed() ? "<strong>FAILED:</strong> " : "")
            .append(esc(f.what()))
            .append("</td><td")
            .append(f.recoverySeconds() == null ? " class=\"text\"" : "")
            .append(">")
            .append(
                f.recoverySeconds() == null
                    ? esc(f.recoveryProblem())
                    : String.format(Locale.ROOT, "%.1f s", f.recoverySeconds()))
            .append("</td><td>")
            .append(fmt(f.clicksLost()))
            .append("</td><td>")
            .append(fmt(f.clicksAdded()))
            .append("</td><td class=\"text\">")
            .append(esc(f.costText()))
            .append(
                f.windowExamples().isEmpty()
                    ? ""
                    : "<br><span class=\"method\">"
                        + esc(String.join(", ", f.windowExamples()))
                        + "</span>")
            .append("</td></tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("<p class=\"note\">")
        .append(
            t.notAttributableWindows() == 0
                ? "Every differing window is attributed to a fault, or none differs."
                : esc(
                    "Not attributable to any fault: "
                        + t.notAttributable().stream()
                            .map(StageClicks::describe)
                            .collect(java.util.stream.Collectors.joining(", "))
                        + " in "
                        + t.notAttributableWindows()
                        + (t.notAttributableWindows() == 1 ? " window." : " windows.")))
        .append("</p>\n</section>\n");
  }

  public static String render(VerificationReport r) {
    RunSummary run = r.run();
    List<WindowRow> differing = r.differingWindows();
    long matched = r.windows().size() - differing.size();
    long observed =
        r.windows().stream().mapToLong(w -> w.observed() == null ? 0 : w.observed()).sum();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>clicksim ")
        .append(esc(r.verdict()))
        .append(" · ")
        .append(esc(run.scenario()))
        .append(" · ")
        .append(esc(run.runId()))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");

    h.append("<header>\n<div class=\"title\"><h1>clicksim verification: ")
        .append(esc(run.scenario()))
        .append("</h1>\n")
        .append("<p class=\"sub\">run <code>")
        .append(esc(run.runId()))
        .append("</code>, table <code>")
        .append(esc(r.table()))
        .append("</code> (")
        .append(esc(r.layout()))
        .append(" layout)")
        .append(
            r.generatedAt() == null
                ? ""
                : ", verified " + UTC.format(r.generatedAt().truncatedTo(ChronoUnit.SECONDS)))
        .append("</p></div>\n<div id=\"verdict\" class=\"verdict ")
        .append(verdictClass(r.verdict()))
        .append("\">")
        .append("<span class=\"word\">")
        .append(esc(r.verdict()))
        .append("</span><span class=\"why\">")
        .append(esc(verdictMeaning(r, differing.size())))
        .append(" · exit code ")
        .append(r.exitCode())
        .append("</span></div>\n</header>\n");

    h.append("<section class=\"figures\">\n");
    figure(
        h,
        "windows matched",
        fmt(matched) + " / " + fmt(r.windows().size()),
        differing.isEmpty() ? "" : "bad");
    figure(h, "clicks expected", fmt(run.clicksExpected()), "");
    figure(h, "clicks counted", fmt(observed), observed == run.clicksExpected() ? "" : "bad");
    figure(h, "clicks sent", fmt(run.clicksSent()), "");
    figure(h, "dropped as late", fmt(run.clicksDroppedLate()), "");
    figure(h, "duplicates sent", fmt(run.duplicates()), "");
    h.append("</section>\n");

    if (!r.slos().isEmpty()) {
      h.append(
              "<section><h2>Service-level objectives</h2>\n<div class=\"scroll\"><table class=\"slo\"><thead><tr><th>objective</th><th>threshold</th>")
          .append("<th>actual</th><th>result</th></tr></thead><tbody>\n");
      for (SloResult s : r.slos()) {
        h.append("<tr class=\"")
            .append(s.met() ? "ok" : "bad")
            .append("\"><td>")
            .append(esc(s.name()))
            .append("</td><td>")
            .append(esc(s.threshold()))
            .append("</td><td>")
            .append(esc(s.actual()))
            .append("</td><td>")
            .append(s.met() ? "met" : "BREACHED")
            .append("</td></tr>\n");
      }
      h.append("</tbody></table></div></section>\n");
    }

    List<String> panels = Charts.countPanels(r);
    long campaigns = r.windows().stream().map(WindowRow::campaignId).distinct().count();
    h.append(
            "<section><h2>Expected and observed clicks per window</h2>\n<p class=\"note\">One panel per campaign: the grey ")
        .append(
            "steps are the count the truth expects for each window, the blue line on the same steps the count PostgreSQL ")
        .append(
            "holds, so a window that matches has the blue line on the grey edge; a window that differs is shaded red with ")
        .append("a red dot at its count (a cross where the window is absent). Window size ")
        .append(duration(run.windowSizeMs()))
        .append(", grace ")
        .append(duration(run.graceMs()))
        .append("; each panel has its own vertical scale.");
    if (panels.size() < campaigns) {
      h.append(" <strong>Showing ")
          .append(panels.size())
          .append(" of ")
          .append(campaigns)
          .append(
              " campaigns</strong>: those with differing windows first, then the busiest; every campaign is in the table at the end.");
    }
    h.append("</p>\n<figure>").append(Charts.counts(r, panels)).append("</figure>\n</section>\n");

    h.append(
            "<section><h2>Latency</h2>\n<p class=\"note\">Percentile curves as HdrHistogram plots them: the horizontal axis ")
        .append(
            "stretches the tail (90%, 99%, 99.9% are evenly spaced), so a stall shows as the curve rising at the right.</p>\n")
        .append("<figure>")
        .append(Charts.latency(r.latencies()))
        .append("</figure>\n");
    if (!r.latencies().isEmpty()) {
      h.append(
              "<div class=\"scroll\"><table class=\"num\"><thead><tr><th>measure</th><th>samples</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>")
          .append("<th>max</th><th class=\"text\">what and how</th></tr></thead><tbody>\n");
      for (LatencySummary l : r.latencies()) {
        h.append("<tr><td class=\"text\">")
            .append(esc(l.name()))
            .append("</td><td>")
            .append(fmt(l.count()))
            .append("</td><td>")
            .append(Charts.ms(l.p50Ms()))
            .append("</td><td>")
            .append(Charts.ms(l.p90Ms()))
            .append("</td><td>")
            .append(Charts.ms(l.p99Ms()))
            .append("</td><td>")
            .append(Charts.ms(l.p999Ms()))
            .append("</td><td>")
            .append(Charts.ms(l.maxMs()))
            .append("</td><td class=\"text\">")
            .append(esc(nz(l.description())))
            .append("<br><span class=\"method\">")
            .append(esc(nz(l.method())))
            .append("</span></td></tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("</section>\n");

    h.append(
            "<section><h2>Send rate</h2>\n<p class=\"note\">Clicks the generator sent per second (blue) against the rate the ")
        .append(
            "scenario asked for (dashed). A sent line below the target means the sender or the broker could not keep up; ")
        .append("ack latency from the intended send time includes that delay.")
        .append(
            r.timeline() == null || r.timeline().faults().isEmpty()
                ? ""
                : " Each fault is a dashed purple line where it fired, shaded until the table caught up.")
        .append("</p>\n<figure>")
        .append(
            Charts.sendRate(r.sendRate(), r.timeline() == null ? List.of() : r.timeline().faults()))
        .append("</figure>\n</section>\n");
    timeline(h, r.timeline());

    h.append("<section><h2>Differing windows</h2>\n");
    if (differing.isEmpty()) {
      h.append("<p class=\"note\">None: every window's count and end equal the truth.</p>\n");
    } else {
      h.append("<p class=\"note\">").append(fmt(differing.size())).append(" window(s) differ");
      if (differing.size() > MAX_DIFFERING_ROWS) {
        h.append("; the first ")
            .append(MAX_DIFFERING_ROWS)
            .append(" are listed, verify.json has them all");
      }
      h.append(". Difference is observed minus expected; an absent window counts as 0.</p>\n")
          .append(
              "<div class=\"scroll\"><table class=\"num\"><thead><tr><th class=\"text\">campaign</th><th class=\"text\">window (UTC)</th>")
          .append(
              "<th>expected</th><th>observed</th><th>difference</th><th class=\"text\">class</th><th class=\"text\">stage</th></tr></thead><tbody>\n");
      for (WindowRow w : differing.subList(0, Math.min(differing.size(), MAX_DIFFERING_ROWS))) {
        h.append("<tr><td class=\"text\">")
            .append(esc(DisplayText.campaignId(w.campaignId())))
            .append("</td><td class=\"text when\">")
            .append(esc(JUnitXml.window(w, run.windowSizeMs())))
            .append("</td><td>")
            .append(fmt(w.expected()))
            .append("</td><td>")
            .append(w.observed() == null ? "<em>absent</em>" : fmt(w.observed()))
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%+,d", w.difference()))
            .append("</td><td class=\"text\"><span class=\"kind\">")
            .append(esc(w.verdictText()))
            .append("</span></td><td class=\"text\">")
            .append(w.attribution() == null ? "" : esc(w.attribution()))
            .append("</td></tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("</section>\n");
    accounting(h, r.accounting());

    h.append(
            "<section><h2>Campaigns</h2>\n<div class=\"scroll\"><table class=\"num\"><thead><tr><th class=\"text\">campaign</th><th>windows</th>")
        .append(
            "<th>matched</th><th>differing</th><th>expected clicks</th><th>observed clicks</th><th>difference</th></tr></thead><tbody>\n");
    List<CampaignSummary> cs = r.campaigns();
    for (CampaignSummary c : cs.subList(0, Math.min(cs.size(), MAX_CAMPAIGN_ROWS))) {
      h.append("<tr")
          .append(c.allMatched() ? "" : " class=\"bad\"")
          .append("><td class=\"text\">")
          .append(esc(DisplayText.campaignId(c.campaignId())))
          .append("</td><td>")
          .append(fmt(c.windows()))
          .append("</td><td>")
          .append(fmt(c.matched()))
          .append("</td><td>")
          .append(fmt(c.windows() - c.matched()))
          .append("</td><td>")
          .append(fmt(c.expected()))
          .append("</td><td>")
          .append(fmt(c.observed()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%+,d", c.observed() - c.expected()))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n");
    if (cs.size() > MAX_CAMPAIGN_ROWS) {
      h.append("<p class=\"note\">The first ")
          .append(MAX_CAMPAIGN_ROWS)
          .append(" of ")
          .append(fmt(cs.size()))
          .append(" campaigns are listed; verify.json has them all.</p>\n");
    }
    h.append("</section>\n");

    h.append("<section><h2>Run</h2>\n<div class=\"scroll\"><table class=\"kv\"><tbody>\n");
    kv(h, "run id", run.runId());
    kv(h, "scenario", run.scenario());
    kv(h, "seed", Long.toString(run.seed()));
    kv(h, "event-time anchor", run.anchor() == null ? "" : UTC.format(run.anchor()));
    kv(h, "campaign prefix", run.campaignPrefix());
    kv(h, "window size", duration(run.windowSizeMs()));
    kv(h, "grace", duration(run.graceMs()));
    kv(h, "target", run.target());
    kv(h, "table", r.table() + " (" + r.layout() + ")");
    for (Map.Entry<String, String> e : run.settings().entrySet()) {
      kv(h, e.getKey(), e.getValue());
    }
    h.append("</tbody></table></div>\n</section>\n");
    h.append(
            "<footer>Generated by clicksim from verify.json; regenerate with <code>clicksim report --run DIR</code>.</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void figure(StringBuilder h, String label, String value, String cls) {
    h.append("<div class=\"figure ")
        .append(cls)
        .append("\"><div class=\"value\">")
        .append(esc(value))
        .append("</div><div class=\"label\">")
        .append(esc(label))
        .append("</div></div>\n");
  }

  private static void kv(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(nz(value)))
        .append("</td></tr>\n");
  }

  static String verdictClass(String verdict) {
    return switch (verdict) {
      case VerificationReport.MATCH -> "v-match";
      case VerificationReport.MISMATCH -> "v-mismatch";
      case VerificationReport.SLO_BREACHED -> "v-slo";
      case VerificationReport.TIMEOUT -> "v-timeout";
      default -> "v-other";
    };
  }

  private static String verdictMeaning(VerificationReport r, int differing) {
    return switch (r.verdict()) {
      case VerificationReport.MATCH -> "every window's count equals the truth";
      case VerificationReport.MISMATCH ->
          fmt(differing) + " of " + fmt(r.windows().size()) + " windows differ from the truth";
      case VerificationReport.SLO_BREACHED ->
          r.slos().stream().filter(s -> !s.met()).count() + " objective(s) breached";
      case VerificationReport.TIMEOUT ->
          "the table did not settle in time; " + fmt(differing) + " window(s) still differ";
      default -> "";
    };
  }

  static String duration(long ms) {
    Duration d = Duration.ofMillis(ms);
    if (ms % 60_000 == 0 && ms > 0) {
      return d.toMinutes() + " min";
    }
    if (ms % 1000 == 0) {
      return d.toSeconds() + " s";
    }
    return ms + " ms";
  }

  private static String fmt(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * Escapes text for HTML element content and quoted attributes; drops characters HTML cannot
   * carry.
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  private static final String CSS =
      """
      :root{--fg:#24292f;--muted:#57606a;--line:#d0d7de;--bad:#cf222e;--ok:#1a7f37}
      *{box-sizing:border-box}
      body{margin:0;background:#f6f8fa;color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
      main{max-width:1240px;margin:0 auto;padding:20px}
      header{display:flex;gap:20px;align-items:stretch;justify-content:space-between;flex-wrap:wrap;margin-bottom:16px}
      h1{font-size:24px;margin:0 0 4px}
      h2{font-size:18px;margin:0 0 8px}
      .sub,.note{color:var(--muted);margin:0 0 10px}
      code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
      .verdict{color:#fff;border-radius:8px;padding:10px 18px;min-width:260px;display:flex;flex-direction:column;justify-content:center}
      .verdict .word{font-size:28px;font-weight:700;letter-spacing:.04em}
      .verdict .why{font-size:13px;opacity:.95}
      .v-match{background:#1a7f37}.v-mismatch{background:#cf222e}.v-slo{background:#bc4c00}.v-timeout{background:#8250df}.v-other{background:#57606a}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}
      section.figures{display:flex;flex-wrap:wrap;gap:12px;background:none;border:0;padding:0}
      .figure{flex:1 1 auto;min-width:150px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
      .figure .value{white-space:nowrap;font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
      .figure .label{color:var(--muted);font-size:12px}
      .figure.bad .value{color:var(--bad)}
      figure{margin:0;overflow-x:auto}
      svg{display:block;max-width:100%;height:auto}
      .scroll{overflow-x:auto}
      .scroll>table.num{min-width:560px}
      table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
      th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
      thead th{text-align:right;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
      table.num td{text-align:right;white-space:nowrap}
      table.num td.text{white-space:normal}
      table.num .text,table.num th.text{text-align:left}
      table.num td.when{white-space:nowrap}
      table.kv th{text-align:left;color:var(--muted);font-weight:500;width:220px}
      table.slo td,table.slo th{text-align:left}
      tr.bad td{color:var(--bad)}
      tr.ok td:last-child{color:var(--ok);font-weight:600}
      tr.bad td:last-child{font-weight:600}
      .kind{background:#ffebe9;color:#82071e;border-radius:10px;padding:0 8px;white-space:nowrap}
      .method{color:var(--muted);font-size:12px}
      footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}
      /* A phone: charts keep a readable size and scroll sideways, as wide tables do. */
      @media (max-width:720px){
      main{padding:10px}
      section{padding:12px}
      figure>svg{max-width:none;width:1000px}
      table.kv th{width:auto}
      }
      """;
}
