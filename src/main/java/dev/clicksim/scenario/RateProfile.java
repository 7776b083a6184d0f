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
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rate over scenario time (events per second at an offset from the scenario's start), written in
 * YAML as a one-key map naming the kind: {@code {constant: 50}} (or just {@code 50}), {@code {ramp:
 * {from: 10, to: 200, start: 0m, end: 90m}}}, {@code {steps: [{at: 0m, rate: 10}, {at: 30m, rate:
 * 80}]}}, {@code {peak: {at: 90m, height: 300, rise: 40m, decay: 15m}}}, {@code {burst: {at: 45m,
 * length: 3m, rate: 400, decay: 1m}}}, {@code {sine: {mean: 50, amplitude: 30, period: 24h}}}, and
 * the compositions {@code {sum: [...]}} and {@code {product: [...]}}. A rate below zero is taken as
 * zero. Evaluation uses {@link StrictMath}, so a profile gives the same rates on every machine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonTypeResolver(YamlValues.Kinds.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = RateProfile.Constant.class, name = "constant"),
  @JsonSubTypes.Type(value = RateProfile.Ramp.class, name = "ramp"),
  @JsonSubTypes.Type(value = RateProfile.Steps.class, name = "steps"),
  @JsonSubTypes.Type(value = RateProfile.Peak.class, name = "peak"),
  @JsonSubTypes.Type(value = RateProfile.Burst.class, name = "burst"),
  @JsonSubTypes.Type(value = RateProfile.Sine.class, name = "sine"),
  @JsonSubTypes.Type(value = RateProfile.Sum.class, name = "sum"),
  @JsonSubTypes.Type(value = RateProfile.Product.class, name = "product")
})
public sealed interface RateProfile {

  /**
   * The rate at {@code offsetMs} after the scenario's start; may be negative inside a composition.
   */
  double rawRateAt(double offsetMs);

  /** The rate at {@code offsetMs}, never negative. */
  default double rateAt(double offsetMs) {
    return Math.max(0.0, rawRateAt(offsetMs));
  }

  /** The YAML form. */
  String describe();

  /** This profile times {@code factor} (the {@code --rate-scale} override). */
  default RateProfile scaled(double factor) {
    if (factor == 1.0) {
      return this;
    }
    return new Product(List.of(this, new Constant(factor)));
  }

  record Constant(double rate) implements RateProfile {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Constant {
      atLeastZero("", rate, false);
    }

    @Override
    public double rawRateAt(double offsetMs) {
      return rate;
    }

    @Override
    public String describe() {
      return "{constant: " + num(rate) + "}";
    }
  }

  /** {@code from} until {@code startMs}, linear to {@code to} at {@code endMs}, then {@code to}. */
  record Ramp(double from, double to, double startMs, double endMs) implements RateProfile {
    public Ramp {
      atLeastZero("from", from, false);
      atLeastZero("to", to, false);
      atLeastZero("start", startMs, true);
      if (!(Check.finite("end", endMs) > startMs)) {
        throw fail("end", "must be after start (" + dur(startMs) + "), was " + dur(endMs));
      }
    }

    @JsonCreator
    static Ramp fromYaml(
        @JsonProperty("from") Double from,
        @JsonProperty("to") Double to,
        @JsonProperty("start") Duration start,
        @JsonProperty("end") Duration end) {
      return new Ramp(
          required("from", from), required("to", to), ms(start), required("end", end).toMillis());
    }

    @Override
    public double rawRateAt(double t) {
      if (t <= startMs) {
        return from;
      }
      if (t >= endMs) {
        return to;
      }
      return from + (to - from) * (t - startMs) / (endMs - startMs);
    }

    @Override
    public String describe() {
      return "{ramp: {from: "
          + num(from)
          + ", to: "
          + num(to)
          + ", start: "
          + dur(startMs)
          + ", end: "
          + dur(endMs)
          + "}}";
    }
  }

  /**
   * Piecewise constant: each step's rate from its {@code at} to the next step's; 0 before the first
   * step.
   */
  record Steps(List<Step> steps) implements RateProfile {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Steps {
      steps = Check.list("", steps);
      if (steps.isEmpty()) {
        throw fail("", "must be a non-empty list of {at: DURATION, rate: N}");
      }
      for (int i = 1; i < steps.size(); i++) {
        if (steps.get(i).atMs() <= steps.get(i - 1).atMs()) {
          throw fail(
              "[" + i + "].at",
              "must be after the previous step's, was " + dur(steps.get(i).atMs()));
        }
      }
    }

    @Override
    public double rawRateAt(double t) {
      double rate = 0;
      for (Step s : steps) {
        if (t >= s.atMs()) {
          rate = s.rate();
        } else {
          break;
        }
      }
      return rate;
    }

    @Override
    public String describe() {
      return "{steps: ["
          + steps.stream()
              .map(s -> "{at: " + dur(s.atMs()) + ", rate: " + num(s.rate()) + "}")
              .collect(Collectors.joining(", "))
          + "]}";
    }
  }

  record Step(double atMs, double rate) {
    public Step {
      atLeastZero("at", atMs, true);
      atLeastZero("rate", rate, false);
    }

    @JsonCreator
    static Step fromYaml(@JsonProperty("at") Duration at, @JsonProperty("rate") Double rate) {
      return new Step(required("at", at).toMillis(), required("rate", rate));
    }
  }

  /**
   * A peak of {@code height} at {@code atMs}: rises as exp(-(at - t)/rise) before it and decays as
   * exp(-(t - at)/decay) after it (rise and decay are time constants; 0 means a sharp edge).
   */
  record Peak(double atMs, double height, double riseMs, double decayMs) implements RateProfile {
    public Peak {
      atLeastZero("at", atMs, true);
      atLeastZero("height", height, false);
      atLeastZero("rise", riseMs, true);
      atLeastZero("decay", decayMs, true);
    }

    @JsonCreator
    static Peak fromYaml(
        @JsonProperty("at") Duration at,
        @JsonProperty("height") Double height,
        @JsonProperty("rise") Duration rise,
        @JsonProperty("decay") Duration decay) {
      return new Peak(
          required("at", at).toMillis(), required("height", height), ms(rise), ms(decay));
    }

    @Override
    public double rawRateAt(double t) {
      if (t < atMs) {
        return riseMs <= 0 ? 0 : height * StrictMath.exp(-(atMs - t) / riseMs);
      }
      return decayMs <= 0
          ? (t == atMs ? height : 0)
          : height * StrictMath.exp(-(t - atMs) / decayMs);
    }

    @Override
    public String describe() {
      return "{peak: {at: "
          + dur(atMs)
          + ", height: "
          + num(height)
          + ", rise: "
          + dur(riseMs)
          + ", decay: "
          + dur(decayMs)
          + "}}";
    }
  }

  /**
   * A flash-sale spike: {@code rate} during [at, at + length), then decaying as exp(-(t -
   * end)/decay) (0: none).
   */
  record Burst(double atMs, double lengthMs, double rate, double decayMs) implements RateProfile {
    public Burst {
      atLeastZero("at", atMs, true);
      positive("length", lengthMs, true);
      atLeastZero("rate", rate, false);
      atLeastZero("decay", decayMs, true);
    }

    @JsonCreator
    static Burst fromYaml(
        @JsonProperty("at") Duration at,
        @JsonProperty("length") Duration length,
        @JsonProperty("rate") Double rate,
        @JsonProperty("decay") Duration decay) {
      return new Burst(
          required("at", at).toMillis(),
          required("length", length).toMillis(),
          required("rate", rate),
          ms(decay));
    }

    @Override
    public double rawRateAt(double t) {
      if (t < atMs) {
        return 0;
      }
      double end = atMs + lengthMs;
      if (t < end) {
        return rate;
      }
      return decayMs <= 0 ? 0 : rate * StrictMath.exp(-(t - end) / decayMs);
    }

    @Override
    public String describe() {
      return "{burst: {at: "
          + dur(atMs)
          + ", length: "
          + dur(lengthMs)
          + ", rate: "
          + num(rate)
          + ", decay: "
          + dur(decayMs)
          + "}}";
    }
  }

  /** Diurnal or any periodic swing: mean + amplitude × sin(2π (t - phase) / period). */
  record Sine(double mean, double amplitude, double periodMs, double phaseMs)
      implements RateProfile {
    public Sine {
      atLeastZero("mean", mean, false);
      Check.finite("amplitude", amplitude);
      positive("period", periodMs, true);
      atLeastZero("phase", phaseMs, true);
    }

    @JsonCreator
    static Sine fromYaml(
        @JsonProperty("mean") Double mean,
        @JsonProperty("amplitude") Double amplitude,
        @JsonProperty("period") Duration period,
        @JsonProperty("phase") Duration phase) {
      return new Sine(
          required("mean", mean),
          required("amplitude", amplitude),
          required("period", period).toMillis(),
          ms(phase));
    }

    @Override
    public double rawRateAt(double t) {
      return mean + amplitude * StrictMath.sin(2 * Math.PI * (t - phaseMs) / periodMs);
    }

    @Override
    public String describe() {
      return "{sine: {mean: "
          + num(mean)
          + ", amplitude: "
          + num(amplitude)
          + ", period: "
          + dur(periodMs)
          + ", phase: "
          + dur(phaseMs)
          + "}}";
    }
  }

  record Sum(List<RateProfile> parts) implements RateProfile {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Sum {
      parts = nonEmpty(parts);
    }

    @Override
    public double rawRateAt(double t) {
      double r = 0;
      for (RateProfile p : parts) {
        r += p.rawRateAt(t);
      }
      return r;
    }

    @Override
    public String describe() {
      return "{sum: ["
          + parts.stream().map(RateProfile::describe).collect(Collectors.joining(", "))
          + "]}";
    }
  }

  record Product(List<RateProfile> parts) implements RateProfile {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Product {
      parts = nonEmpty(parts);
    }

    @Override
    public double rawRateAt(double t) {
      double r = 1;
      for (RateProfile p : parts) {
        r *= p.rawRateAt(t);
      }
      return r;
    }

    @Override
    public String describe() {
      return "{product: ["
          + parts.stream().map(RateProfile::describe).collect(Collectors.joining(", "))
          + "]}";
    }
  }

  private static List<RateProfile> nonEmpty(List<RateProfile> parts) {
    List<RateProfile> copy = Check.list("", parts);
    if (copy.isEmpty()) {
      throw fail("", "must be a non-empty list of rate profiles");
    }
    return copy;
  }

  /** An optional offset in milliseconds, 0 when not given. */
  private static double ms(Duration d) {
    return d == null ? 0 : d.toMillis();
  }

  private static String num(double v) {
    return Distribution.format(v, false);
  }

  private static String dur(double ms) {
    return Distribution.format(ms, true);
  }
}
