package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was sent: the run's identity and its truth totals.
 *
 * @param anchor the event-time anchor the scenario's offsets are added to
 * @param target where the clicks went, e.g. {@code embedded} or a bootstrap address
 * @param clicksExpected clicks the truth expects counted (sent minus dropped as late, duplicates
 *     once)
 * @param settings anything else worth showing (verify options, stack versions), in insertion order
 */
@JsonPropertyOrder({
  "runId",
  "scenario",
  "seed",
  "anchor",
  "campaignPrefix",
  "windowSizeMs",
  "graceMs",
  "target",
  "clicksSent",
  "clicksExpected",
  "clicksDroppedLate",
  "duplicates",
  "settings"
})
public record RunSummary(
    String runId,
    String scenario,
    long seed,
    Instant anchor,
    String campaignPrefix,
    long windowSizeMs,
    long graceMs,
    String target,
    long clicksSent,
    long clicksExpected,
    long clicksDroppedLate,
    long duplicates,
    Map<String, String> settings) {

  public RunSummary {
    settings =
        settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }
}
