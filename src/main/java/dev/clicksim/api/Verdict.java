package dev.clicksim.api;

/** A run's verdict, as verify.json and junit.xml name it. */
public enum Verdict {
  /** Every window matched and every SLO was met. */
  MATCH,
  /** At least one window differs from the truth. */
  MISMATCH,
  /** The table never settled: a window was still missing when the settle timeout ran out. */
  TIMEOUT,
  /** The counts are accepted (by the min-match objective) but an SLO was breached. */
  SLO_BREACHED
}
