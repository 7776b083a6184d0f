package dev.clicksim.wait;

import dev.clicksim.failure.ClicksimFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How clicksim waits for a part of the pipeline to reach a state: poll a check at an interval until
 * it yields a value, and give up with the caller's failure at a deadline. The clock and the pause
 * are injected, so tests wait for nothing. (Waiting for the counts table to settle is the
 * verifier's own rule, {@code verify.Settler}, which also tracks quiet periods.)
 */
public final class BoundedWait {

  /**
   * A pause between two checks; {@link InterruptedException} ends the wait as an interrupted
   * failure.
   */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private static final BoundedWait SYSTEM =
      new BoundedWait(System::nanoTime, d -> Thread.sleep(d.toMillis()));

  private final LongSupplier nanoClock;
  private final Pause pause;

  public BoundedWait(LongSupplier nanoClock, Pause pause) {
    this.nanoClock = nanoClock;
    this.pause = pause;
  }

  /** On the system clock, sleeping between checks. */
  public static BoundedWait system() {
    return SYSTEM;
  }

  /**
   * Checks until {@code check} returns a value, at most until {@code timeout} has passed, pausing
   * {@code interval} between checks. A check may throw to end the wait early (a state that can
   * never turn good).
   *
   * @param onTimeout the failure to throw when the deadline passes without a value
   */
  public <T> T until(
      Duration timeout,
      Duration interval,
      Supplier<Optional<T>> check,
      Supplier<? extends RuntimeException> onTimeout) {
    long deadline = nanoClock.getAsLong() + timeout.toNanos();
    while (true) {
      Optional<T> value = check.get();
      if (value.isPresent()) {
        return value.get();
      }
      long left = deadline - nanoClock.getAsLong();
      if (left <= 0) {
        throw onTimeout.get();
      }
      try {
        pause.pause(Duration.ofNanos(Math.min(left, interval.toNanos())));
      } catch (InterruptedException e) {
        throw ClicksimFailure.interrupted("while waiting", e);
      }
    }
  }

  /**
   * Pauses once, an interrupt becoming an interrupted failure: for a retry that is not a wait for a
   * condition.
   */
  public void pause(Duration d) {
    try {
      pause.pause(d);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while waiting", e);
    }
  }
}
