package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The send rate over one interval of the run, and the rate the scenario asked for then. */
@JsonPropertyOrder({"secondsSinceStart", "sentPerSecond", "targetPerSecond"})
public record RatePoint(double secondsSinceStart, double sentPerSecond, double targetPerSecond) {}
