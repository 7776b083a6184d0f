package dev.clicksim.simulation;

import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Where a run's event time starts. Stream time lives per partition for as long as the topology
 * runs, so a run whose clicks were older than what an earlier run already sent would see them
 * dropped as late, and the truth would depend on history. A run therefore starts after the latest
 * event time already on the input topic (in the window following it); otherwise as late as keeps
 * the whole scenario in the past, so dashboards show it as recent.
 */
public final class EventTimeAnchor {

  private EventTimeAnchor() {}

  /**
   * @param nowMs wall-clock now
   * @param duration the scenario's event-time span
   * @param latestOnTopic the highest record timestamp already on the input topic, if any
   */
  public static long choose(
      long nowMs, Duration duration, WindowSpec windows, OptionalLong latestOnTopic) {
    long inThePast = windows.startOf(nowMs - duration.toMillis());
    if (latestOnTopic.isEmpty()) {
      return inThePast;
    }
    return Math.max(inThePast, windows.startOf(latestOnTopic.getAsLong()) + windows.sizeMs());
  }
}
