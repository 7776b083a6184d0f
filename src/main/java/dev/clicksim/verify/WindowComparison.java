package dev.clicksim.verify;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.WindowVerdict.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compares the truth with what the database holds, window by window, keyed by (campaign id, window start). */
public final class WindowComparison {
  private WindowComparison() {}

  private record Key(String campaignId, long windowStartMs) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = campaignId.compareTo(o.campaignId);
      return c != 0 ? c : Long.compare(windowStartMs, o.windowStartMs);
    }
  }

  /**
   * One verdict per window in either list. Observed rows should be one per window; if a window appears twice the larger
   * count is used (as for insert-mode tables, where the final count is the maximum).
   */
  public static ComparisonResult compare(List<WindowTruth> truth, List<ObservedWindow> observed) {
    Map<Key, WindowTruth> expected = new TreeMap<>();
    for (WindowTruth t : truth) {
      expected.merge(new Key(t.campaignId(), t.windowStartMs()), t, (a, b) -> {
        throw new IllegalArgumentException("truth has window " + a.campaignId() + "@" + a.windowStartMs() + " twice");
      });
    }
    Map<Key, ObservedWindow> seen = new TreeMap<>();
    for (ObservedWindow o : observed) {
      seen.merge(new Key(o.campaignId(), o.windowStartMs()), o, (a, b) -> a.count() >= b.count() ? a : b);
    }
    TreeMap<Key, WindowVerdict> verdicts = new TreeMap<>();
    expected.forEach((key, t) -> {
      ObservedWindow o = seen.get(key);
      long exp = t.expectedCount();
      Kind kind;
      if (o == null) {
        kind = exp == 0 ? Kind.MATCHED : Kind.MISSING_WINDOW;
      } else if (o.count() == exp) {
        kind = Kind.MATCHED;
      } else if (o.count() > exp && o.count() - exp <= t.droppedLate()) {
        // The surplus is no more than the clicks due to be dropped: most likely the pipeline's grace is longer.
        kind = Kind.LATE_CLICKS_COUNTED;
      } else if (exp == 0) {
        kind = Kind.UNEXPECTED_WINDOW;
      } else if (o.count() < exp && exp - o.count() <= t.countedInGrace()) {
        // The deficit is no more than the clicks only the grace kept: most likely the pipeline's grace is shorter.
        kind = Kind.LATE_CLICKS_DROPPED;
      } else {
        kind = o.count() < exp ? Kind.LOST_CLICKS : Kind.DUPLICATED_CLICKS;
      }
      verdicts.put(key, new WindowVerdict(t.campaignId(), t.windowStartMs(), t.windowEndMs(), exp,
          o == null ? null : o.count(), kind));
    });
    seen.forEach((key, o) -> {
      if (!expected.containsKey(key)) {
        verdicts.put(key, new WindowVerdict(o.campaignId(), o.windowStartMs(), o.windowEndMs(), 0, o.count(),
            Kind.UNEXPECTED_WINDOW));
      }
    });
    return new ComparisonResult(new ArrayList<>(verdicts.values()));
  }
}
