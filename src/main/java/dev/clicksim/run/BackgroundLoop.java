package dev.clicksim.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A named daemon thread that runs a step on an absolute schedule, every interval from its start (a
 * step that overruns is followed at once by the next, with no burst to catch up), until closed. The
 * owner does its own last step after {@link #close()}, in the closing thread.
 */
final class BackgroundLoop implements AutoCloseable {

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private final Duration joinTimeout;

  private BackgroundLoop(
      String threadName,
      Duration interval,
      Duration firstDelay,
      Duration joinTimeout,
      Runnable step) {
    this.joinTimeout = joinTimeout;
    this.thread =
        new Thread(() -> loop(interval.toNanos(), firstDelay.toNanos(), step), threadName);
    this.thread.setDaemon(true);
  }

  /**
   * Starts the thread; the first step runs after {@code firstDelay}.
   *
   * @param joinTimeout how long {@link #close()} waits for a running step to end
   */
  static BackgroundLoop start(
      String threadName,
      Duration interval,
      Duration firstDelay,
      Duration joinTimeout,
      Runnable step) {
    BackgroundLoop loop = new BackgroundLoop(threadName, interval, firstDelay, joinTimeout, step);
    loop.thread.start();
    return loop;
  }

  private void loop(long intervalNanos, long firstDelayNanos, Runnable step) {
    long next = System.nanoTime() + firstDelayNanos;
    try {
      while (!stopped.await(next - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        step.run();
        next = Math.max(next + intervalNanos, System.nanoTime());
      }
    } catch (InterruptedException e) {
      // closed while a step was stuck
    }
  }

  /**
   * Wakes the loop and waits up to the join timeout for a running step to finish. The thread is
   * interrupted only when a step is still running then: an interrupt in the middle of a step's file
   * write would close the file's channel.
   */
  @Override
  public void close() {
    stopped.countDown();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(joinTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }
}
