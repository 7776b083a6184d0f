package dev.clicksim.simulation;

import dev.clicksim.scenario.Distribution;
import dev.clicksim.scenario.RateProfile;
import dev.clicksim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The clicks of a session-mode scenario in non-decreasing event-time order.
 *
 * <p>Sessions arrive as a Poisson process whose rate follows the arrival profile, taken as constant
 * over each 100 ms slice of scenario time (evaluated at the slice's middle). Each session then runs
 * the state machine of {@link Scenario.Sessions}: land, browse, a burst on one campaign picked by
 * weight among those active at the burst's first click, think, maybe a burst on another campaign,
 * leave. A burst ends early if its campaign stops running. Sessions waiting for their next click
 * sit in a heap keyed by that click's time, so memory is O(active sessions).
 */
final class SessionClicks implements Iterator<Click> {
  static final long SLICE_MS = 100;

  private final SplittableRandom random;
  private final long anchorMs;
  private final double durationMs;
  private final EventIds eventIds;
  private final String[] campaignIds;
  private final String[][] items;
  private final CampaignPicker picker;
  private final RateProfile arrivals;
  private final Distribution browse;
  private final Distribution burstSize;
  private final Distribution clickGap;
  private final Distribution thinkTime;
  private final double another;
  private final double maxLengthMs;
  private final long shoppers;
  private final MinHeap<Session> waiting = new MinHeap<>(1024);
  private final long[] pinOffsets;
  private final int[] pinCampaigns;
  private int nextPin;

  // Arrival process: time of the next arrival (ms, +inf when none), current slice and its rate.
  private double nextArrivalMs;
  private double clockMs;
  private long slice = -1;
  private double sliceRate;

  private long sessions;
  private Click next;

  private static final class Session {
    final String shopperId;
    final String sessionId;
    final double endMs;
    double atMs;
    int campaign = -1;
    int previous = -1;
    long left;

    Session(String shopperId, String sessionId, double endMs) {
      this.shopperId = shopperId;
      this.sessionId = sessionId;
      this.endMs = endMs;
    }
  }

  SessionClicks(Scenario scenario, long anchorMs, String prefix) {
    Scenario.Sessions model = scenario.sessions();
    this.random = new SplittableRandom(scenario.seed());
    this.anchorMs = anchorMs;
    this.durationMs = scenario.duration().toMillis();
    this.eventIds = new EventIds(prefix);
    List<Scenario.Campaign> campaigns = scenario.campaigns();
    this.campaignIds = new String[campaigns.size()];
    this.items = new String[campaigns.size()][];
    for (int i = 0; i < campaigns.size(); i++) {
      campaignIds[i] = prefix + campaigns.get(i).id();
      items[i] = campaigns.get(i).items().toArray(String[]::new);
    }
    this.picker = new CampaignPicker(campaigns);
    this.arrivals = model.arrivals();
    this.browse = model.browse();
    this.burstSize = model.burstSize();
    this.clickGap = model.clickGap();
    this.thinkTime = model.thinkTime();
    this.another = model.another();
    this.maxLengthMs = model.maxLength().toMillis();
    this.shoppers = scenario.shoppers();
    List<Scenario.PinnedClick> pins = new ArrayList<>(scenario.pinnedClicks());
    pins.sort(
        Comparator.comparing(Scenario.PinnedClick::at)); // stable: same offsets keep file order
    this.pinOffsets = new long[pins.size()];
    this.pinCampaigns = new int[pins.size()];
    for (int i = 0; i < pins.size(); i++) {
      pinOffsets[i] = pins.get(i).at().toMillis();
      pinCampaigns[i] = indexOf(campaigns, pins.get(i).campaign());
    }
    this.nextArrivalMs = drawArrival();
  }

  /** Sessions waiting for their next click. */
  int activeSessions() {
    return waiting.size();
  }

  long sessions() {
    return sessions;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Click next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more clicks");
    }
    Click c = next;
    next = null;
    return c;
  }

  private Click advance() {
    while (true) {
      long head = waiting.peekKey();
      while (nextArrivalMs < durationMs && (long) nextArrivalMs <= head) {
        land(nextArrivalMs);
        nextArrivalMs = drawArrival();
        head = waiting.peekKey();
      }
      if (nextPin < pinOffsets.length && pinOffsets[nextPin] <= head) {
        int c = pinCampaigns[nextPin];
        long offset = pinOffsets[nextPin++];
        String shopperId = "shopper-" + (1 + random.nextLong(shoppers));
        return click(
            offset, c, items[c][random.nextInt(items[c].length)], shopperId, shopperId + "-pinned");
      }
      if (waiting.isEmpty()) {
        return null;
      }
      Session s = waiting.pop();
      long offset = (long) s.atMs;
      if (s.campaign < 0) {
        int c = picker.pick(offset, s.previous, random);
        if (c < 0) {
          continue; // nothing (else) runs now: the shopper leaves
        }
        s.campaign = c;
        s.left = Math.max(1L, (long) burstSize.sample(random));
      } else if (!picker.active(s.campaign, offset)) {
        s.left = 0; // the campaign stopped mid-burst
        thinkOrLeave(s);
        continue;
      }
      int c = s.campaign;
      Click click =
          click(offset, c, items[c][random.nextInt(items[c].length)], s.shopperId, s.sessionId);
      if (--s.left > 0) {
        s.atMs += clickGap.sample(random);
        schedule(s);
      } else {
        thinkOrLeave(s);
      }
      return click;
    }
  }

  private void thinkOrLeave(Session s) {
    if (random.nextDouble() < another) {
      s.previous = s.campaign;
      s.campaign = -1;
      s.atMs += thinkTime.sample(random);
      schedule(s);
    }
  }

  private void schedule(Session s) {
    if (s.atMs < s.endMs) {
      waiting.push((long) s.atMs, s);
    }
  }

  private void land(double atMs) {
    long n = sessions++;
    String shopperId = "shopper-" + (1 + random.nextLong(shoppers));
    Session s =
        new Session(
            shopperId,
            shopperId + "-s" + Long.toString(n, 36),
            Math.min(durationMs, atMs + maxLengthMs));
    s.atMs = atMs + browse.sample(random);
    schedule(s);
  }

  private Click click(long offset, int campaign, String item, String shopperId, String sessionId) {
    return new Click(
        anchorMs + offset, campaignIds[campaign], item, shopperId, sessionId, eventIds.next());
  }

  /**
   * The next arrival after {@code clockMs}: an Exp(1) amount of integrated rate, slice by slice;
   * +inf if none.
   */
  private double drawArrival() {
    double need = -StrictMath.log(1.0 - random.nextDouble());
    while (true) {
      if (slice < 0 || clockMs >= (slice + 1) * SLICE_MS) {
        slice = (long) (clockMs / SLICE_MS);
        if (clockMs >= durationMs) {
          return Double.POSITIVE_INFINITY;
        }
        sliceRate = arrivals.rateAt((slice + 0.5) * SLICE_MS);
      }
      double sliceEnd = Math.min((slice + 1) * SLICE_MS, durationMs);
      double avail = sliceRate * (sliceEnd - clockMs) / 1000.0;
      if (sliceRate > 0 && avail >= need) {
        clockMs += need * 1000.0 / sliceRate;
        return clockMs;
      }
      need -= avail;
      clockMs = sliceEnd;
      if (clockMs >= durationMs) {
        return Double.POSITIVE_INFINITY;
      }
    }
  }

  private static int indexOf(List<Scenario.Campaign> campaigns, String id) {
    for (int i = 0; i < campaigns.size(); i++) {
      if (campaigns.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("pinned click names unknown campaign '" + id + "'");
  }
}
