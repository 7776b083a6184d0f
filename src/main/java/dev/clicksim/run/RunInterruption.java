package dev.clicksim.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Ctrl-C during a run: the JVM's shutdown hook asks the run to stop, interrupts its waits, and
 * holds the JVM until the process has said how the run ended. Without this the JVM would exit
 * mid-send and the truth would not match what reached Kafka; and since the JVM halts as soon as its
 * hooks return, a hook that let go when the run closed would race the line saying where the truth
 * is, which is printed after the run's resources close (it lost that race in two of three Ctrl-Cs).
 */
public final class RunInterruption implements AutoCloseable {

  private static final long GRACE_SECONDS = 60;

  /** This process's outcome, told by its main; what the hooks of this process wait for. */
  private static final Outcome PROCESS_OUTCOME = new Outcome(Runtime.getRuntime()::halt);

  private final Thread runThread;
  private final Thread hook;
  private final Consumer<Thread> removeHook;
  private final Outcome outcome;
  private volatile boolean requested;

  public RunInterruption() {
    this(
        Runtime.getRuntime()::addShutdownHook,
        Runtime.getRuntime()::removeShutdownHook,
        PROCESS_OUTCOME);
  }

  RunInterruption(Consumer<Thread> addHook, Consumer<Thread> removeHook, Outcome outcome) {
    this.runThread = Thread.currentThread();
    this.hook = new Thread(this::onSignal, "clicksim-interrupt");
    this.removeHook = removeHook;
    this.outcome = outcome;
    addHook.accept(hook);
  }

  /**
   * The process has written and flushed its last line (the outcome of a run stopped by Ctrl-C among
   * them) and exits with {@code exitCode}: a shutdown held for it may end. Called by the process's
   * main just before it exits.
   */
  public static void processOutcomeWritten(int exitCode) {
    PROCESS_OUTCOME.written(exitCode);
  }

  /**
   * How the process ends, once its last line is out. A shutdown that a signal began ends with the
   * signal's status (143 for SIGTERM) whatever main passes to System.exit, so the hook halts with
   * the command's code instead: 130 for Ctrl-C and SIGTERM alike. By then the run's stack is
   * closed.
   */
  static final class Outcome {
    private final CountDownLatch written = new CountDownLatch(1);
    private final IntConsumer halt;
    private volatile int exitCode;

    Outcome(IntConsumer halt) {
      this.halt = halt;
    }

    void written(int code) {
      exitCode = code;
      written.countDown();
    }

    void awaitThenHalt() throws InterruptedException {
      if (written.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
        halt.accept(exitCode);
      }
    }
  }

  private void onSignal() {
    requested = true;
    runThread.interrupt();
    try {
      outcome.awaitThenHalt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once Ctrl-C (SIGINT/SIGTERM) was received. */
  public boolean requested() {
    return requested;
  }

  /**
   * The run is over and its stack stopped. Without Ctrl-C the hook is removed; after one, it keeps
   * holding the JVM until the outcome is written, which happens only after this close.
   */
  @Override
  public void close() {
    if (!requested) {
      try {
        removeHook.accept(hook);
      } catch (IllegalStateException e) {
        // shutdown already under way: the hook runs, and waits for the outcome
      }
    }
  }
}
