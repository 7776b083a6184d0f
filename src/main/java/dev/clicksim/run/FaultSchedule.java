package dev.clicksim.run;

import dev.clicksim.scenario.Durations;
import dev.clicksim.scenario.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A run's faults on the scenario clock: the send loop says which scenario offset it has reached,
 * and each fault whose time has come is done then, on a thread of its own, so that a pause of a
 * component does not pause the sending. Faults fire in their order, one at a time. A fault fires
 * when the sender reaches the first delivery at or after its time, so the clicks handed over before
 * it are the same on every run of the scenario, whatever the speed.
 */
public final class FaultSchedule implements AutoCloseable {

  /** Does a fault now; returns what was done, in a few words. */
  public interface Injector {
    String inject(Fault.Action action, Fault.Target target, Duration length);
  }

  /**
   * A fault that fired.
   *
   * @param scenarioOffsetMs the scenario offset the sender had reached
   * @param wallSeconds seconds since the sending started
   * @param doneSeconds seconds since the sending started when the stack had done it (a pause had
   *     ended, a restart returned, a kill was signalled)
   * @param what what the stack did, or why it could not
   */
  public record Fired(
      Fault fault,
      long scenarioOffsetMs,
      double wallSeconds,
      double doneSeconds,
      String what,
      boolean failed) {

    /** One line for the console and run.json. */
    public String describe() {
      return fault
          + " at scenario "
          + Durations.format(Duration.ofMillis(scenarioOffsetMs))
          + String.format(java.util.Locale.ROOT, " (+%.1f s): ", wallSeconds)
          + (failed ? "FAILED: " : "")
          + what;
    }
  }

  private final List<Fault> faults;
  private final long[] atMs;
  private final Injector injector;
  private final Consumer<String> console;
  private final LongSupplier nanoClock;
  private final List<Fired> fired = new ArrayList<>();
  private final ExecutorService executor;
  private long startNanos;
  private int next;
  // Read and written by the sending thread only: one plain compare per click.
  private long nextAtMs;

  public FaultSchedule(
      List<Fault> faults,
      Duration scenarioDuration,
      Injector injector,
      Consumer<String> console,
      LongSupplier nanoClock) {
    this.faults =
        faults.stream()
            .sorted(Comparator.comparing(f -> f.at().resolve(scenarioDuration)))
            .toList();
    this.atMs =
        this.faults.stream().mapToLong(f -> f.at().resolve(scenarioDuration).toMillis()).toArray();
    this.injector = injector;
    this.console = console;
    this.nanoClock = nanoClock;
    this.nextAtMs = atMs.length == 0 ? Long.MAX_VALUE : atMs[0];
    this.executor =
        atMs.length == 0
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "clicksim-faults");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** The sending starts now. */
  public void start() {
    startNanos = nanoClock.getAsLong();
  }

  /** The sender is about to hand over the delivery at this scenario offset. */
  public void reached(long scenarioOffsetMs) {
    if (scenarioOffsetMs < nextAtMs) {
      return;
    }
    while (next < atMs.length && atMs[next] <= scenarioOffsetMs) {
      Fault fault = faults.get(next++);
      long reachedMs = scenarioOffsetMs == Long.MAX_VALUE ? atMs[next - 1] : scenarioOffsetMs;
      executor.execute(() -> fire(fault, reachedMs));
    }
    nextAtMs = next < atMs.length ? atMs[next] : Long.MAX_VALUE;
  }

  /** Every delivery is handed over: the scenario clock has passed every fault's time. */
  public void reachedEnd() {
    reached(Long.MAX_VALUE);
  }

  private void fire(Fault fault, long scenarioOffsetMs) {
    double wall = (nanoClock.getAsLong() - startNanos) / 1e9;
    Fired f;
    try {
      String what = injector.inject(fault.action(), fault.target(), fault.length());
      f = new Fired(fault, scenarioOffsetMs, wall, secondsSinceStart(), what, false);
    } catch (RuntimeException e) {
      f =
          new Fired(
              fault,
              scenarioOffsetMs,
              wall,
              secondsSinceStart(),
              String.valueOf(e.getMessage()),
              true);
    }
    synchronized (fired) {
      fired.add(f);
    }
    console.accept("fault: " + f.describe());
  }

  private double secondsSinceStart() {
    return (nanoClock.getAsLong() - startNanos) / 1e9;
  }

  /**
   * Waits, at most {@code bound}, for the faults that fired to be done (a pause until it ended),
   * and returns those that are.
   */
  public List<Fired> awaitFired(Duration bound) throws InterruptedException {
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    }
    return fired();
  }

  /** The faults that fired and are done by now, after the fault thread's queue has drained. */
  List<Fired> awaitFiredSoFar() throws Exception {
    if (executor != null) {
      executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
    return fired();
  }

  public List<Fired> fired() {
    synchronized (fired) {
      return List.copyOf(fired);
    }
  }

  /** How long the pauses take together: what a wait for the faults must allow. */
  public Duration pauses() {
    return faults.stream()
        .map(Fault::length)
        .filter(java.util.Objects::nonNull)
        .reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
