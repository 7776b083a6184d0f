package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupervisorTest {

  private final List<String> console = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private long nanos;
  private int followUps;

  /** A component whose process can be made to die, whose restart can be made to fail. */
  private final class FakeComponent implements Supervisor.Supervised {
    Optional<Supervisor.Death> death = Optional.empty();
    int restarts;
    int failingRestarts;

    @Override
    public String name() {
      return "postgres";
    }

    @Override
    public Optional<Supervisor.Death> death() {
      return death;
    }

    @Override
    public void restartAfterDeath() {
      nanos += 900_000_000L;
      if (failingRestarts > 0) {
        failingRestarts--;
        throw new ComponentStartException("postgres", "shared memory still in use", null);
      }
      restarts++;
      death = Optional.empty();
    }
  }

  private final FakeComponent component = new FakeComponent();

  private Supervisor supervisor(Duration delay) {
    return new Supervisor(
        component, delay, console::add, () -> followUps++, () -> nanos, pauses::add);
  }

  @Test
  void should_leave_a_running_component_alone() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(1));

    assertThat(supervisor.look()).isFalse();

    assertThat(component.restarts).isZero();
    assertThat(console).isEmpty();
    assertThat(followUps).as("no follow-up without a restart").isZero();
  }

  @Test
  void should_restart_a_dead_component_after_the_delay_and_say_so() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(3));
    component.death = Optional.of(new Supervisor.Death(1234, "SIGKILL by a fault"));

    assertThat(supervisor.look()).isTrue();

    assertThat(component.restarts).isEqualTo(1);
    assertThat(pauses).containsExactly(Duration.ofSeconds(3));
    assertThat(console)
        .containsExactly(
            "postgres (pid 1234) died (SIGKILL by a fault); restarting it in 3 s",
            "restarted postgres in 0.9 s");
  }

  @Test
  void should_not_name_a_cause_it_does_not_know() throws Exception {
    component.death = Optional.of(new Supervisor.Death(77, ""));

    supervisor(Duration.ofMillis(500)).look();

    assertThat(console.get(0)).isEqualTo("postgres (pid 77) died; restarting it in 500 ms");
  }

  @Test
  void should_try_again_at_the_next_look_when_a_restart_fails() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(1));
    component.death = Optional.of(new Supervisor.Death(1234, ""));
    component.failingRestarts = 1;

    assertThat(supervisor.look()).isFalse();
    assertThat(supervisor.look()).isTrue();

    assertThat(component.restarts).isEqualTo(1);
    assertThat(console.get(1))
        .isEqualTo(
            "restart failed: embedded postgres could not start: shared memory still in use; trying again");
    assertThat(console.get(3)).isEqualTo("restarted postgres in 0.9 s");
  }

  @Test
  void should_follow_up_after_a_restart_for_a_while_only() throws Exception {
    Supervisor supervisor = supervisor(Duration.ofSeconds(1));
    component.death = Optional.of(new Supervisor.Death(1234, ""));

    supervisor.look();
    supervisor.look();
    nanos += Supervisor.FOLLOW_UP_WINDOW.toNanos() + 1;
    supervisor.look();

    assertThat(followUps)
        .as("at the restart and at the next look, not past the window")
        .isEqualTo(2);
  }

  @Test
  void should_keep_watching_when_the_follow_up_fails() throws Exception {
    Supervisor supervisor =
        new Supervisor(
            component,
            Duration.ZERO,
            console::add,
            () -> {
              throw new IllegalStateException("Connect is down");
            },
            () -> nanos,
            pauses::add);
    component.death = Optional.of(new Supervisor.Death(1, ""));
    supervisor.look();
    component.death = Optional.of(new Supervisor.Death(2, ""));

    assertThat(supervisor.look()).isTrue();
    assertThat(component.restarts).isEqualTo(2);
  }
}
