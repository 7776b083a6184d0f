package dev.clicksim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deserializers for the scenario values that have their own small syntax (durations, speed, distributions, rate
 * profiles). A problem becomes a {@link JsonMappingException} carrying the location of the value and the path inside it,
 * so the loader's one-line message names the full field path with line and column.
 */
final class YamlValues {
  private YamlValues() {}

  /** A problem at a path relative to the value being read; segments are field names (String) or list indexes. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient List<Object> path;

    Problem(List<Object> path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  /** Reads a whole value as a tree and converts it, turning a {@link Problem} into a located mapping exception. */
  abstract static class TreeDeserializer<T> extends JsonDeserializer<T> {
    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonLocation at = p.currentTokenLocation();
      JsonNode node = ctxt.readTree(p);
      try {
        return convert(node, List.of());
      } catch (Problem e) {
        JsonMappingException m = new JsonMappingException(p, e.getMessage(), at);
        for (int i = e.path.size() - 1; i >= 0; i--) {
          Object seg = e.path.get(i);
          if (seg instanceof Integer idx) {
            m.prependPath(null, idx);
          } else {
            m.prependPath(null, (String) seg);
          }
        }
        throw m;
      }
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) {
      return null;
    }

    abstract T convert(JsonNode node, List<Object> path);
  }

  static final class DurationDeserializer extends TreeDeserializer<Duration> {
    @Override
    Duration convert(JsonNode node, List<Object> path) {
      return duration(node, path);
    }
  }

  /** A positive number of scenario seconds per wall second, or {@code max}. */
  static final class SpeedDeserializer extends TreeDeserializer<Double> {
    @Override
    Double convert(JsonNode node, List<Object> path) {
      if (node.isTextual() && node.asText().strip().equalsIgnoreCase("max")) {
        return Scenario.MAX_SPEED;
      }
      if (!node.isNumber()) {
        throw new Problem(path, "must be a number of scenario seconds per wall second, or max; was " + shown(node));
      }
      double v = node.asDouble();
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new Problem(path, "must be > 0, or max; was " + shown(node));
      }
      return v;
    }
  }

  static final class TimeDistributionDeserializer extends TreeDeserializer<Distribution> {
    @Override
    Distribution convert(JsonNode node, List<Object> path) {
      return distribution(node, path, true);
    }
  }

  static final class CountDistributionDeserializer extends TreeDeserializer<Distribution> {
    @Override
    Distribution convert(JsonNode node, List<Object> path) {
      return distribution(node, path, false);
    }
  }

  static final class RateProfileDeserializer extends TreeDeserializer<RateProfile> {
    @Override
    RateProfile convert(JsonNode node, List<Object> path) {
      return rateProfile(node, path);
    }
  }

  // --- values -------------------------------------------------------------------------------------------------------

  static Duration duration(JsonNode node, List<Object> path) {
    if (node == null || node.isNull()) {
      throw new Problem(path, "is required");
    }
    if (!node.isValueNode()) {
      throw new Problem(path, "must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was " + shown(node));
    }
    try {
      return Durations.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new Problem(path, e.getMessage());
    }
  }

  static double durationMs(JsonNode node, List<Object> path) {
    Duration d = duration(node, path);
    if (d.isNegative()) {
      throw new Problem(path, "must be >= 0, was " + node.asText());
    }
    return d.toMillis();
  }

  static double number(JsonNode node, List<Object> path) {
    if (node == null || node.isNull()) {
      throw new Problem(path, "is required");
    }
    if (!node.isNumber()) {
      throw new Problem(path, "must be a number, was " + shown(node));
    }
    double v = node.asDouble();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new Problem(path, "must be a finite number, was " + shown(node));
    }
    return v;
  }

  static double nonNegative(JsonNode node, List<Object> path) {
    double v = number(node, path);
    if (v < 0) {
      throw new Problem(path, "must be >= 0, was " + shown(node));
    }
    return v;
  }

  private static String shown(JsonNode node) {
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "'" + node.asText() + "'";
    }
    return node.asText();
  }

  private static List<Object> at(List<Object> path, Object segment) {
    List<Object> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(segment);
    return p;
  }

  /** The single key of a {@code {kind: params}} map, checked against the known kinds. */
  private static Map.Entry<String, JsonNode> kind(JsonNode node, List<Object> path, String what, Set<String> kinds,
      String example) {
    if (!node.isObject() || node.size() != 1) {
      throw new Problem(path, "must be a " + what + " written as one of " + String.join(", ", kinds) + ", e.g. "
          + example + "; was " + shown(node));
    }
    Map.Entry<String, JsonNode> e = node.fields().next();
    if (!kinds.contains(e.getKey())) {
      throw new Problem(path, "unknown " + what + " '" + e.getKey() + "' (known: " + String.join(", ", kinds) + ")");
    }
    return e;
  }

  /** The parameters map of a kind, with unknown keys rejected and required keys checked. */
  private static JsonNode params(JsonNode node, List<Object> path, Set<String> required, Set<String> optional) {
    if (!node.isObject()) {
      Set<String> all = new TreeSet<>(required);
      all.addAll(optional);
      throw new Problem(path, "must be a map with " + String.join(", ", all) + "; was " + shown(node));
    }
    Set<String> known = new TreeSet<>(required);
    known.addAll(optional);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new Problem(at(path, f), "unknown field '" + f + "' (known fields: " + String.join(", ", known) + ")");
      }
    }
    for (String r : required) {
      if (!node.has(r) || node.get(r).isNull()) {
        throw new Problem(at(path, r), "is required");
      }
    }
    return node;
  }

  // --- distributions ------------------------------------------------------------------------------------------------

  private static final Set<String> TIME_KINDS =
      new java.util.LinkedHashSet<>(List.of("constant", "uniform", "exponential", "normal", "lognormal"));
  private static final Set<String> COUNT_KINDS = new java.util.LinkedHashSet<>(
      List.of("constant", "uniform", "exponential", "normal", "lognormal", "geometric", "poisson"));

  static Distribution distribution(JsonNode node, List<Object> path, boolean time) {
    if (node.isValueNode()) {
      return new Distribution.Constant(value(node, path, time));
    }
    Map.Entry<String, JsonNode> e = kind(node, path, time ? "time distribution" : "count distribution",
        time ? TIME_KINDS : COUNT_KINDS, time ? "{exponential: {mean: 5s}}" : "{geometric: {mean: 4}}");
    List<Object> p = at(path, e.getKey());
    JsonNode v = e.getValue();
    boolean whole = !time;
    switch (e.getKey()) {
      case "constant" -> {
        return new Distribution.Constant(value(v, p, time));
      }
      case "uniform" -> {
        params(v, p, Set.of("min", "max"), Set.of());
        double min = value(v.get("min"), at(p, "min"), time);
        double max = value(v.get("max"), at(p, "max"), time);
        if (max < min) {
          throw new Problem(at(p, "max"), "must be >= min, was " + v.get("max").asText());
        }
        return new Distribution.Uniform(min, max, whole);
      }
      case "exponential" -> {
        params(v, p, Set.of("mean"), Set.of());
        return new Distribution.Exponential(positive(v.get("mean"), at(p, "mean"), time), whole);
      }
      case "normal" -> {
        params(v, p, Set.of("mean", "stddev"), Set.of());
        return new Distribution.Normal(value(v.get("mean"), at(p, "mean"), time),
            value(v.get("stddev"), at(p, "stddev"), time), whole);
      }
      case "lognormal" -> {
        params(v, p, Set.of("median", "sigma"), Set.of());
        return new Distribution.LogNormal(positive(v.get("median"), at(p, "median"), time),
            nonNegative(v.get("sigma"), at(p, "sigma")), whole);
      }
      case "geometric" -> {
        params(v, p, Set.of("mean"), Set.of());
        double mean = number(v.get("mean"), at(p, "mean"));
        if (mean < 1) {
          throw new Problem(at(p, "mean"), "must be >= 1 (a geometric count is at least 1), was " + v.get("mean"));
        }
        return new Distribution.Geometric(mean);
      }
      default -> {
        params(v, p, Set.of("mean"), Set.of());
        return new Distribution.Poisson(nonNegative(v.get("mean"), at(p, "mean")));
      }
    }
  }

  /** A duration in ms for time distributions, a non-negative number (whole for counts) otherwise. */
  private static double value(JsonNode node, List<Object> path, boolean time) {
    if (time) {
      return durationMs(node, path);
    }
    double v = nonNegative(node, path);
    if (v != Math.rint(v)) {
      throw new Problem(path, "must be a whole number, was " + node.asText());
    }
    return v;
  }

  private static double positive(JsonNode node, List<Object> path, boolean time) {
    double v = time ? durationMs(node, path) : nonNegative(node, path);
    if (!(v > 0)) {
      throw new Problem(path, "must be > 0, was " + node.asText());
    }
    return v;
  }

  // --- rate profiles ------------------------------------------------------------------------------------------------

  private static final Set<String> PROFILE_KINDS = new java.util.LinkedHashSet<>(
      List.of("constant", "ramp", "steps", "peak", "burst", "sine", "sum", "product"));

  static RateProfile rateProfile(JsonNode node, List<Object> path) {
    if (node.isNumber()) {
      return new RateProfile.Constant(nonNegative(node, path));
    }
    Map.Entry<String, JsonNode> e = kind(node, path, "rate profile", PROFILE_KINDS, "{constant: 50}");
    List<Object> p = at(path, e.getKey());
    JsonNode v = e.getValue();
    switch (e.getKey()) {
      case "constant" -> {
        return new RateProfile.Constant(nonNegative(v, p));
      }
      case "ramp" -> {
        params(v, p, Set.of("from", "to", "end"), Set.of("start"));
        double start = v.has("start") ? durationMs(v.get("start"), at(p, "start")) : 0;
        double end = durationMs(v.get("end"), at(p, "end"));
        if (end <= start) {
          throw new Problem(at(p, "end"), "must be after start (" + Distribution.format(start, true) + "), was "
              + v.get("end").asText());
        }
        return new RateProfile.Ramp(nonNegative(v.get("from"), at(p, "from")), nonNegative(v.get("to"), at(p, "to")),
            start, end);
      }
      case "steps" -> {
        if (!v.isArray() || v.isEmpty()) {
          throw new Problem(p, "must be a non-empty list of {at: DURATION, rate: N}");
        }
        List<RateProfile.Step> steps = new ArrayList<>();
        double last = -1;
        for (int i = 0; i < v.size(); i++) {
          List<Object> pi = at(p, i);
          JsonNode s = params(v.get(i), pi, Set.of("at", "rate"), Set.of());
          double atMs = durationMs(s.get("at"), at(pi, "at"));
          if (atMs <= last) {
            throw new Problem(at(pi, "at"), "must be after the previous step's, was " + s.get("at").asText());
          }
          last = atMs;
          steps.add(new RateProfile.Step(atMs, nonNegative(s.get("rate"), at(pi, "rate"))));
        }
        return new RateProfile.Steps(steps);
      }
      case "peak" -> {
        params(v, p, Set.of("at", "height"), Set.of("rise", "decay"));
        return new RateProfile.Peak(durationMs(v.get("at"), at(p, "at")),
            nonNegative(v.get("height"), at(p, "height")),
            v.has("rise") ? durationMs(v.get("rise"), at(p, "rise")) : 0,
            v.has("decay") ? durationMs(v.get("decay"), at(p, "decay")) : 0);
      }
      case "burst" -> {
        params(v, p, Set.of("at", "length", "rate"), Set.of("decay"));
        double length = durationMs(v.get("length"), at(p, "length"));
        if (!(length > 0)) {
          throw new Problem(at(p, "length"), "must be > 0, was " + v.get("length").asText());
        }
        return new RateProfile.Burst(durationMs(v.get("at"), at(p, "at")), length,
            nonNegative(v.get("rate"), at(p, "rate")),
            v.has("decay") ? durationMs(v.get("decay"), at(p, "decay")) : 0);
      }
      case "sine" -> {
        params(v, p, Set.of("mean", "amplitude", "period"), Set.of("phase"));
        double period = durationMs(v.get("period"), at(p, "period"));
        if (!(period > 0)) {
          throw new Problem(at(p, "period"), "must be > 0, was " + v.get("period").asText());
        }
        return new RateProfile.Sine(nonNegative(v.get("mean"), at(p, "mean")),
            number(v.get("amplitude"), at(p, "amplitude")), period,
            v.has("phase") ? durationMs(v.get("phase"), at(p, "phase")) : 0);
      }
      default -> {
        if (!v.isArray() || v.isEmpty()) {
          throw new Problem(p, "must be a non-empty list of rate profiles");
        }
        List<RateProfile> parts = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
          parts.add(rateProfile(v.get(i), at(p, i)));
        }
        return e.getKey().equals("sum") ? new RateProfile.Sum(parts) : new RateProfile.Product(parts);
      }
    }
  }
}
