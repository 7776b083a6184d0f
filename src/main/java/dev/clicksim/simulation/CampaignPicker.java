package dev.clicksim.simulation;

import dev.clicksim.scenario.RateProfile;
import dev.clicksim.scenario.Scenario;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks a campaign by weight among those active at an offset. Weights that vary over time (active
 * intervals, boosts) are re-evaluated once per second of scenario time; callers ask in
 * non-decreasing time, so that is once per second. A pick consumes exactly one random double,
 * whatever the weights.
 */
final class CampaignPicker {
  private final double[] weights;
  private final RateProfile[] boosts;
  private final List<Scenario.Interval>[] intervals;
  private final boolean dynamic;
  private final double[] current;
  private final double[] cumulative;
  private long cachedSecond = Long.MIN_VALUE;

  @SuppressWarnings("unchecked")
  CampaignPicker(List<Scenario.Campaign> campaigns) {
    int n = campaigns.size();
    weights = new double[n];
    boosts = new RateProfile[n];
    intervals = new List[n];
    current = new double[n];
    cumulative = new double[n];
    boolean d = false;
    for (int i = 0; i < n; i++) {
      Scenario.Campaign c = campaigns.get(i);
      weights[i] = c.weight();
      boosts[i] = c.boost();
      intervals[i] = c.active();
      d |= c.boost() != null || !c.active().isEmpty();
    }
    dynamic = d;
    if (!dynamic) {
      fill(0);
    }
  }

  /** Whether campaign {@code i} runs at this offset. */
  boolean active(int i, long offsetMs) {
    List<Scenario.Interval> iv = intervals[i];
    if (iv.isEmpty()) {
      return true;
    }
    for (int k = 0; k < iv.size(); k++) {
      if (iv.get(k).contains(offsetMs)) {
        return true;
      }
    }
    return false;
  }

  /** The weight of campaign {@code i} at this offset (0 when inactive). */
  double weightAt(int i, long offsetMs) {
    refresh(offsetMs);
    return current[i];
  }

  /**
   * A campaign by weight at this offset, other than {@code exclude} (-1: none excluded); -1 when no
   * other campaign is active.
   */
  int pick(long offsetMs, int exclude, SplittableRandom random) {
    refresh(offsetMs);
    int n = cumulative.length;
    double total = cumulative[n - 1];
    double excluded = exclude >= 0 ? current[exclude] : 0;
    double avail = total - excluded;
    if (!(avail > 0)) {
      return -1;
    }
    double r = random.nextDouble() * avail;
    if (exclude >= 0 && r >= cumulative[exclude] - excluded) {
      r += excluded;
    }
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (r < cumulative[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Rounding can land on a zero-weight or excluded campaign at the top end: step back to a
    // pickable one.
    while (lo > 0 && (current[lo] == 0 || lo == exclude)) {
      lo--;
    }
    if (current[lo] == 0 || lo == exclude) {
      for (lo = 0; lo < n && (current[lo] == 0 || lo == exclude); lo++) {
        // first pickable
      }
    }
    return lo;
  }

  private void refresh(long offsetMs) {
    if (!dynamic) {
      return;
    }
    long second = Math.floorDiv(offsetMs, 1000L);
    if (second != cachedSecond) {
      cachedSecond = second;
      fill(second * 1000L);
    }
  }

  private void fill(long atMs) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      double w = 0;
      if (active(i, atMs)) {
        w = weights[i];
        if (boosts[i] != null) {
          w *= 1.0 + boosts[i].rateAt(atMs);
        }
      }
      current[i] = w;
      sum += w;
      cumulative[i] = sum;
    }
  }
}
