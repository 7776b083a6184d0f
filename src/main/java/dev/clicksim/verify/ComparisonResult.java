package dev.clicksim.verify;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every window's verdict, sorted by campaign id then window start. */
public record ComparisonResult(List<WindowVerdict> verdicts) {

  public ComparisonResult {
    verdicts = List.copyOf(verdicts);
  }

  public boolean matches() {
    return verdicts.stream().allMatch(WindowVerdict::matched);
  }

  public List<WindowVerdict> mismatches() {
    return verdicts.stream().filter(v -> !v.matched()).toList();
  }

  public long count(WindowVerdict.Kind kind) {
    return verdicts.stream().filter(v -> v.kind() == kind).count();
  }

  /** Number of windows whose table end is wrong, whatever their class. */
  public long wrongEnds() {
    return verdicts.stream().filter(WindowVerdict::endWrong).count();
  }

  /** Number of windows of each kind, every kind present (0 if none). */
  public Map<WindowVerdict.Kind, Long> countsByKind() {
    Map<WindowVerdict.Kind, Long> counts = new EnumMap<>(WindowVerdict.Kind.class);
    for (WindowVerdict.Kind k : WindowVerdict.Kind.values()) {
      counts.put(k, 0L);
    }
    verdicts.forEach(v -> counts.merge(v.kind(), 1L, Long::sum));
    return counts;
  }

  /** Sum of expected counts over all windows. */
  public long totalExpected() {
    return verdicts.stream().mapToLong(WindowVerdict::expected).sum();
  }

  /** Sum of observed counts over all windows. */
  public long totalObserved() {
    return verdicts.stream().mapToLong(v -> v.observed() == null ? 0 : v.observed()).sum();
  }
}
