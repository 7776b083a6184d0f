package dev.clicksim.simulation;

import dev.clicksim.scenario.Scenario;
import dev.clicksim.window.WindowSpec;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A scenario's deliveries in send order, as a pure function of (scenario with its seed, window
 * spec, anchor, campaign prefix): no clock, no I/O.
 *
 * <p>Clicks come in event-time order from {@link ClickGenerator} (uniform mode) or from the session
 * model. Each click's event time is {@code anchorMs} + its scenario offset, in [anchor, anchor +
 * duration). The disorder of the scenario then decides its delivery: in order (at its event time),
 * out of order (up to {@code maxDelay} later), or late (after its window's end + grace + margin, so
 * the pipeline drops it once stream time has moved on); independently a share is delivered a second
 * time shortly after the first. Deliveries come out by delivery time (in-order ones first among
 * equal times, else in the order they were produced). Delayed deliveries wait in a heap, so memory
 * is O(active sessions + deliveries within the largest delay), never O(clicks).
 *
 * <p>Disorder draws come from a random generator split off the seed, so a scenario without disorder
 * produces exactly the clicks of its event-order source.
 */
public final class ScenarioSimulation implements Iterator<Delivery> {
  private final Iterator<Click> source;
  private final SessionClicks sessions;
  private final long anchorMs;
  private final WindowSpec windows;
  private final double nanosPerMs;
  private final boolean disorder;
  private final SplittableRandom random;
  private final double lateShare;
  private final double delayedShare;
  private final long outOfOrderMaxDelayMs;
  private final long lateMarginMs;
  private final double duplicateShare;
  private final long duplicateMaxDelayMs;
  private final MinHeap<Delivery> delayed = new MinHeap<>(256);

  /**
   * Event-time offset of the last click taken from the source: no later delivery can come before
   * it.
   */
  private long watermark = Long.MIN_VALUE;

  private Click inOrder;
  private long inOrderOffset;

  private long clicks;
  private long outOfOrder;
  private long late;
  private long duplicates;

  /** With the default windows (2 minutes, grace 1 minute). */
  public ScenarioSimulation(Scenario scenario, long anchorMs, String campaignPrefix) {
    this(scenario, WindowSpec.DEFAULT, anchorMs, campaignPrefix);
  }

  /**
   * @param windows the pipeline's windows: late deliveries are placed after their window's end +
   *     grace
   * @param anchorMs event time of the scenario's start, epoch ms (align it to a window start so
   *     windows line up)
   * @param campaignPrefix put in front of campaign ids and event ids, so runs on one stack stay
   *     apart; may be empty
   */
  public ScenarioSimulation(
      Scenario scenario, WindowSpec windows, long anchorMs, String campaignPrefix) {
    String prefix = campaignPrefix == null ? "" : campaignPrefix;
    this.anchorMs = anchorMs;
    this.windows = windows;
    if (scenario.sessionMode()) {
      this.sessions = new SessionClicks(scenario, anchorMs, prefix);
      this.source = sessions;
    } else {
      this.sessions = null;
      this.source = new ClickGenerator(scenario, scenario.seed(), anchorMs, prefix);
    }
    this.nanosPerMs = scenario.maxSpeed() ? 0.0 : 1_000_000.0 / scenario.speed();
    Scenario.Disorder d = scenario.disorder();
    this.disorder = !d.none();
    this.random = new SplittableRandom(scenario.seed()).split();
    this.lateShare = d.late().share();
    this.delayedShare = d.late().share() + d.outOfOrder().share();
    this.outOfOrderMaxDelayMs = Math.max(1, d.outOfOrder().maxDelay().toMillis());
    this.lateMarginMs = d.late().margin().toMillis();
    this.duplicateShare = d.duplicates().share();
    this.duplicateMaxDelayMs = Math.max(1, d.duplicates().maxDelay().toMillis());
  }

  @Override
  public boolean hasNext() {
    return inOrder != null || !delayed.isEmpty() || source.hasNext();
  }

  @Override
  public Delivery next() {
    while (true) {
      if (inOrder == null
          && (delayed.isEmpty() || delayed.peekKey() >= watermark)
          && source.hasNext()) {
        take(source.next());
        continue;
      }
      if (inOrder != null && inOrderOffset <= delayed.peekKey()) {
        Click c = inOrder;
        inOrder = null;
        return delivery(c, inOrderOffset, false);
      }
      if (!delayed.isEmpty()) {
        return delayed.pop();
      }
      throw new NoSuchElementException("all deliveries made");
    }
  }

  private void take(Click c) {
    clicks++;
    long offset = c.eventTimeMs() - anchorMs;
    watermark = offset;
    if (!disorder) {
      inOrder = c;
      inOrderOffset = offset;
      return;
    }
    long at = offset;
    double u = random.nextDouble();
    if (u < lateShare) {
      late++;
      long end = windows.startOf(c.eventTimeMs()) + windows.sizeMs() - anchorMs;
      at =
          end
              + windows.graceMs()
              + lateMarginMs
              + (lateMarginMs > 0 ? random.nextLong(lateMarginMs) : 0);
      delay(c, at, false);
    } else if (u < delayedShare) {
      outOfOrder++;
      at = offset + 1 + random.nextLong(outOfOrderMaxDelayMs);
      delay(c, at, false);
    } else {
      inOrder = c;
      inOrderOffset = offset;
    }
    if (duplicateShare > 0 && random.nextDouble() < duplicateShare) {
      duplicates++;
      delay(c, at + 1 + random.nextLong(duplicateMaxDelayMs), true);
    }
  }

  private void delay(Click c, long at, boolean duplicate) {
    delayed.push(at, delivery(c, at, duplicate));
  }

  private Delivery delivery(Click c, long offsetMs, boolean duplicate) {
    return new Delivery(c, (long) (offsetMs * nanosPerMs), duplicate, offsetMs);
  }

  /** Distinct clicks taken so far (a duplicated click counts once). */
  public long clicks() {
    return clicks;
  }

  /** Clicks so far delivered out of order (within their bound). */
  public long outOfOrder() {
    return outOfOrder;
  }

  /** Clicks so far delivered after their window's end + grace + margin. */
  public long late() {
    return late;
  }

  /** Second deliveries so far. */
  public long duplicates() {
    return duplicates;
  }

  /** Sessions landed so far; 0 in uniform mode. */
  public long sessions() {
    return sessions == null ? 0 : sessions.sessions();
  }

  /** Deliveries waiting in the delay buffer. */
  int bufferedDeliveries() {
    return delayed.size();
  }

  /** Sessions waiting for their next click; 0 in uniform mode. */
  int activeSessions() {
    return sessions == null ? 0 : sessions.activeSessions();
  }
}
