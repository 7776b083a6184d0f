package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.AbstractHistogram;

/**
 * One latency measure as percentiles in milliseconds.
 *
 * @param name {@code ack_from_intended}, {@code ack_from_actual}, {@code window_completion} or
 *     {@code click_visibility}
 * @param description what is measured, from which moment to which
 * @param method how it was measured and at what resolution, e.g. "polling every 50 ms"
 * @param percentileCurve {@code [percentile, valueMs]} pairs, percentile ascending from 0 to 100
 *     (the max), spaced evenly on the {@code 1/(1-p)} axis percentile plots use
 */
@JsonPropertyOrder({
  "name",
  "description",
  "method",
  "count",
  "p50Ms",
  "p90Ms",
  "p99Ms",
  "p999Ms",
  "maxMs",
  "percentileCurve"
})
public record LatencySummary(
    String name,
    String description,
    String method,
    long count,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    List<double[]> percentileCurve) {

  /** Curve points per decade of {@code 1/(1-p)}: 90%, 99%, 99.9% ... are 15 points apart. */
  static final int POINTS_PER_DECADE = 15;

  /**
   * The curve stops at 99.9999% before the max; beyond that a histogram's tail is its max anyway.
   */
  static final int MAX_DECADES = 6;

  public LatencySummary {
    percentileCurve =
        percentileCurve == null
            ? List.of()
            : percentileCurve.stream()
                .map(
                    p -> {
                      if (p == null || p.length != 2) {
                        throw new IllegalArgumentException(
                            "latency "
                                + name
                                + ": percentile curve points must be [percentile, valueMs]");
                      }
                      return p.clone();
                    })
                .toList();
  }

  /**
   * Summarizes a histogram whose values are microseconds; the curve reaches as far into the tail as
   * the count allows.
   */
  public static LatencySummary of(
      String name, String description, String method, AbstractHistogram histogramInMicros) {
    AbstractHistogram h = histogramInMicros;
    long count = h.getTotalCount();
    List<double[]> curve = new ArrayList<>();
    if (count > 0) {
      int decades = (int) Math.min(MAX_DECADES, Math.max(1, Math.ceil(Math.log10(count))));
      for (int k = 0; k <= decades * POINTS_PER_DECADE; k++) {
        double p = 100.0 * (1.0 - Math.pow(10, -(double) k / POINTS_PER_DECADE));
        curve.add(new double[] {p, ms(h.getValueAtPercentile(p))});
      }
      curve.add(new double[] {100.0, ms(h.getMaxValue())});
    }
    return new LatencySummary(
        name,
        description,
        method,
        count,
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()),
        curve);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  // A record compares arrays by identity; the curve must compare by content for a JSON round trip
  // to be equal.
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LatencySummary that)) {
      return false;
    }
    if (percentileCurve.size() != that.percentileCurve.size()) {
      return false;
    }
    for (int i = 0; i < percentileCurve.size(); i++) {
      if (!Arrays.equals(percentileCurve.get(i), that.percentileCurve.get(i))) {
        return false;
      }
    }
    return count == that.count
        && Double.compare(p50Ms, that.p50Ms) == 0
        && Double.compare(p90Ms, that.p90Ms) == 0
        && Double.compare(p99Ms, that.p99Ms) == 0
        && Double.compare(p999Ms, that.p999Ms) == 0
        && Double.compare(maxMs, that.maxMs) == 0
        && Objects.equals(name, that.name)
        && Objects.equals(description, that.description)
        && Objects.equals(method, that.method);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(name, description, method, count, p50Ms, p90Ms, p99Ms, p999Ms, maxMs);
    for (double[] p : percentileCurve) {
      h = 31 * h + Arrays.hashCode(p);
    }
    return h;
  }

  @Override
  public String toString() {
    return "LatencySummary[name="
        + name
        + ", count="
        + count
        + ", p50Ms="
        + p50Ms
        + ", p90Ms="
        + p90Ms
        + ", p99Ms="
        + p99Ms
        + ", p999Ms="
        + p999Ms
        + ", maxMs="
        + maxMs
        + ", curvePoints="
        + percentileCurve.size()
        + "]";
  }
}
