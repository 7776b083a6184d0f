package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.scenario.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  private final List<String> injected = new CopyOnWriteArrayList<>();
  private final List<String> console = new CopyOnWriteArrayList<>();
  private final AtomicLong clock = new AtomicLong();

  private FaultSchedule schedule(String... specs) {
    List<Fault> faults = new ArrayList<>();
    for (String s : specs) {
      faults.add(Fault.parse(s));
    }
    return new FaultSchedule(
        faults,
        Duration.ofMinutes(10),
        (action, target, length) -> {
          if (target == Fault.Target.broker) {
            throw new IllegalStateException("broker unreachable");
          }
          injected.add(action + " " + target.label());
          return "did " + action + " " + target.label();
        },
        console::add,
        clock::get);
  }

  @Test
  void should_record_when_the_stack_had_done_the_fault_apart_from_when_it_fired() throws Exception {
    FaultSchedule s =
        new FaultSchedule(
            List.of(Fault.parse("pause:postgres@1m/5s")),
            Duration.ofMinutes(10),
            (action, target, length) -> {
              clock.addAndGet(length.toNanos()); // the pause lasts its length on the clock
              return "paused";
            },
            console::add,
            clock::get);
    try (s) {
      clock.set(1_000_000_000L);
      s.start();
      clock.addAndGet(2_500_000_000L);
      s.reached(60_000);

      FaultSchedule.Fired fired = s.awaitFired(Duration.ofSeconds(5)).get(0);

      assertThat(fired.wallSeconds()).isEqualTo(2.5);
      assertThat(fired.doneSeconds()).isEqualTo(7.5);
    }
  }

  @Test
  void should_fire_each_fault_once_when_the_sender_reaches_its_time_in_order() throws Exception {
    try (FaultSchedule s = schedule("restart:postgres@50%", "kill:aggregation@1m")) {
      s.start();
      s.reached(59_999);
      s.reached(60_000);
      s.reached(60_001);
      s.reached(299_999);
      s.reached(300_000);
      s.reached(400_000);

      List<FaultSchedule.Fired> fired = s.awaitFired(Duration.ofSeconds(5));

      assertThat(injected).containsExactly("kill aggregation", "restart postgres");
      assertThat(fired)
          .extracting(FaultSchedule.Fired::scenarioOffsetMs)
          .containsExactly(60_000L, 300_000L);
      assertThat(console)
          .containsExactly(
              "fault: kill:aggregation@1m at scenario 1m (+0.0 s): did kill aggregation",
              "fault: restart:postgres@50% at scenario 5m (+0.0 s): did restart postgres");
    }
  }

  @Test
  void should_fire_nothing_before_its_time_and_the_rest_when_the_sending_ends() throws Exception {
    try (FaultSchedule s = schedule("kill:aggregation@9m")) {
      s.start();
      s.reached(100);
      assertThat(s.awaitFiredSoFar()).isEmpty();
    }
    try (FaultSchedule s = schedule("kill:aggregation@9m")) {
      s.start();
      s.reached(100);
      s.reachedEnd();
      assertThat(s.awaitFired(Duration.ofSeconds(5)))
          .singleElement()
          .satisfies(f -> assertThat(f.scenarioOffsetMs()).isEqualTo(540_000));
    }
  }

  @Test
  void should_record_a_fault_that_could_not_be_done_and_go_on() throws Exception {
    try (FaultSchedule s = schedule("kill:broker@1m", "kill:aggregation@2m")) {
      s.start();
      s.reachedEnd();

      List<FaultSchedule.Fired> fired = s.awaitFired(Duration.ofSeconds(5));

      assertThat(fired).extracting(FaultSchedule.Fired::failed).containsExactly(true, false);
      assertThat(fired.get(0).describe()).endsWith("FAILED: broker unreachable");
      assertThat(injected).containsExactly("kill aggregation");
    }
  }

  @Test
  void should_allow_for_every_pause_when_waiting_for_the_faults() {
    try (FaultSchedule s = schedule("pause:postgres@1m/30s", "pause:postgres@2m/15s")) {
      assertThat(s.pauses()).isEqualTo(Duration.ofSeconds(45));
    }
  }
}
