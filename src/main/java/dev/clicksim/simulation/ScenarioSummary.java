package dev.clicksim.simulation;

import dev.clicksim.scenario.Durations;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * What a scenario produces, found by running its simulation through a {@link TruthLedger} at a
 * fixed anchor: what {@code clicksim scenario show} prints under the resolved scenario. The totals
 * do not depend on the anchor as long as it is aligned to a window start.
 *
 * @param anchorMs the event time the summary's run starts at
 * @param sessions sessions landed (0 in uniform mode)
 * @param clicks distinct clicks
 * @param deliveries sends, duplicates included
 * @param outOfOrder clicks delivered out of order within their bound
 * @param late clicks delivered after their window's end + grace + margin
 * @param duplicates second deliveries
 * @param windows (campaign, window) pairs that were sent a click
 * @param expected deliveries the pipeline must count
 * @param droppedLate deliveries the pipeline must drop as late
 * @param peakPerSecond the most deliveries in one second of scenario (delivery) time
 * @param peakAtMs offset of that second
 * @param lastDeliveryMs offset of the last delivery
 */
public record ScenarioSummary(
    Scenario scenario,
    WindowSpec windowSpec,
    long anchorMs,
    long sessions,
    long clicks,
    long deliveries,
    long outOfOrder,
    long late,
    long duplicates,
    long windows,
    long expected,
    long droppedLate,
    long peakPerSecond,
    long peakAtMs,
    long lastDeliveryMs) {

  /**
   * The anchor summaries use: a fixed window-aligned instant, so a summary is the same on every
   * run.
   */
  public static final long ANCHOR_MS = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();

  /**
   * Runs the scenario through a ledger.
   *
   * @param partitionOfCampaign the pipeline's partition of a campaign id, e.g. Kafka's default
   *     partitioner over 3
   */
  public static ScenarioSummary of(
      Scenario scenario, WindowSpec windowSpec, ToIntFunction<String> partitionOfCampaign) {
    long anchor = windowSpec.startOf(ANCHOR_MS);
    ScenarioSimulation sim = new ScenarioSimulation(scenario, windowSpec, anchor, "");
    TruthLedger ledger = new TruthLedger(windowSpec, partitionOfCampaign);
    long second = Long.MIN_VALUE;
    long inSecond = 0;
    long peak = 0;
    long peakAt = 0;
    long last = 0;
    while (sim.hasNext()) {
      Delivery d = sim.next();
      if (d.duplicate()) {
        ledger.recordDuplicate(d.click());
      } else {
        ledger.record(d.click());
      }
      long s = Math.floorDiv(d.deliveryOffsetMs(), 1000L);
      if (s != second) {
        second = s;
        inSecond = 0;
      }
      if (++inSecond > peak) {
        peak = inSecond;
        peakAt = s * 1000L;
      }
      last = d.deliveryOffsetMs();
    }
    return new ScenarioSummary(
        scenario,
        windowSpec,
        anchor,
        sim.sessions(),
        sim.clicks(),
        ledger.sent(),
        sim.outOfOrder(),
        sim.late(),
        sim.duplicates(),
        ledger.windows().size(),
        ledger.expected(),
        ledger.droppedLate(),
        peak,
        peakAt,
        last);
  }

  /** Wall time the sends take at the scenario's speed; null at speed max. */
  public Duration wallTime() {
    if (scenario.maxSpeed()) {
      return null;
    }
    return Duration.ofMillis((long) Math.ceil(lastDeliveryMs / scenario.speed()));
  }

  /** Lines for a terminal, each starting with two spaces. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    line(
        sb,
        "windows",
        windowSpec.size().toMinutes()
            + "-minute tumbling windows, grace "
            + Durations.format(windowSpec.grace())
            + " (the summary's run starts at "
            + Instant.ofEpochMilli(anchorMs)
            + ")");
    if (scenario.sessionMode()) {
      line(sb, "sessions", String.format(Locale.ROOT, "%,d", sessions));
    }
    line(
        sb,
        "clicks",
        String.format(
            Locale.ROOT,
            "%,d distinct, %,d deliveries (%,d duplicates)",
            clicks,
            deliveries,
            duplicates));
    line(
        sb, "disorder", String.format(Locale.ROOT, "%,d out of order, %,d late", outOfOrder, late));
    line(
        sb,
        "truth",
        String.format(
            Locale.ROOT,
            "%,d windows, %,d expected, %,d dropped as late",
            windows,
            expected,
            droppedLate));
    double speed = scenario.speed();
    String wall =
        scenario.maxSpeed()
            ? "as fast as the stack accepts (speed max)"
            : String.format(
                Locale.ROOT,
                "%s of wall time at speed %s, peak %,.0f clicks/s wall",
                Durations.format(Duration.ofSeconds(wallTime().toSeconds())),
                ScenarioOverrides.formatSpeed(speed),
                peakPerSecond * speed);
    line(
        sb,
        "peak",
        String.format(
            Locale.ROOT,
            "%,d clicks per second of scenario time, at %s",
            peakPerSecond,
            Durations.format(Duration.ofMillis(peakAtMs))));
    line(sb, "sending", wall);
    return sb.toString();
  }

  private static void line(StringBuilder sb, String label, String text) {
    sb.append(String.format(Locale.ROOT, "  %-9s %s\n", label + ":", text));
  }
}
