package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributionTest {
  private static final int N = 200_000;

  private static double sampleMean(Distribution d, double min) {
    SplittableRandom r = new SplittableRandom(42);
    double sum = 0;
    for (int i = 0; i < N; i++) {
      double x = d.sample(r);
      assertThat(x).isGreaterThanOrEqualTo(min);
      sum += x;
    }
    return sum / N;
  }

  @Test
  void should_sample_each_distribution_around_its_mean() {
    assertThat(sampleMean(new Distribution.Constant(7), 7)).isEqualTo(7);
    assertThat(sampleMean(new Distribution.Uniform(1_000, 3_000, false), 1_000))
        .isCloseTo(2_000, within(10.0));
    assertThat(sampleMean(new Distribution.Exponential(5_000, false), 0))
        .isCloseTo(5_000, within(50.0));
    assertThat(sampleMean(new Distribution.Normal(10_000, 2_000, false), 0))
        .isCloseTo(10_000, within(30.0));
    Distribution.LogNormal ln = new Distribution.LogNormal(15_000, 0.7, false);
    assertThat(sampleMean(ln, 0)).isCloseTo(ln.mean(), within(ln.mean() * 0.01));
    assertThat(sampleMean(new Distribution.Geometric(4), 1)).isCloseTo(4, within(0.05));
    assertThat(sampleMean(new Distribution.Poisson(3), 0)).isCloseTo(3, within(0.03));
    assertThat(sampleMean(new Distribution.Poisson(200), 0)).isCloseTo(200, within(0.5));
  }

  @Test
  void should_draw_whole_numbers_for_counts_with_uniform_bounds_inclusive() {
    SplittableRandom r = new SplittableRandom(1);
    Distribution u = new Distribution.Uniform(1, 8, true);
    boolean[] seen = new boolean[10];
    for (int i = 0; i < 10_000; i++) {
      double x = u.sample(r);
      assertThat(x).isEqualTo(Math.rint(x)).isBetween(1.0, 8.0);
      seen[(int) x] = true;
    }
    assertThat(seen).containsExactly(false, true, true, true, true, true, true, true, true, false);
    double g = new Distribution.Geometric(3).sample(r);
    assertThat(g).isEqualTo(Math.rint(g));
  }

  @Test
  void should_give_the_same_samples_for_the_same_seed() {
    Distribution d = new Distribution.LogNormal(15_000, 0.7, false);
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 1000; i++) {
      assertThat(d.sample(a)).isEqualTo(d.sample(b));
    }
  }
}
