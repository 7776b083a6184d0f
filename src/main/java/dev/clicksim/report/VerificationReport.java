package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one verification found, as written to {@code verify.json} and rendered into {@code
 * junit.xml} and {@code report.html}. Lists are copied and never null.
 *
 * @param verdict MATCH, MISMATCH, SLO_BREACHED or TIMEOUT
 * @param exitCode the process exit code the verdict maps to
 * @param layout how the table holds counts: {@code upsert} (one row per window) or {@code insert}
 *     (many, largest wins)
 * @param table the table that was read, as named in the database
 * @param windows every compared (campaign, window), matched ones included
 * @param sendRate clicks sent per second over the run, for the send-rate chart
 * @param accounting the three-way accounting (truth, topic, table); null in a verify.json written
 *     before it existed
 * @param timeline the faults that fired, what each cost, and the windows' completion over the run;
 *     null in a verify.json written before it existed
 */
@JsonPropertyOrder({
  "run",
  "verdict",
  "exitCode",
  "layout",
  "table",
  "windows",
  "campaigns",
  "latencies",
  "slos",
  "sendRate",
  "generatedAt",
  "accounting",
  "timeline"
})
public record VerificationReport(
    RunSummary run,
    String verdict,
    int exitCode,
    String layout,
    String table,
    List<WindowRow> windows,
    List<CampaignSummary> campaigns,
    List<LatencySummary> latencies,
    List<SloResult> slos,
    List<RatePoint> sendRate,
    Instant generatedAt,
    AccountingSummary accounting,
    Timeline timeline) {

  public static final String MATCH = "MATCH";
  public static final String MISMATCH = "MISMATCH";
  public static final String SLO_BREACHED = "SLO_BREACHED";
  public static final String TIMEOUT = "TIMEOUT";

  public VerificationReport {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(verdict, "verdict");
    windows = windows == null ? List.of() : List.copyOf(windows);
    campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
    latencies = latencies == null ? List.of() : List.copyOf(latencies);
    slos = slos == null ? List.of() : List.copyOf(slos);
    sendRate = sendRate == null ? List.of() : List.copyOf(sendRate);
  }

  /** A report without a timeline. */
  public VerificationReport(
      RunSummary run,
      String verdict,
      int exitCode,
      String layout,
      String table,
      List<WindowRow> windows,
      List<CampaignSummary> campaigns,
      List<LatencySummary> latencies,
      List<SloResult> slos,
      List<RatePoint> sendRate,
      Instant generatedAt,
      AccountingSummary accounting) {
    this(
        run,
        verdict,
        exitCode,
        layout,
        table,
        windows,
        campaigns,
        latencies,
        slos,
        sendRate,
        generatedAt,
        accounting,
        null);
  }

  /** A report without the three-way accounting. */
  public VerificationReport(
      RunSummary run,
      String verdict,
      int exitCode,
      String layout,
      String table,
      List<WindowRow> windows,
      List<CampaignSummary> campaigns,
      List<LatencySummary> latencies,
      List<SloResult> slos,
      List<RatePoint> sendRate,
      Instant generatedAt) {
    this(
        run,
        verdict,
        exitCode,
        layout,
        table,
        windows,
        campaigns,
        latencies,
        slos,
        sendRate,
        generatedAt,
        null,
        null);
  }

  /** The windows whose count differs from the truth, in report order. */
  public List<WindowRow> differingWindows() {
    return windows.stream().filter(w -> !w.matched()).toList();
  }
}
