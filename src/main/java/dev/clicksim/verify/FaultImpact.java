package dev.clicksim.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each fault of a run did to the table: how long the table took to catch up after it, and the
 * clicks the windows it reached were found to have lost or gained. Pure: the run's clock is seconds
 * since the sending started, as {@link TableTimeline} and run.json's faults give it.
 *
 * <p><b>Recovery.</b> A fault fires at F and is done at E (a pause has ended, a restart returned; E
 * = F for a kill). The table has caught up with it at the first poll R at which it showed every
 * click acknowledged before E, i.e. the latest poll that first showed one of them; the recovery
 * time is R - F (0 when nothing acknowledged before E was still to be shown at F). A click the
 * table never showed (its window's count stayed below the click's place) does not hold the recovery
 * back: it is lost, and counted in the fault's cost. The table has not caught up when clicks were
 * acknowledged after E and the table showed none of them. Clicks are placed on the clock by their
 * acknowledgement in {@link TableTimeline.CatchUpBucket#WIDTH_SECONDS} steps (a click acknowledged
 * up to one step after E may count as before it) and seen at the table's polls, so R is known to
 * within one poll interval plus one step.
 *
 * <p><b>Cost.</b> A fault's interval runs from F to R (or, when it did not catch up, on), and ends
 * at the next fault's F at the latest. A window's clicks are in flight from the acknowledgement of
 * its first click to the poll that first showed the count it ended with (on, when the table never
 * showed one). A differing window is the cost of the first fault whose interval meets that span; a
 * differing window no fault's interval meets, or whose span is not known, is not attributable.
 */
public final class FaultImpact {

  private FaultImpact() {}

  /**
   * A fault on the run's clock.
   *
   * @param doneSeconds when the stack had done it; null when not known (then taken as {@code
   *     firedSeconds})
   */
  public record FiredFault(String label, double firedSeconds, Double doneSeconds) {
    double done() {
      return doneSeconds == null ? firedSeconds : Math.max(firedSeconds, doneSeconds);
    }
  }

  /** Clicks a stage lost and added, in one window or summed. */
  public record StageCost(String stage, long lost, long added) {
    StageCost plus(StageCost o) {
      return new StageCost(stage, lost + o.lost, added + o.added);
    }
  }

  /** A differing window and what each stage did to it. */
  public record WindowCost(WindowKey key, List<StageCost> stages) {
    public WindowCost {
      stages = List.copyOf(stages);
    }
  }

  /**
   * When the table caught up after a fault.
   *
   * @param recoverySeconds R - F; null when the table did not catch up or it was not measured
   * @param caughtUpAtSeconds R
   * @param clicksAwaited clicks acknowledged before the fault was done that the table showed only
   *     after it fired
   * @param clicksNeverShown clicks acknowledged before it was done that the table never showed
   * @param problem null when caught up, else why there is no recovery time
   */
  public record Recovery(
      Double recoverySeconds,
      Double caughtUpAtSeconds,
      long clicksAwaited,
      long clicksNeverShown,
      String problem) {

    static Recovery notMeasured(String why) {
      return new Recovery(null, null, 0, 0, why);
    }
  }

  /**
   * One fault's story.
   *
   * @param intervalEndSeconds where its interval ends; null when it is open to the end of the run
   * @param cost the clicks each stage lost or added in the windows attributed to it, stages in the
   *     order they were first met
   * @param windows the differing windows attributed to it
   */
  public record Impact(
      FiredFault fault,
      Recovery recovery,
      Double intervalEndSeconds,
      List<StageCost> cost,
      List<WindowKey> windows) {
    public Impact {
      cost = List.copyOf(cost);
      windows = List.copyOf(windows);
    }
  }

  /**
   * Every fault's story, and the differences no fault explains.
   *
   * @param faults in the order of the faults given
   */
  public record Result(
      List<Impact> faults,
      List<StageCost> notAttributable,
      List<WindowKey> notAttributableWindows) {
    public Result {
      faults = List.copyOf(faults);
      notAttributable = List.copyOf(notAttributable);
      notAttributableWindows = List.copyOf(notAttributableWindows);
    }
  }

  /**
   * @param faults in the order they fired
   * @param timeline the table's timeline; null when the run's table was not watched
   * @param differing every differing window with its stages' costs
   */
  public static Result of(
      List<FiredFault> faults, TableTimeline timeline, List<WindowCost> differing) {
    List<Recovery> recoveries = new ArrayList<>();
    for (FiredFault f : faults) {
      recoveries.add(
          timeline == null
              ? Recovery.notMeasured("not measured: the table was not watched during the run")
              : recovery(f, timeline.catchUp()));
    }
    List<Double> ends = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      Recovery r = recoveries.get(i);
      double end = r.caughtUpAtSeconds() != null ? r.caughtUpAtSeconds() : Double.POSITIVE_INFINITY;
      if (i + 1 < faults.size()) {
        end = Math.min(end, faults.get(i + 1).firedSeconds());
      }
      ends.add(Math.max(end, faults.get(i).firedSeconds()));
    }
    Map<WindowKey, TableTimeline.WindowTiming> timings = new LinkedHashMap<>();
    if (timeline != null) {
      timeline.windows().forEach(w -> timings.put(w.key(), w));
    }
    List<Map<String, StageCost>> costs = new ArrayList<>();
    List<List<WindowKey>> windows = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      costs.add(new LinkedHashMap<>());
      windows.add(new ArrayList<>());
    }
    Map<String, StageCost> rest = new LinkedHashMap<>();
    List<WindowKey> restWindows = new ArrayList<>();
    for (WindowCost w : differing) {
      int fault = faultOf(w.key(), timings.get(w.key()), faults, ends);
      Map<String, StageCost> into = fault < 0 ? rest : costs.get(fault);
      (fault < 0 ? restWindows : windows.get(fault)).add(w.key());
      w.stages().forEach(c -> into.merge(c.stage(), c, StageCost::plus));
    }
    List<Impact> impacts = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      double end = ends.get(i);
      impacts.add(
          new Impact(
              faults.get(i),
              recoveries.get(i),
              Double.isInfinite(end) ? null : end,
              List.copyOf(costs.get(i).values()),
              windows.get(i)));
    }
    return new Result(impacts, List.copyOf(rest.values()), restWindows);
  }

  /** The first fault whose interval meets the window's clicks' time in flight, or -1. */
  private static int faultOf(
      WindowKey key,
      TableTimeline.WindowTiming timing,
      List<FiredFault> faults,
      List<Double> ends) {
    if (timing == null) {
      return -1;
    }
    double from = timing.firstAckSeconds();
    double to =
        timing.finalSeenSeconds() == null
            ? Double.POSITIVE_INFINITY
            : Math.max(from, timing.finalSeenSeconds());
    for (int i = 0; i < faults.size(); i++) {
      if (from <= ends.get(i) && to >= faults.get(i).firedSeconds()) {
        return i;
      }
    }
    return -1;
  }

  static Recovery recovery(FiredFault f, List<TableTimeline.CatchUpBucket> catchUp) {
    double fired = f.firedSeconds();
    double done = f.done();
    double caughtUp = fired;
    long awaited = 0;
    long neverShown = 0;
    long after = 0;
    long shownAfter = 0;
    for (TableTimeline.CatchUpBucket b : catchUp) {
      if (b.startSeconds() < done) {
        neverShown += b.unseen();
        if (b.lastSeenSeconds() != null && b.lastSeenSeconds() > fired) {
          awaited += b.seen();
          caughtUp = Math.max(caughtUp, b.lastSeenSeconds());
        }
      } else {
        after += b.seen() + b.unseen();
        shownAfter += b.seen();
      }
    }
    if (after > 0 && shownAfter == 0) {
      return new Recovery(
          null,
          null,
          awaited,
          neverShown,
          "not caught up: the table showed none of the "
              + after
              + (after == 1 ? " click" : " clicks")
              + " acknowledged after the fault");
    }
    return new Recovery(caughtUp - fired, caughtUp, awaited, neverShown, null);
  }
}
