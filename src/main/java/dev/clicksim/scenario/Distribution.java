package dev.clicksim.scenario;

import static dev.clicksim.scenario.Check.atLeastZero;
import static dev.clicksim.scenario.Check.fail;
import static dev.clicksim.scenario.Check.positive;
import static dev.clicksim.scenario.Check.required;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeResolver;
import java.util.SplittableRandom;

/**
 * A random quantity in a scenario: a duration (in milliseconds) such as a think time, or a count
 * such as a burst size. Written in YAML as a one-key map naming the kind, e.g. {@code {exponential:
 * {mean: 5s}}}, {@code {uniform: {min: 1, max: 8}}}, {@code {constant: 3}}, or a bare value for a
 * constant. Time distributions take durations, count distributions numbers; geometric and poisson
 * are counts only. Samples use {@link StrictMath} so a seed gives the same values on every machine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonTypeResolver(YamlValues.Kinds.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Distribution.Constant.class, name = "constant"),
  @JsonSubTypes.Type(value = Distribution.Uniform.class, name = "uniform"),
  @JsonSubTypes.Type(value = Distribution.Exponential.class, name = "exponential"),
  @JsonSubTypes.Type(value = Distribution.Normal.class, name = "normal"),
  @JsonSubTypes.Type(value = Distribution.LogNormal.class, name = "lognormal"),
  @JsonSubTypes.Type(value = Distribution.Geometric.class, name = "geometric"),
  @JsonSubTypes.Type(value = Distribution.Poisson.class, name = "poisson")
})
public sealed interface Distribution {

  /** One sample; never negative. Counts are whole numbers. */
  double sample(SplittableRandom random);

  /**
   * The mean of the samples (of the distribution as sampled, i.e. after truncation at 0 for
   * normal).
   */
  double mean();

  /** True for a count (whole numbers), false for a duration in milliseconds. */
  boolean whole();

  /** The YAML form, durations written as durations. */
  String describe();

  /** Always {@code value}. */
  record Constant(double value, boolean whole) implements Distribution {
    public Constant {
      atLeastZero("", value, !whole);
      Distribution.wholeIf(whole, "", value);
    }

    /** A constant duration of {@code value} milliseconds. */
    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    public Constant(double value) {
      this(value, false);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Constant fromYaml(YamlValues.Quantity value) {
      return new Constant(value.value(), value.whole());
    }

    @Override
    public double sample(SplittableRandom random) {
      return value;
    }

    @Override
    public double mean() {
      return value;
    }

    @Override
    public String describe() {
      return "{constant: " + format(value, !whole) + "}";
    }
  }

  /** Uniform on [min, max); for counts, each whole number in [min, max] equally likely. */
  record Uniform(double min, double max, boolean whole) implements Distribution {
    public Uniform {
      atLeastZero("min", min, !whole);
      Distribution.wholeIf(whole, "min", min);
      if (!(Check.finite("max", max) >= min)) {
        throw fail("max", "must be >= min, was " + format(max, !whole));
      }
      Distribution.wholeIf(whole, "max", max);
    }

    @JsonCreator
    static Uniform fromYaml(
        @JsonProperty("min") YamlValues.Quantity min,
        @JsonProperty("max") YamlValues.Quantity max) {
      return new Uniform(required("min", min).value(), required("max", max).value(), min.whole());
    }

    @Override
    public double sample(SplittableRandom random) {
      if (whole) {
        return (long) min + random.nextLong((long) max - (long) min + 1);
      }
      return min + random.nextDouble() * (max - min);
    }

    @Override
    public double mean() {
      return (min + max) / 2;
    }

    @Override
    public String describe() {
      return "{uniform: {min: " + format(min, !whole) + ", max: " + format(max, !whole) + "}}";
    }
  }

  /**
   * Exponential with the given mean (memoryless waiting time); for counts, rounded to the nearest
   * whole number.
   */
  record Exponential(double mean, boolean whole) implements Distribution {
    public Exponential {
      positive("mean", mean, !whole);
    }

    @JsonCreator
    static Exponential fromYaml(@JsonProperty("mean") YamlValues.Quantity mean) {
      return new Exponential(required("mean", mean).value(), mean.whole());
    }

    @Override
    public double sample(SplittableRandom random) {
      double x = -mean * StrictMath.log(1.0 - random.nextDouble());
      return whole ? Math.rint(x) : x;
    }

    @Override
    public String describe() {
      return "{exponential: {mean: " + format(mean, !whole) + "}}";
    }
  }

  /** Normal, samples below 0 taken as 0; for counts, rounded. */
  record Normal(double mean, double stddev, boolean whole) implements Distribution {
    public Normal {
      atLeastZero("mean", mean, !whole);
      Distribution.wholeIf(whole, "mean", mean);
      atLeastZero("stddev", stddev, !whole);
      Distribution.wholeIf(whole, "stddev", stddev);
    }

    @JsonCreator
    static Normal fromYaml(
        @JsonProperty("mean") YamlValues.Quantity mean,
        @JsonProperty("stddev") YamlValues.Quantity stddev) {
      return new Normal(
          required("mean", mean).value(), required("stddev", stddev).value(), mean.whole());
    }

    @Override
    public double sample(SplittableRandom random) {
      double x = Math.max(0, mean + stddev * Distribution.gaussian(random));
      return whole ? Math.rint(x) : x;
    }

    @Override
    public String describe() {
      return "{normal: {mean: "
          + format(mean, !whole)
          + ", stddev: "
          + format(stddev, !whole)
          + "}}";
    }
  }

  /**
   * Log-normal with the given median and shape sigma (the standard deviation of the logarithm); for
   * counts, rounded.
   */
  record LogNormal(double median, double sigma, boolean whole) implements Distribution {
    public LogNormal {
      positive("median", median, !whole);
      atLeastZero("sigma", sigma, false);
    }

    @JsonCreator
    static LogNormal fromYaml(
        @JsonProperty("median") YamlValues.Quantity median, @JsonProperty("sigma") Double sigma) {
      return new LogNormal(
          required("median", median).value(), required("sigma", sigma), median.whole());
    }

    @Override
    public double sample(SplittableRandom random) {
      double x = median * StrictMath.exp(sigma * Distribution.gaussian(random));
      return whole ? Math.rint(x) : x;
    }

    @Override
    public double mean() {
      return median * StrictMath.exp(sigma * sigma / 2);
    }

    @Override
    public String describe() {
      return "{lognormal: {median: " + format(median, !whole) + ", sigma: " + sigma + "}}";
    }
  }

  /**
   * Geometric on 1, 2, 3, ... with the given mean (>= 1): the number of trials up to the first
   * success.
   *
   * @param logOneMinusP derived from the mean, whatever is passed
   */
  record Geometric(double mean, double logOneMinusP) implements Distribution {
    public Geometric {
      if (!(Check.finite("mean", mean) >= 1)) {
        throw fail(
            "mean", "must be >= 1 (a geometric count is at least 1), was " + format(mean, false));
      }
      logOneMinusP = StrictMath.log(1.0 - 1.0 / mean);
    }

    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    public Geometric(double mean) {
      this(mean, 0);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Geometric fromYaml(@JsonProperty("mean") Double mean) {
      return new Geometric(required("mean", mean));
    }

    @Override
    public double sample(SplittableRandom random) {
      if (mean <= 1.0) {
        return 1;
      }
      return 1 + Math.floor(StrictMath.log(1.0 - random.nextDouble()) / logOneMinusP);
    }

    @Override
    public boolean whole() {
      return true;
    }

    @Override
    public String describe() {
      return "{geometric: {mean: " + format(mean, false) + "}}";
    }
  }

  /**
   * Poisson on 0, 1, 2, ... with the given mean; above a mean of 50 the normal approximation,
   * rounded.
   *
   * @param expMinusMean derived from the mean, whatever is passed
   */
  record Poisson(double mean, double expMinusMean) implements Distribution {
    public Poisson {
      atLeastZero("mean", mean, false);
      expMinusMean = StrictMath.exp(-mean);
    }

    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    public Poisson(double mean) {
      this(mean, 0);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Poisson fromYaml(@JsonProperty("mean") Double mean) {
      return new Poisson(required("mean", mean));
    }

    @Override
    public double sample(SplittableRandom random) {
      if (mean > 50) {
        return Math.max(0, Math.rint(mean + Math.sqrt(mean) * Distribution.gaussian(random)));
      }
      long k = 0;
      double p = random.nextDouble();
      while (p > expMinusMean) {
        k++;
        p *= random.nextDouble();
      }
      return k;
    }

    @Override
    public boolean whole() {
      return true;
    }

    @Override
    public String describe() {
      return "{poisson: {mean: " + format(mean, false) + "}}";
    }
  }

  /** {@code d} if it is a time distribution, for a field that takes one. */
  static Distribution ofTime(String field, Distribution d) {
    if (d.whole()) {
      throw fail(
          field,
          "must be a time distribution (of durations), was the count distribution " + d.describe());
    }
    return d;
  }

  /** {@code d} if it is a count distribution, for a field that takes one. */
  static Distribution ofCount(String field, Distribution d) {
    if (!d.whole()) {
      throw fail(
          field,
          "must be a count distribution (of numbers), was the time distribution " + d.describe());
    }
    return d;
  }

  private static void wholeIf(boolean whole, String field, double v) {
    if (whole && v != Math.rint(v)) {
      throw fail(field, "must be a whole number, was " + format(v, false));
    }
  }

  /** A standard normal sample (Box-Muller, one of the pair). */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /**
   * A value as written in a scenario file: a duration for time values (milliseconds), else a plain
   * number.
   */
  static String format(double value, boolean time) {
    if (time) {
      return Durations.format(java.time.Duration.ofMillis(Math.round(value)));
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
