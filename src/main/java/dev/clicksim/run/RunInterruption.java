package dev.clicksim.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a run: the JVM's shutdown hook asks the run to stop, interrupts its waits, and
 * holds the JVM until the run has flushed what it sent, written the truth of it and stopped its
 * stack. Without this the JVM would exit mid-send and the truth would not match what reached Kafka.
 */
public final class RunInterruption implements AutoCloseable {

  private static final long GRACE_SECONDS = 60;

  private final Thread runThread;
  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean requested;

  public RunInterruption() {
    this.runThread = Thread.currentThread();
    this.hook = new Thread(this::onSignal, "clicksim-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void onSignal() {
    requested = true;
    runThread.interrupt();
    try {
      finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once Ctrl-C (SIGINT/SIGTERM) was received. */
  public boolean requested() {
    return requested;
  }

  /**
   * The run is over and its stack stopped: let the JVM exit; the hook is removed when the run ends
   * normally.
   */
  @Override
  public void close() {
    finished.countDown();
    if (!requested) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutdown already under way
      }
    }
  }
}
