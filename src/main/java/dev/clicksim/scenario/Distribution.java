package dev.clicksim.scenario;

import java.util.SplittableRandom;

/**
 * A random quantity in a scenario: a duration (in milliseconds) such as a think time, or a count such as a burst size.
 * Written in YAML as a one-key map naming the kind, e.g. {@code {exponential: {mean: 5s}}}, {@code {uniform: {min: 1,
 * max: 8}}}, {@code {constant: 3}}. Samples use {@link StrictMath} so a seed gives the same values on every machine.
 */
public sealed interface Distribution {

  /** One sample; never negative. Counts are whole numbers. */
  double sample(SplittableRandom random);

  /** The mean of the samples (of the distribution as sampled, i.e. after truncation at 0 for normal). */
  double mean();

  /** The YAML form, with durations written as durations when {@code time} is true. */
  String describe(boolean time);

  /** Always {@code value}. */
  record Constant(double value) implements Distribution {
    @Override
    public double sample(SplittableRandom random) {
      return value;
    }

    @Override
    public double mean() {
      return value;
    }

    @Override
    public String describe(boolean time) {
      return "{constant: " + Distribution.format(value, time) + "}";
    }
  }

  /** Uniform on [min, max); for counts, each whole number in [min, max] equally likely. */
  record Uniform(double min, double max, boolean whole) implements Distribution {
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
    public String describe(boolean time) {
      return "{uniform: {min: " + Distribution.format(min, time) + ", max: " + Distribution.format(max, time) + "}}";
    }
  }

  /** Exponential with the given mean (memoryless waiting time); for counts, rounded to the nearest whole number. */
  record Exponential(double mean, boolean whole) implements Distribution {
    @Override
    public double sample(SplittableRandom random) {
      double x = -mean * StrictMath.log(1.0 - random.nextDouble());
      return whole ? Math.rint(x) : x;
    }

    @Override
    public String describe(boolean time) {
      return "{exponential: {mean: " + Distribution.format(mean, time) + "}}";
    }
  }

  /** Normal, samples below 0 taken as 0; for counts, rounded. */
  record Normal(double mean, double stddev, boolean whole) implements Distribution {
    @Override
    public double sample(SplittableRandom random) {
      double x = Math.max(0, mean + stddev * Distribution.gaussian(random));
      return whole ? Math.rint(x) : x;
    }

    @Override
    public String describe(boolean time) {
      return "{normal: {mean: " + Distribution.format(mean, time) + ", stddev: " + Distribution.format(stddev, time)
          + "}}";
    }
  }

  /** Log-normal with the given median and shape sigma (the standard deviation of the logarithm); for counts, rounded. */
  record LogNormal(double median, double sigma, boolean whole) implements Distribution {
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
    public String describe(boolean time) {
      return "{lognormal: {median: " + Distribution.format(median, time) + ", sigma: " + sigma + "}}";
    }
  }

  /** Geometric on 1, 2, 3, ... with the given mean (>= 1): the number of trials up to the first success. */
  record Geometric(double mean, double logOneMinusP) implements Distribution {
    public Geometric(double mean) {
      this(mean, StrictMath.log(1.0 - 1.0 / mean));
    }

    @Override
    public double sample(SplittableRandom random) {
      if (mean <= 1.0) {
        return 1;
      }
      return 1 + Math.floor(StrictMath.log(1.0 - random.nextDouble()) / logOneMinusP);
    }

    @Override
    public String describe(boolean time) {
      return "{geometric: {mean: " + Distribution.format(mean, false) + "}}";
    }
  }

  /** Poisson on 0, 1, 2, ... with the given mean; above a mean of 50 the normal approximation, rounded. */
  record Poisson(double mean, double expMinusMean) implements Distribution {
    public Poisson(double mean) {
      this(mean, StrictMath.exp(-mean));
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
    public String describe(boolean time) {
      return "{poisson: {mean: " + Distribution.format(mean, false) + "}}";
    }
  }

  /** A standard normal sample (Box-Muller, one of the pair). */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /** A value as written in a scenario file: a duration for time values (milliseconds), else a plain number. */
  static String format(double value, boolean time) {
    if (time) {
      return Durations.format(java.time.Duration.ofMillis(Math.round(value)));
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
