package dev.clicksim.wait;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.clicksim.failure.ClicksimFailure;

/**
 * The one way clicksim waits for something outside it: poll a check at an interval until it yields a value, and give
 * up with the caller's failure at a deadline. No caller writes its own deadline-and-sleep loop; the clock and the pause
 * are injected, so tests wait for nothing.
 */
public final class BoundedWait {

  /** A pause between two checks; {@link InterruptedException} ends the wait as an interrupted failure. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private static final BoundedWait SYSTEM = new BoundedWait(System::nanoTime, d -> Thread.sleep(d.toMillis()));

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
   * Checks until {@code check} returns a value, at most until {@code timeout} has passed, pausing {@code interval}
   * between checks. A check may throw to end the wait early (a state that can never turn good).
   *
   * @param onTimeout the failure to throw when the deadline passes without a value
   */
  public <T> T until(Duration timeout, Duration interval, Supplier<Optional<T>> check, Supplier<? extends RuntimeException> onTimeout) {
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

  /** Pauses once, an interrupt becoming an interrupted failure: for a retry that is not a wait for a condition. */
  public void pause(Duration d) {
    try {
      pause.pause(d);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while waiting", e);
    }
  }
}
