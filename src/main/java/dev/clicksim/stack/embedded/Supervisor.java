package dev.clicksim.stack.embedded;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Restarts a component whose process died, the way systemd's {@code Restart=on-failure} or a
 * Kubernetes restart policy would: it notices within {@link #POLL_INTERVAL}, waits the restart
 * delay, starts the component again on the same port and data, and says so on the console. A stop
 * the stack asked for is no death: the component then reports nothing to restart.
 *
 * <p>After each restart {@code followUp} runs on every look for {@link #FOLLOW_UP_WINDOW}: what
 * depends on the component (the sink task on PostgreSQL) may fail only when it next uses it.
 */
final class Supervisor implements AutoCloseable {

  /** How often the process is looked at: a death is noticed within this. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  static final Duration FOLLOW_UP_WINDOW = Duration.ofSeconds(60);

  /** A component with one process the supervisor watches. */
  interface Supervised {
    String name();

    /**
     * The process that should run and does not; empty while it runs, and while the stack has it
     * stopped (or is stopping it) on purpose.
     */
    Optional<Death> death();

    /** Starts it again on the same port and data; throws when it cannot. */
    void restartAfterDeath();
  }

  /**
   * @param pid the process that died
   * @param cause what is known of how, such as "SIGKILL by a fault"; empty when another process
   *     ended it and nothing says how
   */
  record Death(long pid, String cause) {}

  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final Supervised component;
  private final Duration restartDelay;
  private final Consumer<String> console;
  private final Runnable followUp;
  private final LongSupplier nanoClock;
  private final Pause pause;
  private long followUpUntil = Long.MIN_VALUE;
  private boolean following;
  private volatile Thread thread;

  Supervisor(
      Supervised component,
      Duration restartDelay,
      Consumer<String> console,
      Runnable followUp,
      LongSupplier nanoClock,
      Pause pause) {
    this.component = component;
    this.restartDelay = restartDelay;
    this.console = console;
    this.followUp = followUp;
    this.nanoClock = nanoClock;
    this.pause = pause;
  }

  static Supervisor onSystemClock(
      Supervised component, Duration restartDelay, Consumer<String> console, Runnable followUp) {
    return new Supervisor(
        component,
        restartDelay,
        console,
        followUp,
        System::nanoTime,
        d -> Thread.sleep(d.toMillis()));
  }

  /**
   * One look: restarts the component if it died (after the delay), and runs the follow-up while
   * within its window of the last restart.
   *
   * @return whether it restarted the component
   */
  boolean look() throws InterruptedException {
    boolean restarted = false;
    Optional<Death> death = component.death();
    if (death.isPresent()) {
      Death d = death.get();
      console.accept(
          component.name()
              + " (pid "
              + d.pid()
              + ") died"
              + (d.cause().isEmpty() ? "" : " (" + d.cause() + ")")
              + "; restarting it in "
              + seconds(restartDelay));
      pause.pause(restartDelay);
      long started = nanoClock.getAsLong();
      try {
        component.restartAfterDeath();
        console.accept(
            String.format(
                "restarted %s in %.1f s",
                component.name(), (nanoClock.getAsLong() - started) / 1e9));
        restarted = true;
        following = true;
        followUpUntil = nanoClock.getAsLong() + FOLLOW_UP_WINDOW.toNanos();
      } catch (RuntimeException e) {
        console.accept(
            "restart failed: "
                + (e instanceof ComponentStartException
                    ? e.getMessage()
                    : component.name() + ": " + EmbeddedKafka.rootMessage(e))
                + "; trying again");
      }
    }
    if (following) {
      if (nanoClock.getAsLong() - followUpUntil > 0) {
        following = false;
      } else {
        try {
          followUp.run();
        } catch (RuntimeException e) {
          // Connect itself may be down or busy; the next look tries again.
        }
      }
    }
    return restarted;
  }

  /** Watches from a daemon thread until {@link #close()}. */
  void start() {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  look();
                  pause.pause(POLL_INTERVAL);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "clicksim-supervisor-" + component.name());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Stops watching, waiting for a restart under way to end, so no start races a stop. */
  @Override
  public void close() {
    Thread t = thread;
    if (t == null) {
      return;
    }
    thread = null;
    t.interrupt();
    try {
      t.join(Duration.ofMinutes(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
