package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.stack.ComponentProcessHandle;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.ClicksimProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes of the broker, the Connect worker and the topology, each a SIGKILL of the JVM that
 * holds only that component, under the two processing guarantees; and the component JVMs never
 * outlive the stack that started them.
 */
class ComponentFaultsIT {

  private static final List<String> COMPONENT_JVMS = List.of("kafka", "connect", "streams");

  /**
   * How long the producer waits for acknowledgements: the broker's restart (a clean stop, then a
   * start with log recovery) took 8-17 s on 2 cores, but over the default 30 s once on a machine
   * running a second stack, and the run then stopped with "broker unreachable" (exit 4), as it
   * should. The scenarios' faults are what these tests check, not the machine's speed.
   */
  private static final Duration BROKER_RESTART = Duration.ofMinutes(2);

  @TempDir Path root;

  private ClicksimProcesses processes;

  @BeforeEach
  void processes() {
    processes = new ClicksimProcesses(root, getClass().getSimpleName());
  }

  @AfterEach
  void stopEverything() throws Exception {
    processes.close();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--progress",
            "none",
            "--state-dir",
            root.resolve("state").toString(),
            "--runs-dir",
            root.resolve("runs").toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  /**
   * Kafka Streams' exactly-once system tests hard-bounce the processors and then check the output
   * exactly; so does this, with the sink and the database crashing too: nothing lost, nothing
   * doubled, every window exact.
   */
  @Test
  void should_match_every_window_under_exactly_once_after_each_crash_and_a_broker_restart() {
    Cli.Result r =
        run(
            "run",
            "--scenario",
            "faults-exactly-once",
            "--delivery-timeout",
            BROKER_RESTART.toSeconds() + "s");

    assertThat(r.exitCode()).as("exit code; out:%n%s%nerr:%n%s", r.out(), r.err()).isZero();
    assertThat(r.out())
        .containsPattern("fault: kill:aggregation@20% .*: SIGKILL of streams \\(pid \\d+\\)")
        .containsPattern("fault: kill:connect@40% .*: SIGKILL of connect \\(pid \\d+\\)")
        .containsPattern("fault: kill:postgres@60% .*: SIGKILL of postgres \\(pid \\d+\\)")
        .containsPattern(
            "fault: restart:broker@80% .*: restart of kafka \\(pid \\d+\\): clean stop, then"
                + " started again as pid \\d+")
        .containsPattern("streams \\(pid \\d+\\) died \\(SIGKILL by a fault\\); restarting it")
        .containsPattern("connect \\(pid \\d+\\) died \\(SIGKILL by a fault\\); restarting it")
        .contains("restarted streams in", "restarted connect in", "restarted postgres in")
        .contains("exactly_once_v2")
        .contains("no click lost or added at any stage")
        .contains("VERDICT: MATCH - 48 of 48 windows matched");
    assertThat(r.out().lines().filter(l -> l.matches("^fault [1-4] .*; no click lost or added$")))
        .as("each fault's story says it cost nothing")
        .hasSize(4);
  }

  /**
   * ksqlDB's default guarantee: a topology killed between two commits counts again what it had
   * counted since the last one. Every such click is reported, window by window, and attributed to
   * the aggregation; the topic read back holds each click once, and nothing is lost anywhere.
   */
  @Test
  void should_attribute_every_doubled_click_to_the_aggregation_under_at_least_once() {
    Cli.Result r =
        run(
            "run",
            "--scenario",
            "faults-at-least-once",
            "--delivery-timeout",
            BROKER_RESTART.toSeconds() + "s");

    assertThat(r.exitCode()).as("exit code; out:%n%s%nerr:%n%s", r.out(), r.err()).isEqualTo(1);
    String out = r.out();
    assertThat(out).contains("at_least_once").contains("VERDICT: MISMATCH");
    List<String> differing =
        out.lines()
            .filter(l -> l.matches("^  \\S+ +\\d{4}-\\d\\d-\\d\\d .* [+-]\\d+  .*$"))
            .filter(l -> !l.endsWith("matched"))
            .toList();
    assertThat(differing).isNotEmpty().allMatch(l -> l.endsWith("duplicated clicks"));
    Matcher stage =
        Pattern.compile("(?m)^      stage aggregation: (\\d+) clicks doubled by the aggregation")
            .matcher(out);
    long doubled = 0;
    while (stage.find()) {
      doubled += Long.parseLong(stage.group(1));
    }
    assertThat(doubled).isPositive();
    assertThat(out)
        .containsPattern("(?m)^accounting: .*clicks by stage: " + doubled + " aggregation$")
        .doesNotContain("never reached Kafka")
        .doesNotContain("stage sink")
        .doesNotContainPattern("\\d+ (clicks )?lost by")
        .containsPattern(
            "fault 1 kill:aggregation@20% .*; \\d+ added by the aggregation in \\d+ windows")
        .containsPattern("fault 2 kill:connect@40% .*; no click lost or added");
  }

  /**
   * Under a {@code clicksim up}, a run attached from another process kills the topology's JVM and
   * up's supervisor brings it back; when up itself is SIGKILLed its component JVMs stop too (their
   * stdin ends), and a new up starts on the same data.
   */
  @Test
  void should_restart_a_jvm_an_attached_run_killed_and_stop_every_jvm_when_up_is_killed()
      throws Exception {
    Path state = root.resolve("state");
    ClicksimProcesses.Started up = processes.start("up-1", "up", "--state-dir", state.toString());
    up.awaitOut("embedded stack up and provisioned", Duration.ofMinutes(4));
    long streamsBefore = jvm("streams").pid();

    Cli.Result attached =
        run("run", "--scenario", "smoke", "--speed", "16", "--fault", "kill:aggregation@30%");

    assertThat(attached.out())
        .as("out:%n%s%nerr:%n%s", attached.out(), attached.err())
        .contains("clicksim up, pid " + up.process().pid())
        .containsPattern("SIGKILL of streams \\(pid " + streamsBefore + "\\)")
        .doesNotContain("stage sink")
        .doesNotContain("never reached Kafka");
    up.awaitOut(
        "streams (pid " + streamsBefore + ") died (killed by SIGKILL); restarting it in 1 s",
        Duration.ofSeconds(10));
    up.awaitOut("restarted streams in", Duration.ofMinutes(1));
    assertThat(jvm("streams").pid()).isNotEqualTo(streamsBefore);

    List<ProcessHandle> jvms = new ArrayList<>();
    for (String name : COMPONENT_JVMS) {
      jvms.add(ProcessHandle.of(jvm(name).pid()).orElseThrow());
    }
    up.process().destroyForcibly();
    Awaitility.await("the component JVMs of the SIGKILLed up stopped by themselves")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> jvms.stream().noneMatch(ProcessHandle::isAlive));

    ClicksimProcesses.Started again =
        processes.start("up-2", "up", "--state-dir", state.toString());
    again.awaitOut("embedded stack up and provisioned", Duration.ofMinutes(4));
    for (String name : COMPONENT_JVMS) {
      assertThat(jvm(name).pid()).isNotIn(jvms.stream().map(ProcessHandle::pid).toList());
    }
  }

  private ComponentProcessHandle jvm(String name) {
    return ComponentProcessHandle.of(root.resolve("state/embedded"), name)
        .orElseThrow(() -> new AssertionError("no " + name + " JVM runs on the test's data"));
  }
}
