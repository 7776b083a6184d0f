package dev.clicksim.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's charts as inline SVG, drawn here so the page needs neither scripts nor network. Each
 * chart is one {@code <svg data-chart=...>} scaled to the page width through its viewBox.
 */
final class Charts {

  static final int MAX_COUNT_PANELS = 12;
  static final String EXPECTED_FILL = "#d0d7de";
  static final String EXPECTED_STROKE = "#8c959f";
  static final String OBSERVED = "#0969da";
  static final String DIFFERS = "#cf222e";
  static final String TARGET = "#bc4c00";
  private static final String[] LATENCY_COLOURS = {
    "#0969da", "#8250df", "#1a7f37", "#bc4c00", "#bf3989", "#57606a"
  };
  private static final int WIDTH = 1200;
  private static final String FONT =
      "font-family=\"system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif\"";
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final long[] TIME_STEPS_MS = {
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000
  };

  private Charts() {}

  /**
   * The campaigns drawn as small multiples: those with differing windows first, then the most
   * clicks.
   */
  static List<String> countPanels(VerificationReport report) {
    Map<String, long[]> byCampaign = new LinkedHashMap<>();
    for (WindowRow w : report.windows()) {
      long[] a = byCampaign.computeIfAbsent(w.campaignId(), k -> new long[2]);
      a[0] += w.matched() ? 0 : 1;
      a[1] += Math.max(w.expected(), w.observed() == null ? 0 : w.observed());
    }
    return byCampaign.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0] > 0 ? 0 : 1)
                .thenComparing(e -> -e.getValue()[1])
                .thenComparing(Map.Entry::getKey))
        .limit(MAX_COUNT_PANELS)
        .map(Map.Entry::getKey)
        .toList();
  }

  static String counts(VerificationReport report, List<String> campaigns) {
    int cols = 3;
    int panelW = WIDTH / cols;
    int panelH = 204;
    int rows = Math.max(1, (campaigns.size() + cols - 1) / cols);
    int legendH = 34;
    int height = legendH + rows * panelH;
    StringBuilder s =
        svgStart(
            "counts",
            height,
            "Expected and observed clicks per window for " + campaigns.size() + " campaigns");
    legend(
        s,
        10,
        20,
        new String[][] {
          {"area", EXPECTED_FILL, "expected (truth)"},
          {"line", OBSERVED, "observed (PostgreSQL): on the area's edge where it matches"},
          {"mark", DIFFERS, "window differs (x = absent)"}
        });
    if (campaigns.isEmpty()) {
      noData(s, WIDTH / 2, legendH + 80, "no windows were compared");
      return s.append("</svg>").toString();
    }
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    for (WindowRow w : report.windows()) {
      t0 = Math.min(t0, w.windowStartMs());
      t1 = Math.max(t1, w.windowEndMs());
    }
    Map<String, List<WindowRow>> rowsOf = new LinkedHashMap<>();
    campaigns.forEach(c -> rowsOf.put(c, new ArrayList<>()));
    for (WindowRow w : report.windows()) {
      List<WindowRow> l = rowsOf.get(w.campaignId());
      if (l != null) {
        l.add(w);
      }
    }
    for (int i = 0; i < campaigns.size(); i++) {
      String id = campaigns.get(i);
      List<WindowRow> ws = rowsOf.get(id);
      ws.sort(Comparator.comparingLong(WindowRow::windowStartMs));
      countPanel(
          s,
          id,
          ws,
          report.run().windowSizeMs(),
          t0,
          t1,
          (i % cols) * panelW,
          legendH + (i / cols) * panelH,
          panelW,
          panelH);
    }
    return s.append("</svg>").toString();
  }

  private static void countPanel(
      StringBuilder s,
      String id,
      List<WindowRow> ws,
      long windowSizeMs,
      long t0,
      long t1,
      int ox,
      int oy,
      int w,
      int h) {
    int left = ox + 48;
    int right = ox + w - 14;
    int top = oy + 44;
    int bottom = oy + h - 36;
    long differ = ws.stream().filter(r -> !r.matched()).count();
    long max = 1;
    for (WindowRow r : ws) {
      max = Math.max(max, Math.max(r.expected(), r.observed() == null ? 0 : r.observed()));
    }
    double yMax = niceCeil(max);
    String shownId = DisplayText.campaignId(id);
    s.append("<g class=\"panel\">");
    // The campaign on one line, how its windows compare on the next: long ids cannot run into it.
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(oy + 16)
        .append("\" font-size=\"13\" font-weight=\"600\"")
        .append(differ > 0 ? " fill=\"" + DIFFERS + "\"" : "")
        .append("><title>")
        .append(HtmlReport.esc(shownId))
        .append("</title>")
        .append(HtmlReport.esc(ellipsizeMiddle(shownId, (right - left) / 8)))
        .append("</text>");
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(oy + 32)
        .append("\" font-size=\"11\" fill=\"")
        .append(differ > 0 ? DIFFERS : "#57606a")
        .append("\">")
        .append(
            differ > 0
                ? differ + " of " + ws.size() + " windows differ"
                : "all " + ws.size() + " windows match")
        .append("</text>");
    double step = niceStep(yMax / 3);
    for (double v = 0; v <= yMax + 1e-9; v += step) {
      double y = scale(v, 0, yMax, bottom, top);
      s.append("<line x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(right)
          .append("\" y1=\"")
          .append(n(y))
          .append("\" y2=\"")
          .append(n(y))
          .append("\" stroke=\"#eaeef2\"/>");
      s.append("<text x=\"")
          .append(left - 4)
          .append("\" y=\"")
          .append(n(y + 4))
          .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">")
          .append(num(v))
          .append("</text>");
    }
    long tStep = timeStep(t1 - t0, 4);
    for (long t = ceilTo(t0, tStep); t <= t1; t += tStep) {
      double x = scale(t, t0, t1, left, right);
      s.append("<line x1=\"")
          .append(n(x))
          .append("\" x2=\"")
          .append(n(x))
          .append("\" y1=\"")
          .append(bottom)
          .append("\" y2=\"")
          .append(bottom + 4)
          .append("\" stroke=\"#57606a\"/>");
      s.append("<text x=\"")
          .append(n(x))
          .append("\" y=\"")
          .append(bottom + 16)
          .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">")
          .append(HH_MM.format(Instant.ofEpochMilli(t)))
          .append("</text>");
    }
    s.append("<text x=\"")
        .append((left + right) / 2)
        .append("\" y=\"")
        .append(bottom + 30)
        .append(
            "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">window start (UTC)</text>");
    s.append("<text transform=\"translate(")
        .append(ox + 12)
        .append(' ')
        .append((top + bottom) / 2)
        .append(
            ") rotate(-90)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">clicks</text>");
    // Expected as a step area: one path, dropping to zero where the campaign has no window.
    StringBuilder area = new StringBuilder();
    long prevEnd = Long.MIN_VALUE;
    for (WindowRow r : ws) {
      double x0 = scale(r.windowStartMs(), t0, t1, left, right);
      double x1 = scale(r.windowEndMs(), t0, t1, left, right);
      double y = scale(r.expected(), 0, yMax, bottom, top);
      if (r.windowStartMs() != prevEnd) {
        if (area.length() > 0) {
          area.append("V").append(bottom);
        }
        area.append("M").append(n(x0)).append(' ').append(bottom);
      }
      area.append("V").append(n(y)).append("H").append(n(x1));
      prevEnd = r.windowEndMs();
    }
    if (area.length() > 0) {
      area.append("V").append(bottom);
      s.append("<path d=\"")
          .append(area)
          .append("\" fill=\"")
          .append(EXPECTED_FILL)
          .append("\" stroke=\"")
          .append(EXPECTED_STROKE)
          .append("\" stroke-width=\"0.6\"/>");
    }
    // A differing window is shaded from top to bottom, so it is found at a glance.
    for (WindowRow r : ws) {
      if (!r.matched()) {
        double x0 = scale(r.windowStartMs(), t0, t1, left, right);
        double x1 = scale(r.windowEndMs(), t0, t1, left, right);
        double bandW = Math.max(x1 - x0, 4);
        s.append("<rect class=\"differs\" x=\"")
            .append(n((x0 + x1 - bandW) / 2))
            .append("\" y=\"")
            .append(top)
            .append("\" width=\"")
            .append(n(bandW))
            .append("\" height=\"")
            .append(bottom - top)
            .append("\" fill=\"")
            .append(DIFFERS)
            .append("\" fill-opacity=\"0.12\"/>");
      }
    }
    // Observed on the same steps as expected: where a window matches, the line lies on the area's
    // edge. The line breaks where the database has no row.
    StringBuilder line = new StringBuilder();
    boolean pen = false;
    long prevObservedEnd = Long.MIN_VALUE;
    for (WindowRow r : ws) {
      if (r.observed() == null) {
        pen = false;
        continue;
      }
      double x0 = scale(r.windowStartMs(), t0, t1, left, right);
      double x1 = scale(r.windowEndMs(), t0, t1, left, right);
      String y = n(scale(r.observed(), 0, yMax, bottom, top));
      if (pen && r.windowStartMs() == prevObservedEnd) {
        line.append("V").append(y);
      } else {
        line.append("M").append(n(x0)).append(' ').append(y);
      }
      line.append("H").append(n(x1));
      pen = true;
      prevObservedEnd = r.windowEndMs();
    }
    if (line.length() > 0) {
      s.append("<path class=\"observed\" d=\"")
          .append(line)
          .append("\" fill=\"none\" stroke=\"")
          .append(OBSERVED)
          .append("\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>");
    }
    for (WindowRow r : ws) {
      if (r.matched()) {
        continue;
      }
      double x = scale((r.windowStartMs() + r.windowEndMs()) / 2.0, t0, t1, left, right);
      String tip =
          HtmlReport.esc(
              shownId
                  + " "
                  + DisplayText.window(r.windowStartMs(), r.windowEndMs(), windowSizeMs)
                  + " UTC: expected "
                  + r.expected()
                  + ", observed "
                  + (r.observed() == null ? "absent" : r.observed())
                  + " ("
                  + r.verdictText()
                  + ")");
      if (r.observed() == null) {
        double y = bottom - 5;
        s.append("<path d=\"M")
            .append(n(x - 4))
            .append(' ')
            .append(n(y - 4))
            .append("l8 8m0 -8l-8 8\" stroke=\"")
            .append(DIFFERS)
            .append("\" stroke-width=\"2\"><title>")
            .append(tip)
            .append("</title></path>");
      } else {
        double y = scale(r.observed(), 0, yMax, bottom, top);
        s.append("<circle cx=\"")
            .append(n(x))
            .append("\" cy=\"")
            .append(n(y))
            .append("\" r=\"3.5\" fill=\"")
            .append(DIFFERS)
            .append("\"><title>")
            .append(tip)
            .append("</title></circle>");
      }
    }
    s.append("<line x1=\"")
        .append(left)
        .append("\" x2=\"")
        .append(right)
        .append("\" y1=\"")
        .append(bottom)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#57606a\"/>");
    s.append("</g>");
  }

  static String latency(List<LatencySummary> latencies) {
    int cols = 2;
    int panelW = WIDTH / cols;
    int panelH = 310;
    int rows = Math.max(1, (latencies.size() + cols - 1) / cols);
    StringBuilder s = svgStart("latency", rows * panelH + 10, "Latency percentile curves");
    if (latencies.isEmpty()) {
      noData(s, WIDTH / 2, 80, "no latency was measured");
      return s.append("</svg>").toString();
    }
    for (int i = 0; i < latencies.size(); i++) {
      latencyPanel(
          s,
          latencies.get(i),
          LATENCY_COLOURS[i % LATENCY_COLOURS.length],
          (i % cols) * panelW,
          (i / cols) * panelH,
          panelW,
          panelH);
    }
    return s.append("</svg>").toString();
  }

  private static void latencyPanel(
      StringBuilder s, LatencySummary l, String colour, int ox, int oy, int w, int h) {
    int left = ox + 64;
    int right = ox + w - 20;
    int top = oy + 64;
    int bottom = oy + h - 44;
    s.append("<g class=\"panel\">");
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(oy + 18)
        .append("\" font-size=\"14\" font-weight=\"600\" fill=\"")
        .append(colour)
        .append("\">")
        .append(HtmlReport.esc(l.name()))
        .append("</text>");
    s.append("<text x=\"")
        .append(right)
        .append("\" y=\"")
        .append(oy + 18)
        .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#57606a\">")
        .append("n = ")
        .append(String.format(Locale.ROOT, "%,d", l.count()))
        .append("</text>");
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(oy + 36)
        .append("\" font-size=\"11\" fill=\"#57606a\">")
        .append(HtmlReport.esc(ellipsize(l.description() == null ? "" : l.description(), 80)))
        .append("</text>");
    List<double[]> curve = l.percentileCurve();
    if (curve.isEmpty() || l.count() == 0) {
      noData(s, (left + right) / 2, (top + bottom) / 2, "no samples");
      s.append("</g>");
      return;
    }
    double lastFinite = 0;
    double maxMs = 0;
    for (double[] p : curve) {
      if (p[0] < 100) {
        lastFinite = Math.max(lastFinite, tail(p[0]));
      }
      maxMs = Math.max(maxMs, p[1]);
    }
    int decades = Math.max(1, (int) Math.ceil(lastFinite - 1e-9));
    double xMax = decades + 1; // the max sits one decade beyond the last percentile
    double yMax = niceCeil(maxMs);
    double step = niceStep(yMax / 5);
    for (double v = 0; v <= yMax + 1e-9; v += step) {
      double y = scale(v, 0, yMax, bottom, top);
      s.append("<line x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(right)
          .append("\" y1=\"")
          .append(n(y))
          .append("\" y2=\"")
          .append(n(y))
          .append("\" stroke=\"#eaeef2\"/>");
      s.append("<text x=\"")
          .append(left - 5)
          .append("\" y=\"")
          .append(n(y + 4))
          .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">")
          .append(num(v))
          .append("</text>");
    }
    for (int d = 0; d <= decades + 1; d++) {
      double x = scale(d, 0, xMax, left, right);
      s.append("<line x1=\"")
          .append(n(x))
          .append("\" x2=\"")
          .append(n(x))
          .append("\" y1=\"")
          .append(top)
          .append("\" y2=\"")
          .append(bottom + 4)
          .append("\" stroke=\"#eaeef2\"/>");
      String label = d == decades + 1 ? "max" : percentileLabel(d);
      s.append("<text x=\"")
          .append(n(x))
          .append("\" y=\"")
          .append(bottom + 16)
          .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">")
          .append(label)
          .append("</text>");
    }
    s.append("<text x=\"")
        .append((left + right) / 2)
        .append("\" y=\"")
        .append(bottom + 32)
        .append(
            "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">percentile (log scale: 1/(1-p))</text>");
    s.append("<text transform=\"translate(")
        .append(ox + 16)
        .append(' ')
        .append((top + bottom) / 2)
        .append(
            ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">latency (ms)</text>");
    StringBuilder pts = new StringBuilder();
    for (double[] p : curve) {
      double x = scale(p[0] >= 100 ? xMax : Math.min(tail(p[0]), decades), 0, xMax, left, right);
      pts.append(n(x)).append(',').append(n(scale(p[1], 0, yMax, bottom, top))).append(' ');
    }
    s.append("<polyline points=\"")
        .append(pts.toString().trim())
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
    String figures =
        "p50 "
            + ms(l.p50Ms())
            + " · p90 "
            + ms(l.p90Ms())
            + " · p99 "
            + ms(l.p99Ms())
            + " · p99.9 "
            + ms(l.p999Ms())
            + " · max "
            + ms(l.maxMs());
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(oy + 52)
        .append("\" font-size=\"11\" fill=\"#24292f\">")
        .append(figures)
        .append("</text>");
    axisLines(s, left, right, top, bottom);
    s.append("</g>");
  }

  static String sendRate(List<RatePoint> points) {
    return sendRate(points, List.of());
  }

  /** The send rate, each fault marked where it fired, its recovery shaded. */
  static String sendRate(List<RatePoint> points, List<FaultRow> faults) {
    int height = 340;
    StringBuilder s =
        svgStart(
            "send-rate",
            height,
            "Clicks sent per second over the run, and the scenario's target rate");
    legend(
        s,
        70,
        20,
        new String[][] {
          {"line", OBSERVED, "sent (clicks/s)"}, {"dash", TARGET, "target (clicks/s)"}
        });
    if (points.isEmpty()) {
      noData(s, WIDTH / 2, height / 2, "no send rate was recorded");
      return s.append("</svg>").toString();
    }
    int left = 80;
    int right = WIDTH - 30;
    int top = 40;
    int bottom = height - 50;
    double tMax = faultsEnd(faults);
    double rMax = 1;
    for (RatePoint p : points) {
      tMax = Math.max(tMax, p.secondsSinceStart());
      rMax = Math.max(rMax, Math.max(p.sentPerSecond(), p.targetPerSecond()));
    }
    boolean minutes = tMax > 600;
    double unit = minutes ? 60 : 1;
    double xMax = niceCeil(Math.max(tMax / unit, 1e-9));
    double yMax = niceCeil(rMax);
    gridAndTicks(s, xMax, yMax, left, right, top, bottom);
    s.append("<text x=\"")
        .append((left + right) / 2)
        .append("\" y=\"")
        .append(bottom + 38)
        .append(
            "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">time since the first click was sent (")
        .append(minutes ? "minutes" : "seconds")
        .append(")</text>");
    s.append("<text transform=\"translate(22 ")
        .append((top + bottom) / 2)
        .append(
            ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">clicks per second</text>");
    faultMarkers(s, faults, unit, xMax, left, right, top, bottom);
    if (points.size() == 1) {
      // send-rate.csv has a row per second: a run shorter than that has one row, and a line needs
      // two points.
      RatePoint p = points.get(0);
      double x = scale(p.secondsSinceStart() / unit, 0, xMax, left, right);
      s.append("<circle class=\"target\" cx=\"")
          .append(n(x))
          .append("\" cy=\"")
          .append(n(scale(p.targetPerSecond(), 0, yMax, bottom, top)))
          .append("\" r=\"10\" fill=\"none\" stroke=\"")
          .append(TARGET)
          .append("\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>");
      s.append("<circle class=\"sent\" cx=\"")
          .append(n(x))
          .append("\" cy=\"")
          .append(n(scale(p.sentPerSecond(), 0, yMax, bottom, top)))
          .append("\" r=\"5.5\" fill=\"")
          .append(OBSERVED)
          .append("\"/>");
      // The note stands on the side of the plot away from the points.
      boolean pointOnTheRight = x > (left + right) / 2.0;
      s.append("<text class=\"note\" x=\"")
          .append(pointOnTheRight ? left + 16 : right - 16)
          .append("\" y=\"")
          .append(top + 28)
          .append("\" font-size=\"14\" text-anchor=\"")
          .append(pointOnTheRight ? "start" : "end")
          .append("\" fill=\"#24292f\">")
          .append(
              HtmlReport.esc(
                  String.format(
                      Locale.ROOT,
                      "run shorter than a second: one measurement over %.2f s, %s clicks/s sent,"
                          + " %s clicks/s asked for",
                      p.secondsSinceStart(),
                      num(p.sentPerSecond()),
                      num(p.targetPerSecond()))))
          .append("</text>");
    } else {
      StringBuilder sent = new StringBuilder();
      StringBuilder target = new StringBuilder();
      for (RatePoint p : points) {
        double x = scale(p.secondsSinceStart() / unit, 0, xMax, left, right);
        target
            .append(n(x))
            .append(',')
            .append(n(scale(p.targetPerSecond(), 0, yMax, bottom, top)))
            .append(' ');
        sent.append(n(x))
            .append(',')
            .append(n(scale(p.sentPerSecond(), 0, yMax, bottom, top)))
            .append(' ');
      }
      s.append("<polyline points=\"")
          .append(target.toString().trim())
          .append("\" fill=\"none\" stroke=\"")
          .append(TARGET)
          .append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
      s.append("<polyline points=\"")
          .append(sent.toString().trim())
          .append("\" fill=\"none\" stroke=\"")
          .append(OBSERVED)
          .append("\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>");
    }
    axisLines(s, left, right, top, bottom);
    return s.append("</svg>").toString();
  }

  static final String FAULT = "#6639ba";

  /** The latest time a fault's marker or recovery band needs on a chart, seconds. */
  private static double faultsEnd(List<FaultRow> faults) {
    double t = 0;
    for (FaultRow f : faults) {
      t = Math.max(t, f.firedSeconds());
      if (f.caughtUpSeconds() != null) {
        t = Math.max(t, f.caughtUpSeconds());
      }
    }
    return t;
  }

  /**
   * Each fault as a vertical line where it fired, labelled with its number and what it was, and its
   * recovery (firing to the table's catch-up) as a shaded band.
   */
  private static void faultMarkers(
      StringBuilder s,
      List<FaultRow> faults,
      double unit,
      double xMax,
      int left,
      int right,
      int top,
      int bottom) {
    for (FaultRow f : faults) {
      double x = scale(f.firedSeconds() / unit, 0, xMax, left, right);
      String tip =
          HtmlReport.esc(
              "fault "
                  + f.number()
                  + " "
                  + f.fault()
                  + String.format(Locale.ROOT, " at +%.1f s: ", f.firedSeconds())
                  + f.what()
                  + "; "
                  + f.recoveryText());
      s.append("<g class=\"fault\" data-fault=\"").append(f.number()).append("\">");
      if (f.caughtUpSeconds() != null && f.caughtUpSeconds() > f.firedSeconds()) {
        double x1 = scale(f.caughtUpSeconds() / unit, 0, xMax, left, right);
        s.append("<rect class=\"recovery\" x=\"")
            .append(n(x))
            .append("\" y=\"")
            .append(top)
            .append("\" width=\"")
            .append(n(Math.max(x1 - x, 1)))
            .append("\" height=\"")
            .append(bottom - top)
            .append("\" fill=\"")
            .append(FAULT)
            .append("\" fill-opacity=\"0.10\"/>");
      }
      s.append("<line x1=\"")
          .append(n(x))
          .append("\" x2=\"")
          .append(n(x))
          .append("\" y1=\"")
          .append(top)
          .append("\" y2=\"")
          .append(bottom)
          .append("\" stroke=\"")
          .append(FAULT)
          .append("\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>")
          .append(tip)
          .append("</title></line>");
      boolean labelLeft = x > (left + right) * 0.75;
      s.append("<text class=\"fault-label\" x=\"")
          .append(n(labelLeft ? x - 4 : x + 4))
          .append("\" y=\"")
          .append(top + 12 + 14 * ((f.number() - 1) % 3))
          .append("\" font-size=\"11\" font-weight=\"600\" text-anchor=\"")
          .append(labelLeft ? "end" : "start")
          .append("\" fill=\"")
          .append(FAULT)
          .append("\">")
          .append(HtmlReport.esc(f.number() + " " + f.fault()))
          .append("</text></g>");
    }
  }

  /**
   * Window completion over the run: a dot per window at the acknowledgement of its last click, as
   * high as the table took to show its final count, with the faults marked.
   */
  static String windowCompletion(Timeline timeline) {
    int height = 340;
    List<Timeline.CompletionPoint> points = timeline.windowCompletion();
    List<FaultRow> faults = timeline.faults();
    StringBuilder s =
        svgStart(
            "window-completion",
            height,
            "Window completion over the run: how long each window's final count took to reach the table");
    legend(
        s,
        70,
        20,
        new String[][] {
          {"mark", OBSERVED, "a window: its completion"},
          {"line", FAULT, "a fault fired (shaded: until the table caught up)"}
        });
    if (points.isEmpty() && faults.isEmpty()) {
      noData(s, WIDTH / 2, height / 2, "no window completion was measured");
      return s.append("</svg>").toString();
    }
    int left = 80;
    int right = WIDTH - 30;
    int top = 40;
    int bottom = height - 50;
    double tMax = faultsEnd(faults);
    double yMaxMs = 1;
    for (Timeline.CompletionPoint p : points) {
      tMax = Math.max(tMax, p.lastAckSeconds());
      yMaxMs = Math.max(yMaxMs, p.completionMs());
    }
    boolean minutes = tMax > 600;
    double unit = minutes ? 60 : 1;
    double xMax = niceCeil(Math.max(tMax / unit, 1e-9));
    boolean inSeconds = yMaxMs >= 2000;
    double yUnit = inSeconds ? 1000 : 1;
    double yMax = niceCeil(yMaxMs / yUnit);
    gridAndTicks(s, xMax, yMax, left, right, top, bottom);
    s.append("<text x=\"")
        .append((left + right) / 2)
        .append("\" y=\"")
        .append(bottom + 38)
        .append(
            "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">time since the first click was sent, at the ack of the window's last click (")
        .append(minutes ? "minutes" : "seconds")
        .append(")</text>");
    s.append("<text transform=\"translate(22 ")
        .append((top + bottom) / 2)
        .append(
            ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">window completion (")
        .append(inSeconds ? "s" : "ms")
        .append(")</text>");
    faultMarkers(s, faults, unit, xMax, left, right, top, bottom);
    for (Timeline.CompletionPoint p : points) {
      s.append("<circle class=\"window\" cx=\"")
          .append(n(scale(p.lastAckSeconds() / unit, 0, xMax, left, right)))
          .append("\" cy=\"")
          .append(n(scale(p.completionMs() / yUnit, 0, yMax, bottom, top)))
          .append("\" r=\"2.5\" fill=\"")
          .append(OBSERVED)
          .append("\" fill-opacity=\"0.7\"/>");
    }
    axisLines(s, left, right, top, bottom);
    return s.append("</svg>").toString();
  }

  private static StringBuilder svgStart(String chart, int height, String label) {
    StringBuilder s = new StringBuilder(16_384);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"")
        .append(chart)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"")
        .append(HtmlReport.esc(label))
        .append("\" ")
        .append(FONT)
        .append('>');
    s.append("<title>").append(HtmlReport.esc(label)).append("</title>");
    return s;
  }

  private static void legend(StringBuilder s, int x, int y, String[][] entries) {
    s.append("<g class=\"legend\" font-size=\"12\">");
    int cx = x;
    for (String[] e : entries) {
      switch (e[0]) {
        case "area" ->
            s.append("<rect x=\"")
                .append(cx)
                .append("\" y=\"")
                .append(y - 9)
                .append("\" width=\"18\" height=\"10\" fill=\"")
                .append(e[1])
                .append("\" stroke=\"")
                .append(EXPECTED_STROKE)
                .append("\" stroke-width=\"0.6\"/>");
        case "mark" ->
            s.append("<circle cx=\"")
                .append(cx + 9)
                .append("\" cy=\"")
                .append(y - 4)
                .append("\" r=\"4\" fill=\"")
                .append(e[1])
                .append("\"/>");
        case "dash" ->
            s.append("<line x1=\"")
                .append(cx)
                .append("\" x2=\"")
                .append(cx + 18)
                .append("\" y1=\"")
                .append(y - 4)
                .append("\" y2=\"")
                .append(y - 4)
                .append("\" stroke=\"")
                .append(e[1])
                .append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        default ->
            s.append("<line x1=\"")
                .append(cx)
                .append("\" x2=\"")
                .append(cx + 18)
                .append("\" y1=\"")
                .append(y - 4)
                .append("\" y2=\"")
                .append(y - 4)
                .append("\" stroke=\"")
                .append(e[1])
                .append("\" stroke-width=\"2\"/>");
      }
      s.append("<text x=\"")
          .append(cx + 24)
          .append("\" y=\"")
          .append(y)
          .append("\" fill=\"#24292f\">")
          .append(HtmlReport.esc(e[2]))
          .append("</text>");
      cx += 36 + e[2].length() * 7;
    }
    s.append("</g>");
  }

  private static void noData(StringBuilder s, int x, int y, String text) {
    s.append("<text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" font-size=\"14\" text-anchor=\"middle\" fill=\"#57606a\">")
        .append(HtmlReport.esc(text))
        .append("</text>");
  }

  /** log10(1/(1-p)): 0 at the median's left end, 1 at 90%, 2 at 99% ... */
  static double tail(double percentile) {
    return Math.log10(1.0 / (1.0 - percentile / 100.0));
  }

  static String percentileLabel(int decade) {
    return switch (decade) {
      case 0 -> "0%";
      case 1 -> "90%";
      case 2 -> "99%";
      default -> "99." + "9".repeat(decade - 2) + "%";
    };
  }

  static double scale(double v, double d0, double d1, double r0, double r1) {
    return d1 == d0 ? r0 : r0 + (v - d0) * (r1 - r0) / (d1 - d0);
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
  static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static double niceStep(double rough) {
    if (rough <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(rough)));
    double m = rough / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  private static long timeStep(long spanMs, int maxTicks) {
    for (long step : TIME_STEPS_MS) {
      if (spanMs / step <= maxTicks) {
        return step;
      }
    }
    return TIME_STEPS_MS[TIME_STEPS_MS.length - 1]
        * Math.max(1, spanMs / TIME_STEPS_MS[TIME_STEPS_MS.length - 1] / maxTicks + 1);
  }

  private static long ceilTo(long t, long step) {
    return Math.floorDiv(t + step - 1, step) * step;
  }

  /** A coordinate with at most one decimal, locale-independent. */
  static String n(double v) {
    long tenths = Math.round(v * 10);
    long whole = tenths / 10;
    long frac = Math.abs(tenths % 10);
    String sign = tenths < 0 && whole == 0 ? "-" : "";
    return frac == 0 ? sign + whole : sign + whole + "." + frac;
  }

  /** An axis label: grouped integers, or up to three significant decimals below 10. */
  static String num(double v) {
    if (Math.abs(v) >= 10 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
  }

  static String ms(double v) {
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%,.2f s", v / 1000);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f ms", v);
    }
    return String.format(Locale.ROOT, "%.3f ms", v);
  }

  private static String ellipsize(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /**
   * Keeps the start and the end: campaign ids share the run's prefix in front and differ at the
   * end.
   */
  static String ellipsizeMiddle(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int head = (max - 1) / 3;
    return s.substring(0, head) + "…" + s.substring(s.length() - (max - 1 - head));
  }

  /** The horizontal grid lines with their y labels and the x ticks with their labels. */
  private static void gridAndTicks(
      StringBuilder s, double xMax, double yMax, int left, int right, int top, int bottom) {
    double yStep = niceStep(yMax / 5);
    for (double v = 0; v <= yMax + 1e-9; v += yStep) {
      double y = scale(v, 0, yMax, bottom, top);
      s.append("<line x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(right)
          .append("\" y1=\"")
          .append(n(y))
          .append("\" y2=\"")
          .append(n(y))
          .append("\" stroke=\"#eaeef2\"/>");
      s.append("<text x=\"")
          .append(left - 6)
          .append("\" y=\"")
          .append(n(y + 4))
          .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#57606a\">")
          .append(num(v))
          .append("</text>");
    }
    double xStep = niceStep(xMax / 10);
    for (double v = 0; v <= xMax + 1e-9; v += xStep) {
      double x = scale(v, 0, xMax, left, right);
      s.append("<line x1=\"")
          .append(n(x))
          .append("\" x2=\"")
          .append(n(x))
          .append("\" y1=\"")
          .append(bottom)
          .append("\" y2=\"")
          .append(bottom + 4)
          .append("\" stroke=\"#57606a\"/>");
      s.append("<text x=\"")
          .append(n(x))
          .append("\" y=\"")
          .append(bottom + 18)
          .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">")
          .append(num(v))
          .append("</text>");
    }
  }

  /** The x axis along the bottom and the y axis along the left of the plot area. */
  private static void axisLines(StringBuilder s, int left, int right, int top, int bottom) {
    s.append("<line x1=\"")
        .append(left)
        .append("\" x2=\"")
        .append(right)
        .append("\" y1=\"")
        .append(bottom)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#57606a\"/>");
    s.append("<line x1=\"")
        .append(left)
        .append("\" x2=\"")
        .append(left)
        .append("\" y1=\"")
        .append(top)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#57606a\"/>");
  }
}
