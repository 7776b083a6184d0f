package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One service-level objective and whether the run met it.
 *
 * @param name the option that set it, e.g. {@code max-p99-ack}
 * @param threshold as given, e.g. {@code 50ms} or {@code 100%}
 * @param actual what the run achieved, in the threshold's unit
 */
@JsonPropertyOrder({"name", "threshold", "actual", "met"})
public record SloResult(String name, String threshold, String actual, boolean met) {}
