package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void should_report_percentiles_in_milliseconds_from_a_microsecond_histogram() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1000L);
    }

    LatencySummary l =
        LatencySummary.of("ack_from_intended", "intended send to ack", "nanoTime", h);

    assertThat(l.count()).isEqualTo(1000);
    // 3 significant digits: each value is within 0.1% of the recorded one.
    assertThat(l.p50Ms()).isCloseTo(500, within(0.5));
    assertThat(l.p90Ms()).isCloseTo(900, within(0.9));
    assertThat(l.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(l.p999Ms()).isCloseTo(999, within(1.0));
    assertThat(l.maxMs()).isCloseTo(1000, within(1.0));
    assertThat(l.name()).isEqualTo("ack_from_intended");
    assertThat(l.method()).isEqualTo("nanoTime");
  }

  @Test
  void should_draw_a_curve_from_zero_to_the_max_spaced_evenly_in_the_tail() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1000L);
    }

    List<double[]> curve = LatencySummary.of("x", "", "", h).percentileCurve();

    // 1000 samples reach 99.9%: three decades of 15 points, then the max.
    assertThat(curve).hasSize(3 * LatencySummary.POINTS_PER_DECADE + 2);
    assertThat(curve.get(0)).containsExactly(0.0, 1.0);
    assertThat(curve.get(LatencySummary.POINTS_PER_DECADE)[0]).isCloseTo(90.0, within(1e-9));
    assertThat(curve.get(2 * LatencySummary.POINTS_PER_DECADE)[0]).isCloseTo(99.0, within(1e-9));
    assertThat(curve.get(curve.size() - 1)[0]).isEqualTo(100.0);
    assertThat(curve.get(curve.size() - 1)[1]).isCloseTo(1000, within(1.0));
    for (int i = 1; i < curve.size(); i++) {
      assertThat(curve.get(i)[0]).isGreaterThan(curve.get(i - 1)[0]);
      assertThat(curve.get(i)[1]).isGreaterThanOrEqualTo(curve.get(i - 1)[1]);
    }
  }

  @Test
  void should_stop_the_curve_at_six_decades_for_large_histograms() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValueWithCount(2_000, 50_000_000);
    h.recordValue(900_000);

    LatencySummary l = LatencySummary.of("x", "", "", h);

    assertThat(l.percentileCurve()).hasSize(6 * LatencySummary.POINTS_PER_DECADE + 2);
    assertThat(l.p999Ms()).isCloseTo(2.0, within(0.01));
    assertThat(l.maxMs()).isCloseTo(900, within(1.0));
  }

  @Test
  void should_report_zeros_and_no_curve_for_an_empty_histogram() {
    LatencySummary l = LatencySummary.of("click_visibility", "d", "m", new Histogram(3));

    assertThat(l.count()).isZero();
    assertThat(l.p99Ms()).isZero();
    assertThat(l.maxMs()).isZero();
    assertThat(l.percentileCurve()).isEmpty();
  }

  @Test
  void should_compare_curves_by_content() {
    LatencySummary a = LatencySummary.of("x", "d", "m", ReportFixtures.ackHistogram(80_000));
    LatencySummary b = LatencySummary.of("x", "d", "m", ReportFixtures.ackHistogram(80_000));
    LatencySummary c = LatencySummary.of("x", "d", "m", ReportFixtures.ackHistogram(90_000));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
  }
}
