package dev.clicksim.run;

import dev.clicksim.simulation.Click;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.truth.TruthLedger;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Sends deliveries at their scheduled times and records each one in the truth ledger once it is
 * handed over. The schedule is absolute (run start + the delivery's offset), so waiting never
 * drifts: a late send is followed by the next one at once, not by a full gap. The clock and the
 * wait are injected, so the loop is tested without a broker.
 */
public final class PacedSendLoop {

  /** Where clicks go: the Kafka producer, or a test's list. */
  @FunctionalInterface
  public interface Handover {
    /**
     * @param place the click's place among its window's counted clicks (from the truth ledger), 0
     *     if due to be dropped
     * @param duplicate whether this delivery repeats an earlier one of the same click
     */
    void send(Click click, long intendedNanos, long place, boolean duplicate);
  }

  /**
   * What the loop did: how many deliveries it handed over, whether it was stopped early, how far
   * behind it fell.
   */
  public record Outcome(long deliveries, boolean stopped, long maxLagNanos) {}

  /** Live figures for the progress display, written by the loop and read by another thread. */
  public static final class Progress {
    volatile long startNanos;
    volatile long deliveries;
    volatile long scheduledNanos;
    volatile long scenarioOffsetMs;
    volatile long lagNanos;
    volatile long currentTargetNanos;

    public long startNanos() {
      return startNanos;
    }

    /** Deliveries handed to the sink so far. */
    public long deliveries() {
      return deliveries;
    }

    /** Schedule offset of the latest delivery taken. */
    public long scheduledNanos() {
      return scheduledNanos;
    }

    /** Scenario time of the latest delivery taken, ms from the anchor. */
    public long scenarioOffsetMs() {
      return scenarioOffsetMs;
    }

    /** How far behind its schedule the latest send was. */
    public long lagNanos() {
      return lagNanos;
    }

    /**
     * How far behind its schedule the sender is at {@code nowNanos}: the latest send's lag, or,
     * while a send has not returned (the producer blocks when Kafka does not take records), how
     * long ago that send was due.
     */
    public long behindNanos(long nowNanos) {
      long target = currentTargetNanos;
      return Math.max(lagNanos, target == 0 ? 0 : nowNanos - target);
    }
  }

  /** The longest single wait; the stop flag is checked at least this often. */
  private static final long MAX_PARK_NANOS = 50_000_000L;

  private final LongSupplier nanoClock;
  private final LongConsumer park;

  public PacedSendLoop(LongSupplier nanoClock, LongConsumer park) {
    this.nanoClock = nanoClock;
    this.park = park;
  }

  public Outcome run(
      Iterator<Delivery> deliveries,
      Handover sink,
      TruthLedger ledger,
      BooleanSupplier stopRequested,
      Progress progress) {
    return run(deliveries, sink, ledger, stopRequested, progress, offsetMs -> {});
  }

  /**
   * @param scenarioClock told the scenario offset of each delivery before it is handed over (the
   *     run's faults fire on it)
   */
  public Outcome run(
      Iterator<Delivery> deliveries,
      Handover sink,
      TruthLedger ledger,
      BooleanSupplier stopRequested,
      Progress progress,
      java.util.function.LongConsumer scenarioClock) {
    long start = nanoClock.getAsLong();
    progress.startNanos = start;
    long count = 0;
    long maxLag = 0;
    while (deliveries.hasNext()) {
      if (stopRequested.getAsBoolean()) {
        return new Outcome(count, true, maxLag);
      }
      Delivery d = deliveries.next();
      long target = start + d.sendOffsetNanos();
      for (long wait = target - nanoClock.getAsLong();
          wait > 0;
          wait = target - nanoClock.getAsLong()) {
        if (stopRequested.getAsBoolean()) {
          return new Outcome(count, true, maxLag);
        }
        park.accept(Math.min(wait, MAX_PARK_NANOS));
      }
      scenarioClock.accept(d.deliveryOffsetMs());
      // The ledger gives the click's place in its window, which the ack then carries to the
      // freshness tracker.
      long place = d.duplicate() ? ledger.recordDuplicate(d.click()) : ledger.record(d.click());
      progress.currentTargetNanos = target;
      try {
        sink.send(d.click(), target, place, d.duplicate());
      } catch (RuntimeException e) {
        // Not handed to Kafka: the truth must not count it.
        ledger.undoLast();
        throw e;
      } finally {
        progress.currentTargetNanos = 0;
      }
      count++;
      long lag = nanoClock.getAsLong() - target;
      if (lag > maxLag) {
        maxLag = lag;
      }
      if ((count & 0xFF) == 0 || !deliveries.hasNext()) {
        progress.deliveries = count;
        progress.scheduledNanos = d.sendOffsetNanos();
        progress.scenarioOffsetMs = d.deliveryOffsetMs();
        progress.lagNanos = lag;
      }
    }
    progress.deliveries = count;
    return new Outcome(count, false, maxLag);
  }
}
