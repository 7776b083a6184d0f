package dev.clicksim.scenario;

import java.time.Duration;
import java.util.Locale;

/**
 * Command-line overrides of a scenario's knobs ({@code --seed}, {@code --speed}, {@code
 * --duration}, {@code --rate-scale}); a null component leaves the scenario's value. {@link #apply}
 * validates the overrides, and the scenario's constructor the result, throwing {@link
 * InvalidScenarioException} with a one-line message naming the option or the field.
 *
 * @param seed the generator's seed
 * @param speed scenario seconds per wall second, {@link Scenario#MAX_SPEED} for as fast as possible
 * @param duration event-time span of the scenario; a shorter one cuts the rate profile, a longer
 *     one extends it
 * @param rateScale multiplies the session arrival rate (session mode) or the click total (uniform
 *     mode), > 0
 */
public record ScenarioOverrides(Long seed, Double speed, Duration duration, Double rateScale) {

  public static final ScenarioOverrides NONE = new ScenarioOverrides(null, null, null, null);

  /** The scenario with these overrides applied and validated. */
  public Scenario apply(Scenario scenario) {
    try {
      return overridden(scenario);
    } catch (InvalidFieldException e) {
      throw new InvalidScenarioException(
          "scenario " + scenario.name() + " with " + describe() + ", " + e.getMessage(), e);
    }
  }

  private Scenario overridden(Scenario scenario) {
    Scenario s = scenario;
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (speed != null) {
      if (!(speed > 0)) {
        throw new InvalidScenarioException("--speed: must be > 0, or max; was " + speed);
      }
      s = s.withSpeed(speed);
    }
    if (duration != null) {
      if (duration.isNegative() || duration.isZero()) {
        throw new InvalidScenarioException(
            "--duration: must be > 0, was " + Durations.format(duration));
      }
      s = s.withDuration(duration);
    }
    if (rateScale != null) {
      if (!(rateScale > 0) || rateScale.isInfinite()) {
        throw new InvalidScenarioException("--rate-scale: must be > 0, was " + rateScale);
      }
      if (s.sessionMode()) {
        s = s.withSessions(s.sessions().withArrivals(s.sessions().arrivals().scaled(rateScale)));
      } else {
        long clicks =
            Math.max(s.pinnedClicks().size(), Math.max(1, Math.round(s.clicks() * rateScale)));
        s = s.withClicks(clicks);
      }
    }
    return s;
  }

  /** The options as given, e.g. {@code --seed 7 --speed max}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (seed != null) {
      sb.append(" --seed ").append(seed);
    }
    if (speed != null) {
      sb.append(" --speed ").append(formatSpeed(speed));
    }
    if (duration != null) {
      sb.append(" --duration ").append(Durations.format(duration));
    }
    if (rateScale != null) {
      sb.append(" --rate-scale ").append(rateScale);
    }
    return sb.length() == 0 ? "no overrides" : sb.substring(1);
  }

  /** Parses a speed as given to {@code --speed}: a positive number or {@code max}. */
  public static double parseSpeed(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("max")) {
      return Scenario.MAX_SPEED;
    }
    try {
      double v = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
      if (v > 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new InvalidScenarioException(
        "--speed: must be a number > 0 (scenario seconds per wall second) or max, was '"
            + text
            + "'");
  }

  /** {@code max} or the number, e.g. {@code 24} or {@code 1.5}. */
  public static String formatSpeed(double speed) {
    return speed == Scenario.MAX_SPEED ? "max" : Distribution.format(speed, false);
  }
}
