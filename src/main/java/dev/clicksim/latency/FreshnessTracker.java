package dev.clicksim.latency;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How fresh the database is, from the acks of the clicks and what the table shows while it is
 * polled:
 *
 * <ul>
 *   <li><b>click visibility</b>: from a click's ack to the first poll that shows a count including
 *       it. A window's counted clicks are processed in send order (one partition), so a count of
 *       {@code c} includes exactly its first {@code c} counted clicks; each click is known by its
 *       place in its window, as the truth ledger gives it.
 *   <li><b>window completion</b>: from the ack of a window's last counted click to the first poll
 *       that shows the window's final count.
 * </ul>
 *
 * Only clicks not yet seen in the table are held, so memory follows what is in flight, not the
 * run's size. Both ends of every latency are read from one host clock (nanoseconds); the poll
 * interval bounds the resolution.
 */
public final class FreshnessTracker {

  private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Map<String, Map<Long, Window>> campaigns = new ConcurrentHashMap<>();
  private final Recorder visibility = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
  private final Histogram visibilityTotal = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);

  /**
   * A campaign's most recent window, for the sending thread: consecutive clicks of a campaign share
   * a window.
   */
  private static final class Cursor {
    long windowStartMs = Long.MIN_VALUE;
    Window window;
  }

  /** Only the sending thread uses it (see {@link #window}). */
  private final Map<String, Cursor> cursors = new HashMap<>();

  /**
   * The freshness state of one window: ack times of its clicks not yet seen in the table, indexed
   * by place in the window. Resolved once per click on the sending thread and handed to the ack
   * callback, so the producer's I/O thread does no map look-up per ack.
   */
  public final class Window {
    private long[] pendingAcks = new long[8];

    /** Place of pendingAcks[0]: the first click not yet seen. */
    private long firstPending = 1;

    /** Highest place acked. */
    private long acked;

    /** Highest count the table showed, and when it first showed it. */
    private long observed;

    private long observedAtNanos;

    /** Ack time of the click at place {@code acked}. */
    private long lastAckNanos;

    /**
     * A counted click of this window was acknowledged by the broker.
     *
     * @param place the click's place among its window's counted clicks (1 for the first), from the
     *     truth ledger
     */
    public synchronized void acked(long place, long ackNanos) {
      if (place <= 0) {
        return;
      }
      if (place > acked) {
        acked = place;
        lastAckNanos = ackNanos;
      }
      if (place <= observed) {
        // The table showed it before the ack reached us.
        visibility.recordValue(0);
        return;
      }
      int index = (int) (place - firstPending);
      if (index >= pendingAcks.length) {
        pendingAcks =
            java.util.Arrays.copyOf(pendingAcks, Math.max(index + 1, pendingAcks.length * 2));
      }
      pendingAcks[index] = ackNanos;
    }
  }

  private Window state(String campaignId, long windowStartMs) {
    return campaigns
        .computeIfAbsent(campaignId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(windowStartMs, k -> new Window());
  }

  /**
   * The window a click is counted in, for its ack. Called by one thread, the one that sends: it
   * keeps each campaign's latest window at hand, so most clicks cost one look-up by campaign id.
   */
  public Window window(String campaignId, long windowStartMs) {
    Cursor c = cursors.computeIfAbsent(campaignId, k -> new Cursor());
    if (c.windowStartMs != windowStartMs || c.window == null) {
      c.window = state(campaignId, windowStartMs);
      c.windowStartMs = windowStartMs;
    }
    return c.window;
  }

  /** One poll of the table: counts per window as seen at {@code nowNanos}. */
  public void observe(List<ObservedWindow> rows, long nowNanos) {
    for (ObservedWindow row : rows) {
      Window w = state(row.campaignId(), row.windowStartMs());
      synchronized (w) {
        if (row.count() <= w.observed) {
          continue;
        }
        long upTo = Math.min(row.count(), w.acked);
        for (long place = w.firstPending; place <= upTo; place++) {
          long ack = w.pendingAcks[(int) (place - w.firstPending)];
          if (ack != 0) {
            visibility.recordValue(clampMicros(nowNanos - ack));
          }
        }
        w.observed = row.count();
        w.observedAtNanos = nowNanos;
        long newFirst = Math.max(w.firstPending, row.count() + 1);
        int shift = (int) (newFirst - w.firstPending);
        if (shift > 0) {
          int keep = Math.max(w.pendingAcks.length - shift, 0);
          long[] next = new long[Math.max(8, keep)];
          if (keep > 0) {
            System.arraycopy(w.pendingAcks, shift, next, 0, keep);
          }
          w.pendingAcks = next;
          w.firstPending = newFirst;
        }
      }
    }
  }

  /** Click visibility since the previous call, microseconds. */
  public synchronized Histogram intervalVisibility() {
    Histogram interval = visibility.getIntervalHistogram();
    visibilityTotal.add(interval);
    return interval;
  }

  /** Every click visibility so far, microseconds. */
  public synchronized Histogram visibility() {
    intervalVisibility();
    return visibilityTotal.copy();
  }

  /**
   * Window completion of every window whose final count the table showed, microseconds: from the
   * ack of its last counted click to the poll that first showed that count (0 when the table was
   * first).
   */
  public Histogram windowCompletion(List<WindowTruth> truth) {
    Histogram h = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    for (WindowTruth t : truth) {
      if (t.expectedCount() <= 0) {
        continue;
      }
      Map<Long, Window> windows = campaigns.get(t.campaignId());
      Window w = windows == null ? null : windows.get(t.windowStartMs());
      if (w == null) {
        continue;
      }
      synchronized (w) {
        if (w.observed == t.expectedCount() && w.acked >= t.expectedCount()) {
          h.recordValue(clampMicros(w.observedAtNanos - w.lastAckNanos));
        }
      }
    }
    return h;
  }

  /** Windows whose final count the table has not shown yet, for messages. */
  public Map<String, Long> pendingClicksByCampaign() {
    Map<String, Long> out = new HashMap<>();
    campaigns.forEach(
        (c, windows) ->
            windows
                .values()
                .forEach(
                    w -> {
                      synchronized (w) {
                        long pending = w.acked - w.observed;
                        if (pending > 0) {
                          out.merge(c, pending, Long::sum);
                        }
                      }
                    }));
    return out;
  }

  private static long clampMicros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), HIGHEST_TRACKABLE_MICROS);
  }
}
