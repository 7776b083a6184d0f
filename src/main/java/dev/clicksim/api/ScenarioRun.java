package dev.clicksim.api;

import dev.clicksim.scenario.InvalidScenarioException;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.scenario.ScenarioOverrides;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One scenario run: which scenario, with which seed, and what the verdict is held to. Immutable:
 * each method returns a changed copy.
 *
 * <pre>{@code
 * ScenarioRun.of("smoke").seed(42).maxP99WindowCompletion(Duration.ofSeconds(5))
 * }</pre>
 */
public final class ScenarioRun {

  /** The prefix of a scenario read from the classpath, e.g. {@code classpath:/scenarios/x.yaml}. */
  public static final String CLASSPATH = "classpath:";

  private final String scenario;
  private final Long seed;
  private final Double speed;
  private final Duration expectedGrace;
  private final String minMatch;
  private final Duration maxP99Ack;
  private final Duration maxP99WindowCompletion;
  private final Duration maxP99Visibility;
  private final Duration settleTimeout;

  private ScenarioRun(
      String scenario,
      Long seed,
      Double speed,
      Duration expectedGrace,
      String minMatch,
      Duration maxP99Ack,
      Duration maxP99WindowCompletion,
      Duration maxP99Visibility,
      Duration settleTimeout) {
    this.scenario = scenario;
    this.seed = seed;
    this.speed = speed;
    this.expectedGrace = expectedGrace;
    this.minMatch = minMatch;
    this.maxP99Ack = maxP99Ack;
    this.maxP99WindowCompletion = maxP99WindowCompletion;
    this.maxP99Visibility = maxP99Visibility;
    this.settleTimeout = settleTimeout;
  }

  /**
   * A shipped scenario ({@code smoke}, {@code late-and-out-of-order}, ...), a scenario file ({@code
   * src/test/resources/scenarios/x.yaml}), or a classpath resource ({@code
   * classpath:/scenarios/x.yaml}), as {@code clicksim run --scenario} takes it.
   */
  public static ScenarioRun of(String scenario) {
    Objects.requireNonNull(scenario, "scenario");
    return new ScenarioRun(scenario, null, null, null, null, null, null, null, null);
  }

  /** A scenario file. */
  public static ScenarioRun file(Path file) {
    return of(file.toString());
  }

  /** The generator's seed instead of the scenario's: the same seed gives the same clicks. */
  public ScenarioRun seed(long value) {
    return new ScenarioRun(
        scenario,
        value,
        speed,
        expectedGrace,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        settleTimeout);
  }

  /** Scenario seconds per wall second instead of the scenario's; {@link Double#MAX_VALUE}: max. */
  public ScenarioRun speed(double value) {
    return new ScenarioRun(
        scenario,
        seed,
        value,
        expectedGrace,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        settleTimeout);
  }

  /**
   * The grace period the pipeline is meant to have: the truth predicts late drops with it instead
   * of the grace the windowed count actually runs, so a pipeline whose grace differs is reported
   * (as late clicks counted, or late clicks dropped). Without it the truth uses the pipeline's own.
   */
  public ScenarioRun expectedGrace(Duration grace) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        grace,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        settleTimeout);
  }

  /** SLO: the share of windows that must match, e.g. "98%" (default: the scenario's, or 100%). */
  public ScenarioRun minMatch(String share) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        expectedGrace,
        share,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        settleTimeout);
  }

  /** SLO: p99 of the ack latency from the intended send time. */
  public ScenarioRun maxP99Ack(Duration limit) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        expectedGrace,
        minMatch,
        limit,
        maxP99WindowCompletion,
        maxP99Visibility,
        settleTimeout);
  }

  /** SLO: p99 from the ack of a window's last click to its final count in the table. */
  public ScenarioRun maxP99WindowCompletion(Duration limit) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        expectedGrace,
        minMatch,
        maxP99Ack,
        limit,
        maxP99Visibility,
        settleTimeout);
  }

  /** SLO: p99 from a click's ack to the first count in the table that includes it. */
  public ScenarioRun maxP99Visibility(Duration limit) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        expectedGrace,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        limit,
        settleTimeout);
  }

  /** How long to wait for the table to settle (default 120 s). */
  public ScenarioRun settleTimeout(Duration timeout) {
    return new ScenarioRun(
        scenario,
        seed,
        speed,
        expectedGrace,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        timeout);
  }

  public String scenario() {
    return scenario;
  }

  public Duration expectedGrace() {
    return expectedGrace;
  }

  String minMatchOrNull() {
    return minMatch;
  }

  Duration maxP99AckOrNull() {
    return maxP99Ack;
  }

  Duration maxP99WindowCompletionOrNull() {
    return maxP99WindowCompletion;
  }

  Duration maxP99VisibilityOrNull() {
    return maxP99Visibility;
  }

  Duration settleTimeoutOrDefault() {
    return settleTimeout == null ? Duration.ofSeconds(120) : settleTimeout;
  }

  ScenarioOverrides overrides() {
    return new ScenarioOverrides(seed, speed, null, null);
  }

  /** The scenario, loaded and checked, with the seed and speed applied. */
  Scenario load() {
    return overrides().apply(resolve(scenario));
  }

  /**
   * A scenario as {@code clicksim run --scenario} names it: a shipped name, a file, or {@code
   * classpath:/path.yaml}. Throws with a one-line message naming the scenario and what is wrong.
   */
  public static Scenario resolve(String nameFileOrResource) {
    if (nameFileOrResource == null || !nameFileOrResource.startsWith(CLASSPATH)) {
      return ScenarioLoader.resolve(nameFileOrResource);
    }
    String resource = nameFileOrResource.substring(CLASSPATH.length());
    String path = resource.startsWith("/") ? resource : "/" + resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        loader != null
            ? loader.getResourceAsStream(path.substring(1))
            : ScenarioRun.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new InvalidScenarioException(
            "scenario " + nameFileOrResource + ": no such resource on the classpath");
      }
      String file = path.substring(path.lastIndexOf('/') + 1);
      String name = file.replaceFirst("\\.ya?ml$", "");
      return ScenarioLoader.parse(in.readAllBytes(), file, name);
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenario " + nameFileOrResource + ": cannot read it (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    return scenario + (seed == null ? "" : " (seed " + seed + ")");
  }
}
