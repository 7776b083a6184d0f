package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.run.RunDirectory;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.ClicksimProcesses;
import dev.clicksim.truth.WindowTruth;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code clicksim up} SIGKILLed in the middle of a run attached to it, every part a real process
 * as from three terminals: the run fails within its delivery timeout naming the broker (exit 4),
 * its progress line shows the broker unreachable first, the truth of every click it reported
 * acknowledged is in its run directory for {@code verify --run}, and a new {@code clicksim up}
 * starts on the same data while the broken run is still alive.
 *
 * <p>{@link Process#destroyForcibly()} is SIGKILL on Linux: the up JVM gets no shutdown hook; the
 * JVMs of its broker, Connect worker and topology see their stdin end and stop, and its PostgreSQL
 * is left running as an orphan with the run's connections open. The run is frozen (SIGSTOP) while
 * the second up starts, so it is alive and holding those connections for certain, whatever the
 * machine's speed; it is thawed (SIGCONT) once the new stack is up.
 */
class StackDiesMidRunIT {

  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STACK_START = Duration.ofMinutes(4);
  private static final Pattern PROGRESS_ACKED = Pattern.compile("acked ([\\d,]+)");
  private static final Pattern BROKER = Pattern.compile("Kafka bootstrap servers\\s+(\\S+)");
  private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern TRUTH =
      Pattern.compile("the truth of the ([\\d,]+) acknowledged clicks is in (\\S+) ");

  @TempDir Path root;

  private ClicksimProcesses processes;

  @BeforeEach
  void processes() {
    processes = new ClicksimProcesses(root, getClass().getSimpleName());
  }

  @Test
  void should_fail_the_run_naming_the_broker_keep_its_truth_and_let_a_new_up_start()
      throws Exception {
    Path state = root.resolve("state");
    Path runs = root.resolve("runs");
    ClicksimProcesses.Started first = start("up-1", "up", "--state-dir", state.toString());
    String upOutput = first.awaitOut("embedded stack up and provisioned", STACK_START);
    String broker = matched(BROKER, upOutput, "the first up's broker");
    Set<Integer> firstPorts = ports(upOutput);

    ClicksimProcesses.Started run =
        start(
            "run",
            "run",
            "--scenario",
            "steady",
            "--speed",
            "4",
            "--progress",
            "plain",
            "--delivery-timeout",
            DELIVERY_TIMEOUT.toSeconds() + "s",
            "--state-dir",
            state.toString(),
            "--runs-dir",
            runs.toString());
    run.awaitOut(
        out -> lastAcked(out) >= 1_000, Duration.ofMinutes(2), "the run acknowledging clicks");

    first.process().destroyForcibly();
    long killedAt = System.nanoTime();
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("the first up killed").isTrue();
    run.awaitOut(
        out -> out.lines().anyMatch(l -> l.contains("broker " + broker + " unreachable")),
        Duration.ofSeconds(30),
        "the progress line saying the broker is unreachable");

    signal(run, "STOP");
    List<String> secondUp = new ArrayList<>(List.of("up", "--state-dir", state.toString()));
    List<Integer> free = freePortsOtherThan(firstPorts, 3);
    secondUp.addAll(
        List.of(
            "--kafka-port", free.get(0).toString(),
            "--connect-port", free.get(1).toString(),
            "--postgres-port", free.get(2).toString()));
    ClicksimProcesses.Started second = start("up-2", secondUp.toArray(String[]::new));
    second.awaitOut("embedded stack up and provisioned", STACK_START);
    assertThat(run.process().isAlive())
        .as("the broken run, alive while the new up started")
        .isTrue();
    signal(run, "CONT");
    long thawedAt = System.nanoTime();

    assertThat(run.process().waitFor(DELIVERY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS))
        .as("the run ended within its delivery timeout; stdout:%n%s", run.out())
        .isTrue();
    Duration sinceKill = Duration.ofNanos(System.nanoTime() - killedAt);
    Duration frozen = Duration.ofNanos(thawedAt - killedAt);
    assertThat(sinceKill)
        .as("from the kill to the run's end (frozen for %s)", frozen)
        .isLessThan(max(DELIVERY_TIMEOUT, frozen).plusSeconds(30));
    List<String> errLines = Files.readAllLines(run.errFile());
    assertThat(errLines).as("stderr of the run; stdout:%n%s", run.out()).hasSize(1);
    String line = errLines.get(0);
    assertThat(line).startsWith("clicksim: ").contains("Kafka at " + broker);
    assertThat(run.process().exitValue()).isEqualTo(ExitCode.INFRASTRUCTURE.code());

    Matcher truth = TRUTH.matcher(line);
    assertThat(truth.find()).as("the line saying where the truth is: %s", line).isTrue();
    long acked = Long.parseLong(truth.group(1).replace(",", ""));
    assertThat(acked).isGreaterThanOrEqualTo(lastAcked(run.out()));
    Path runDir = Path.of(truth.group(2));
    RunDirectory.Loaded loaded = RunDirectory.open(runDir).load();
    assertThat(loaded.truth().stream().mapToLong(WindowTruth::sent).sum())
        .as("clicks in the truth of %s", runDir)
        .isEqualTo(acked);
    assertThat(loaded.info().clicksSent()).isEqualTo(acked);

    Cli.Result verified =
        Cli.run(
            "verify",
            "--run",
            runDir.toString(),
            "--state-dir",
            state.toString(),
            "--settle-timeout",
            "90s",
            "--quiet-period",
            "10s");
    assertThat(verified.exitCode())
        .as("verify of the broken run against the new up%n%s%n%s", verified.out(), verified.err())
        .isIn(ExitCode.OK.code(), ExitCode.MISMATCH.code());
    assertThat(verified.out()).contains("verify: run " + runDir.getFileName());

    second.process().destroy();
    assertThat(second.process().waitFor(2, TimeUnit.MINUTES)).as("the second up stopped").isTrue();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static long lastAcked(String out) {
    long last = -1;
    Matcher m = PROGRESS_ACKED.matcher(out);
    while (m.find()) {
      last = Long.parseLong(m.group(1).replace(",", ""));
    }
    return last;
  }

  private static String matched(Pattern pattern, String text, String what) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", what, text).isTrue();
    return m.group(1);
  }

  private static Set<Integer> ports(String text) {
    Set<Integer> ports = new HashSet<>();
    Matcher m = PORT.matcher(text);
    while (m.find()) {
      ports.add(Integer.parseInt(m.group(1)));
    }
    return ports;
  }

  private static List<Integer> freePortsOtherThan(Set<Integer> taken, int count)
      throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      while (ports.size() < count) {
        ServerSocket socket = new ServerSocket(0);
        held.add(socket);
        if (!taken.contains(socket.getLocalPort())) {
          ports.add(socket.getLocalPort());
        }
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  private static void signal(ClicksimProcesses.Started p, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.process().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, p.process().pid()).isZero();
  }

  private ClicksimProcesses.Started start(String name, String... args) throws IOException {
    return processes.start(name, args);
  }

  /**
   * Leaves nothing running: every process is thawed and stopped (an up by SIGTERM, so it stops its
   * stack), and a PostgreSQL left behind on the test's data is shut down fast.
   */
  @AfterEach
  void stopEverything() throws Exception {
    processes.close();
  }
}
