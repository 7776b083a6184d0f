package dev.clicksim.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A small verification with one of each difference, histograms of known shape and a send rate with
 * a dip.
 */
final class ReportFixtures {

  static final Instant ANCHOR = Instant.parse("2026-11-28T00:00:00Z");
  static final long WINDOW_MS = 60_000;
  static final String EVIL = "c-<b>&\"x'";

  private ReportFixtures() {}

  static VerificationReport mismatch() {
    return report(List.of("c-001", "c-002", EVIL, "c-004"), 30, true);
  }

  /**
   * {@code campaigns} campaigns of {@code windows} windows each; with {@code corrupt}, four windows
   * differ.
   */
  static VerificationReport report(List<String> campaigns, int windows, boolean corrupt) {
    List<WindowRow> rows = new ArrayList<>();
    long sent = 0;
    for (int c = 0; c < campaigns.size(); c++) {
      String id = campaigns.get(c);
      for (int i = 0; i < windows; i++) {
        long start = ANCHOR.toEpochMilli() + i * WINDOW_MS;
        long expected = 20 + (i * 7L + c * 13L) % 30 + Math.round(15 * Math.sin(i / 5.0));
        sent += expected;
        Long observed = expected;
        String kind = WindowRow.MATCHED;
        if (corrupt && c == 1 && i == 5) {
          observed = expected - 3;
          kind = "lost clicks";
        } else if (corrupt && c == 1 && i == 12) {
          observed = null;
          kind = "missing window";
        } else if (corrupt && c == 2 && i == 8) {
          observed = expected + 1;
          kind = "duplicated clicks";
        }
        rows.add(
            new WindowRow(
                id,
                start,
                start + WINDOW_MS,
                expected,
                observed,
                (observed == null ? 0 : observed) - expected,
                kind));
      }
      if (corrupt && c == 3) {
        long start = ANCHOR.toEpochMilli() + (windows + 1) * WINDOW_MS;
        rows.add(new WindowRow(id, start, start + WINDOW_MS, 0, 2L, 2, "unexpected window"));
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("quiet-period", "5s");
    settings.put("settle-timeout", "2m");
    settings.put("kafka", "embedded 4.1.0");
    RunSummary run =
        new RunSummary(
            "20261128-000000-smoke",
            "smoke",
            42,
            ANCHOR,
            "c-",
            WINDOW_MS,
            10_000,
            "embedded",
            sent + 17,
            sent,
            12,
            5,
            settings);
    List<LatencySummary> latencies =
        List.of(
            LatencySummary.of(
                "ack_from_intended",
                "from the click's scheduled send time to the broker's ack",
                "System.nanoTime, microsecond histogram",
                ackHistogram(80_000)),
            LatencySummary.of(
                "ack_from_actual",
                "from the producer's send() call to the broker's ack",
                "System.nanoTime, microsecond histogram",
                ackHistogram(20_000)),
            LatencySummary.of(
                "window_completion",
                "from the ack of a window's last click to PostgreSQL showing its final count",
                "polling every 50 ms",
                spread(800_000, 2_600_000, 120)),
            LatencySummary.of(
                "click_visibility",
                "from a click's ack to PostgreSQL first counting it",
                "polling every 50 ms",
                spread(150_000, 1_400_000, 5000)));
    List<RatePoint> rate = new ArrayList<>();
    for (int s = 0; s <= 120; s++) {
      double target = s < 20 ? 50 * s : s < 100 ? 1000 : 1000 - 50 * (s - 100);
      double sentRate = s >= 60 && s < 70 ? target * 0.55 : target * (0.97 + 0.02 * Math.sin(s));
      rate.add(new RatePoint(s, sentRate, target));
    }
    List<SloResult> slos =
        List.of(
            new SloResult("max-p99-ack", "50ms", "5.1ms", true),
            new SloResult("max-p99-window-completion", "2s", "2.6s", false),
            new SloResult("min-match", "100%", corrupt ? "96.6%" : "100%", !corrupt));
    return new VerificationReport(
        run,
        corrupt ? VerificationReport.MISMATCH : VerificationReport.MATCH,
        corrupt ? 1 : 0,
        "upsert",
        "CAMPAIGN_CLICK_COUNTS",
        rows,
        CampaignSummary.of(rows),
        latencies,
        slos,
        rate,
        Instant.parse("2026-11-28T02:10:03.123Z"));
  }

  /**
   * {@link #mismatch()} with two more windows of c-001 wrong: window 20's row ends in 1970 with the
   * right count, window 21's rows end at two different times and one click is missing.
   */
  static VerificationReport wrongEnds() {
    VerificationReport base = mismatch();
    List<WindowRow> rows = new ArrayList<>();
    for (WindowRow w : base.windows()) {
      long i = (w.windowStartMs() - ANCHOR.toEpochMilli()) / WINDOW_MS;
      if (w.campaignId().equals("c-001") && i == 20) {
        w =
            new WindowRow(
                w.campaignId(),
                w.windowStartMs(),
                w.windowEndMs(),
                w.expected(),
                w.observed(),
                0,
                WindowRow.WRONG_WINDOW_END,
                "1970-01-01 00:00:00");
      } else if (w.campaignId().equals("c-001") && i == 21) {
        w =
            new WindowRow(
                w.campaignId(),
                w.windowStartMs(),
                w.windowEndMs(),
                w.expected(),
                w.observed() - 1,
                -1,
                "lost clicks",
                "2026-11-28 00:22:00 to 2026-11-28 00:25:00");
      }
      rows.add(w);
    }
    return withWindows(base, rows);
  }

  /** {@code r} with other windows (and the campaigns they make). */
  static VerificationReport withWindows(VerificationReport r, List<WindowRow> windows) {
    return new VerificationReport(
        r.run(),
        r.verdict(),
        r.exitCode(),
        r.layout(),
        r.table(),
        windows,
        CampaignSummary.of(windows),
        r.latencies(),
        r.slos(),
        r.sendRate(),
        r.generatedAt());
  }

  /** {@code r} with another send rate. */
  static VerificationReport withSendRate(VerificationReport r, List<RatePoint> sendRate) {
    return new VerificationReport(
        r.run(),
        r.verdict(),
        r.exitCode(),
        r.layout(),
        r.table(),
        r.windows(),
        r.campaigns(),
        r.latencies(),
        r.slos(),
        sendRate,
        r.generatedAt());
  }

  /** Mostly 1-5 ms, one sample in a thousand a stall of {@code stallMicros}. */
  static Histogram ackHistogram(long stallMicros) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 0; i < 20_000; i++) {
      h.recordValue(i % 1000 == 999 ? stallMicros : 1000 + (i * 37L) % 4000);
    }
    return h;
  }

  static Histogram spread(long fromMicros, long toMicros, int n) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 0; i < n; i++) {
      double f = (double) i / Math.max(1, n - 1);
      h.recordValue(fromMicros + (long) ((toMicros - fromMicros) * f * f));
    }
    return h;
  }

  /**
   * {@link #mismatch()} with two faults: a pause of PostgreSQL at 30 s that the table caught up
   * with 7.3 s later, costing nothing, and a kill at 80 s that cost the sink 3 clicks; one more
   * difference no fault reaches. Windows complete in about 2.5 s, 9 s during the pause.
   */
  static VerificationReport withFaults() {
    List<Timeline.CompletionPoint> points = new ArrayList<>();
    for (int s = 1; s <= 118; s += 2) {
      double ms = s >= 30 && s < 36 ? 9_000 - (s - 30) * 1_000 : 2_400 + 100 * Math.sin(s);
      points.add(new Timeline.CompletionPoint(s, ms));
    }
    List<FaultRow> faults =
        List.of(
            new FaultRow(
                1,
                "pause:postgres@25%/5s",
                "pause",
                "postgres",
                "5s",
                "25%",
                30_000,
                Instant.parse("2026-11-28T02:07:30.500Z"),
                30.0,
                35.0,
                "SIGSTOP of postgres (pid 4242), SIGCONT after 5s",
                false,
                7.3,
                37.3,
                0,
                null,
                List.of(),
                0,
                List.of()),
            new FaultRow(
                2,
                "kill:postgres@67%",
                "kill",
                "postgres",
                null,
                "67%",
                80_000,
                Instant.parse("2026-11-28T02:08:20.500Z"),
                80.0,
                80.0,
                "SIGKILL of postgres (pid 4242)",
                false,
                4.1,
                84.1,
                3,
                null,
                List.of(new StageClicks("sink", 3, 0)),
                1,
                List.of("c-002@2026-11-28T00:05:00Z")));
    return withTimeline(
        mismatch(),
        new Timeline(
            "recovery: from a fault's firing to the first table poll that showed every click"
                + " acknowledged before the fault was done",
            faults,
            List.of(new StageClicks("aggregation", 0, 1)),
            1,
            points));
  }

  /** {@code r} with a timeline. */
  static VerificationReport withTimeline(VerificationReport r, Timeline timeline) {
    return new VerificationReport(
        r.run(),
        r.verdict(),
        r.exitCode(),
        r.layout(),
        r.table(),
        r.windows(),
        r.campaigns(),
        r.latencies(),
        r.slos(),
        r.sendRate(),
        r.generatedAt(),
        r.accounting(),
        timeline);
  }

  /** {@code r} with one more run setting. */
  static VerificationReport withSetting(VerificationReport r, String key, String value) {
    Map<String, String> settings = new LinkedHashMap<>(r.run().settings());
    settings.put(key, value);
    RunSummary run = r.run();
    return new VerificationReport(
        new RunSummary(
            run.runId(),
            run.scenario(),
            run.seed(),
            run.anchor(),
            run.campaignPrefix(),
            run.windowSizeMs(),
            run.graceMs(),
            run.target(),
            run.clicksSent(),
            run.clicksExpected(),
            run.clicksDroppedLate(),
            run.duplicates(),
            settings),
        r.verdict(),
        r.exitCode(),
        r.layout(),
        r.table(),
        r.windows(),
        r.campaigns(),
        r.latencies(),
        r.slos(),
        r.sendRate(),
        r.generatedAt(),
        r.accounting(),
        r.timeline());
  }
}
