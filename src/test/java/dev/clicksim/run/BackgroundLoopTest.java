package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void should_run_the_step_on_a_named_daemon_thread_until_closed() throws InterruptedException {
    CountDownLatch threeSteps = new CountDownLatch(3);
    AtomicReference<Thread> ran = new AtomicReference<>();
    AtomicInteger steps = new AtomicInteger();
    BackgroundLoop loop =
        BackgroundLoop.start(
            "clicksim-test-loop",
            Duration.ofMillis(5),
            Duration.ZERO,
            Duration.ofSeconds(10),
            () -> {
              ran.set(Thread.currentThread());
              steps.incrementAndGet();
              threeSteps.countDown();
            });

    assertThat(threeSteps.await(10, TimeUnit.SECONDS)).as("three steps within 10 s").isTrue();
    loop.close();

    assertThat(ran.get().getName()).isEqualTo("clicksim-test-loop");
    assertThat(ran.get().isDaemon()).isTrue();
    assertThat(ran.get().isAlive()).as("the loop's thread after close").isFalse();
  }

  @Test
  void should_wake_a_waiting_loop_at_once_when_closed() {
    AtomicInteger steps = new AtomicInteger();
    BackgroundLoop loop =
        BackgroundLoop.start("clicksim-test-loop", LONG, LONG, LONG, steps::incrementAndGet);
    long start = System.nanoTime();

    loop.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(steps).hasValue(0);
  }

  @Test
  void should_let_a_running_step_finish_without_an_interrupt() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    BackgroundLoop loop =
        BackgroundLoop.start(
            "clicksim-test-loop",
            LONG,
            Duration.ZERO,
            Duration.ofSeconds(30),
            () -> {
              started.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).as("step started within 10 s").isTrue();
    Thread closer = new Thread(loop::close);
    closer.start();
    await("close waiting for the running step")
        .atMost(Duration.ofSeconds(10))
        .until(() -> closer.getState() == Thread.State.TIMED_WAITING);

    release.countDown();
    closer.join(10_000);

    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(interrupted).isFalse();
  }

  @Test
  void should_interrupt_a_step_still_running_at_the_join_timeout() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    BackgroundLoop loop =
        BackgroundLoop.start(
            "clicksim-test-loop",
            LONG,
            Duration.ZERO,
            Duration.ofMillis(50),
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).as("step started within 10 s").isTrue();

    loop.close();

    assertThat(interrupted.await(10, TimeUnit.SECONDS))
        .as("stuck step interrupted within 10 s")
        .isTrue();
  }
}
