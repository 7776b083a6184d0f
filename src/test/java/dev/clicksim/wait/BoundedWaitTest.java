package dev.clicksim.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWaitTest {

  private long now;
  private final List<Duration> pauses = new ArrayList<>();
  private final BoundedWait wait =
      new BoundedWait(
          () -> now,
          d -> {
            pauses.add(d);
            now += d.toNanos();
          });

  @Test
  void should_return_the_first_value_the_check_yields() {
    AtomicInteger calls = new AtomicInteger();
    String value =
        wait.until(
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            () -> calls.incrementAndGet() == 3 ? Optional.of("ready") : Optional.empty(),
            () -> new IllegalStateException("late"));
    assertThat(value).isEqualTo("ready");
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void should_throw_the_callers_failure_at_the_deadline_without_pausing_past_it() {
    assertThatThrownBy(
            () ->
                wait.until(
                    Duration.ofMillis(2500),
                    Duration.ofSeconds(1),
                    Optional::empty,
                    () ->
                        new ClicksimFailure(
                            ClicksimFailure.Kind.INFRASTRUCTURE,
                            "connector not RUNNING after 2 s")))
        .hasMessage("connector not RUNNING after 2 s");
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
    assertThat(now).isEqualTo(Duration.ofMillis(2500).toNanos());
  }

  @Test
  void should_end_an_interrupted_wait_as_an_interrupted_failure() {
    BoundedWait interrupted =
        new BoundedWait(
            () -> 0,
            d -> {
              throw new InterruptedException();
            });
    assertThatThrownBy(
            () ->
                interrupted.until(
                    Duration.ofSeconds(1),
                    Duration.ofMillis(10),
                    Optional::empty,
                    IllegalStateException::new))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INTERRUPTED));
    assertThat(Thread.interrupted()).isTrue();
  }
}
