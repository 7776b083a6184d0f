package dev.clicksim.api;

/**
 * One service-level objective of a run.
 *
 * @param name e.g. "min-match", "max-p99-window-completion"
 * @param threshold as given, e.g. "100%", "2000 ms"
 * @param actual what the run measured, e.g. "100.00%", "812.4 ms"
 */
public record SloResult(String name, String threshold, String actual, boolean met) {}
