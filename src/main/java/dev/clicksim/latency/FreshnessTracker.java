package dev.clicksim.latency;

import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.TableTimeline;
import dev.clicksim.verify.TableTimeline.CatchUpBucket;
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

    /** The earliest ack of any of its clicks; 0 before the first. */
    private long firstAckNanos;

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
      if (firstAckNanos == 0 || ackNanos < firstAckNanos) {
        firstAckNanos = ackNanos;
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
        int bucket = -1;
        long inBucket = 0;
        for (long place = w.firstPending; place <= upTo; place++) {
          long ack = w.pendingAcks[(int) (place - w.firstPending)];
          if (ack != 0) {
            visibility.recordValue(clampMicros(nowNanos - ack));
            int b = bucket(ack);
            if (b != bucket) {
              catchUp.seen(bucket, inBucket, nowNanos);
              bucket = b;
              inBucket = 0;
            }
            inBucket++;
          }
        }
        catchUp.seen(bucket, inBucket, nowNanos);
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

  /**
   * The sending starts now: the origin of the run's clock for {@link #timeline}. Until it is said,
   * the catch-up is not recorded.
   */
  public void sendingStarted(long nanos) {
    originNanos = nanos;
  }

  private volatile long originNanos = Long.MIN_VALUE;
  private final CatchUp catchUp = new CatchUp();

  /** The acknowledgement clock's step of a click acked then, or -1 before the origin is known. */
  private int bucket(long ackNanos) {
    long origin = originNanos;
    if (origin == Long.MIN_VALUE) {
      return -1;
    }
    double seconds = Math.max(0, ackNanos - origin) / 1e9;
    return (int) Math.min(Integer.MAX_VALUE - 1, (long) (seconds / CatchUpBucket.WIDTH_SECONDS));
  }

  private double seconds(long nanos) {
    return (nanos - originNanos) / 1e9;
  }

  /** Per step of the ack clock: clicks seen in the table, and the latest poll that showed one. */
  private static final class CatchUp {
    private long[] seen = new long[0];
    private long[] lastSeenNanos = new long[0];

    synchronized void seen(int bucket, long clicks, long nowNanos) {
      if (bucket < 0 || clicks == 0) {
        return;
      }
      grow(bucket);
      seen[bucket] += clicks;
      lastSeenNanos[bucket] =
          lastSeenNanos[bucket] == 0 ? nowNanos : Math.max(lastSeenNanos[bucket], nowNanos);
    }

    private void grow(int bucket) {
      if (bucket >= seen.length) {
        int n = Math.max(bucket + 1, seen.length * 2);
        seen = java.util.Arrays.copyOf(seen, n);
        lastSeenNanos = java.util.Arrays.copyOf(lastSeenNanos, n);
      }
    }
  }

  /**
   * The run on its own clock (seconds since {@link #sendingStarted}): every window with an
   * acknowledged click, and the catch-up of the acknowledged clicks; null when the sending's start
   * was never said.
   */
  public TableTimeline timeline() {
    if (originNanos == Long.MIN_VALUE) {
      return null;
    }
    List<TableTimeline.WindowTiming> windows = new java.util.ArrayList<>();
    long[] unseen = new long[0];
    for (Map.Entry<String, Map<Long, Window>> c : campaigns.entrySet()) {
      for (Map.Entry<Long, Window> e : c.getValue().entrySet()) {
        Window w = e.getValue();
        synchronized (w) {
          if (w.firstAckNanos == 0) {
            continue;
          }
          windows.add(
              new TableTimeline.WindowTiming(
                  c.getKey(),
                  e.getKey(),
                  seconds(w.firstAckNanos),
                  seconds(w.lastAckNanos),
                  w.observed > 0 ? seconds(w.observedAtNanos) : null,
                  w.observed));
          for (long place = w.firstPending; place <= w.acked; place++) {
            int index = (int) (place - w.firstPending);
            long ack = index < w.pendingAcks.length ? w.pendingAcks[index] : 0;
            if (ack != 0) {
              int b = bucket(ack);
              if (b >= unseen.length) {
                unseen = java.util.Arrays.copyOf(unseen, Math.max(b + 1, unseen.length * 2));
              }
              unseen[b]++;
            }
          }
        }
      }
    }
    windows.sort(
        java.util.Comparator.comparing(TableTimeline.WindowTiming::campaignId)
            .thenComparingLong(TableTimeline.WindowTiming::windowStartMs));
    List<CatchUpBucket> buckets = new java.util.ArrayList<>();
    synchronized (catchUp) {
      int n = Math.max(catchUp.seen.length, unseen.length);
      for (int b = 0; b < n; b++) {
        long seen = b < catchUp.seen.length ? catchUp.seen[b] : 0;
        long notSeen = b < unseen.length ? unseen[b] : 0;
        if (seen == 0 && notSeen == 0) {
          continue;
        }
        buckets.add(
            new CatchUpBucket(
                Math.round(b * CatchUpBucket.WIDTH_SECONDS * 10) / 10.0,
                seen,
                notSeen,
                seen > 0 ? seconds(catchUp.lastSeenNanos[b]) : null));
      }
    }
    return new TableTimeline(windows, buckets);
  }

  private static long clampMicros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), HIGHEST_TRACKABLE_MICROS);
  }
}
