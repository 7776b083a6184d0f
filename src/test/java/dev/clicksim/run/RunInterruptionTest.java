package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The shutdown hook a run installs, driven as the JVM drives it on SIGINT or SIGTERM: the hook
 * thread is started by the test instead of by a signal.
 */
class RunInterruptionTest {

  private final List<Thread> hooks = new CopyOnWriteArrayList<>();
  private final List<Integer> haltedWith = new CopyOnWriteArrayList<>();
  private final RunInterruption.Outcome outcome = new RunInterruption.Outcome(haltedWith::add);

  @Test
  void should_hold_the_shutdown_after_the_run_closed_until_the_outcome_is_written()
      throws Exception {
    RunInterruption interruption = new RunInterruption(hooks::add, hooks::remove, outcome);
    Thread hook = hooks.get(0);

    hook.start();
    await("the run thread interrupted by the hook")
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Thread.currentThread().isInterrupted());
    assertThat(interruption.requested()).isTrue();
    Thread.interrupted();
    interruption.close();

    // The JVM halts when its hooks return: after the run closed, the outcome line is still to come.
    await("the hook holding the JVM while the outcome is written")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(hook::isAlive);
    assertThat(hooks).containsExactly(hook);

    assertThat(haltedWith).isEmpty();

    outcome.written(130);
    hook.join(Duration.ofSeconds(10).toMillis());
    assertThat(hook.isAlive()).as("the hook returns once the outcome is written").isFalse();
    assertThat(haltedWith)
        .as("halted with the command's code, not the signal's")
        .containsExactly(130);
  }

  @Test
  void should_remove_its_hook_when_the_run_ends_without_a_signal() {
    RunInterruption interruption = new RunInterruption(hooks::add, hooks::remove, outcome);
    assertThat(hooks).hasSize(1);

    interruption.close();

    assertThat(hooks).isEmpty();
    assertThat(interruption.requested()).isFalse();
  }
}
