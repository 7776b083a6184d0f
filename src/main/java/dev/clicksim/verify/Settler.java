package dev.clicksim.verify;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for the sink's table to settle before it is compared: done at once when every window equals
 * the truth; else when no count has changed for a quiet period and every expected window is
 * present; else at the timeout. Only counts settle: a window's end is written with its count, so a
 * wrong end that keeps changing while the counts stay put must not keep the wait going (it is then
 * reported as what the latest poll shows). The clock and the pause are injected so this is tested
 * without a database.
 */
public final class Settler {

  /** Why waiting stopped. */
  public enum Reason {
    /** Every window equals the truth. */
    MATCHED,
    /** Every expected window is present and no count changed for the quiet period. */
    QUIET,
    /** The timeout passed first. */
    TIMEOUT
  }

  public record Settled(List<ObservedWindow> observed, Reason reason, Duration waited, int polls) {}

  /** Pauses between polls; {@code Thread::sleep} in production. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final Duration pollInterval;
  private final Duration quietPeriod;
  private final Duration timeout;
  private final LongSupplier nanoClock;
  private final Pause pause;

  public Settler(
      Duration pollInterval,
      Duration quietPeriod,
      Duration timeout,
      LongSupplier nanoClock,
      Pause pause) {
    this.pollInterval = pollInterval;
    this.quietPeriod = quietPeriod;
    this.timeout = timeout;
    this.nanoClock = nanoClock;
    this.pause = pause;
  }

  /**
   * @param poll reads the table once
   * @param matches whether an observation equals the truth
   * @param allPresent whether every window the truth expects has a row
   */
  public Settled await(
      Supplier<List<ObservedWindow>> poll,
      Predicate<List<ObservedWindow>> matches,
      Predicate<List<ObservedWindow>> allPresent)
      throws InterruptedException {
    long start = nanoClock.getAsLong();
    long lastChange = start;
    List<ObservedWindow> previous = null;
    int polls = 0;
    while (true) {
      List<ObservedWindow> observed = poll.get();
      polls++;
      long now = nanoClock.getAsLong();
      if (previous == null || !sameCounts(observed, previous)) {
        previous = observed;
        lastChange = now;
      }
      if (matches.test(observed)) {
        return new Settled(observed, Reason.MATCHED, Duration.ofNanos(now - start), polls);
      }
      if (now - lastChange >= quietPeriod.toNanos() && allPresent.test(observed)) {
        return new Settled(observed, Reason.QUIET, Duration.ofNanos(now - start), polls);
      }
      if (now - start >= timeout.toNanos()) {
        return new Settled(observed, Reason.TIMEOUT, Duration.ofNanos(now - start), polls);
      }
      pause.pause(pollInterval);
    }
  }

  /** The same windows with the same counts, in the same order; ends are not compared. */
  static boolean sameCounts(List<ObservedWindow> a, List<ObservedWindow> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameCount(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
