package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A child JVM of the embedded stack that holds one component (the broker, the Connect worker, the
 * windowed count), found through the pid file the stack writes for it and signalled as an operator
 * would. The stack that runs it and a run attached to it from another process both reach it this
 * way. A pid file is trusted only when its process still runs that component: a pid since reused by
 * another program is never signalled.
 */
public final class ComponentProcessHandle {

  /** The main class of every such JVM; its first argument is the component's name. */
  public static final String MAIN_CLASS = "dev.clicksim.stack.embedded.ComponentProcess";

  private final ProcessHandle process;
  private final String component;

  private ComponentProcessHandle(ProcessHandle process, String component) {
    this.process = process;
    this.component = component;
  }

  /** The pid file of {@code component} in the stack's process directory. */
  public static Path pidFile(Path processDir, String component) {
    return processDir.resolve(component + ".pid");
  }

  /** The live JVM of {@code component} whose pid {@code processDir} holds, if one runs. */
  public static Optional<ComponentProcessHandle> of(Path processDir, String component) {
    String content;
    try {
      content = Files.readString(pidFile(processDir, component));
    } catch (IOException e) {
      return Optional.empty(); // none, or removed by a component stopping right now
    }
    OptionalLong pid = Postmaster.pidIn(content);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong())
        .filter(ProcessHandle::isAlive)
        .filter(p -> runs(p, component))
        .map(p -> new ComponentProcessHandle(p, component));
  }

  /** A JVM this process started for {@code component} itself. */
  public static ComponentProcessHandle ofChild(ProcessHandle child, String component) {
    return new ComponentProcessHandle(child, component);
  }

  /** Whether {@code process} is the JVM of {@code component}, by its command line. */
  public static boolean runs(ProcessHandle process, String component) {
    List<String> arguments = arguments(process);
    int main = arguments.indexOf(MAIN_CLASS);
    return main >= 0 && main + 1 < arguments.size() && arguments.get(main + 1).equals(component);
  }

  /**
   * A process's command line. On Linux {@link ProcessHandle.Info#arguments()} is empty for most
   * processes (the JDK fills it only in some cases), so {@code /proc/PID/cmdline} is read first.
   */
  static List<String> arguments(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      byte[] raw = Files.readAllBytes(cmdline);
      if (raw.length > 0) {
        return Arrays.asList(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
      }
    } catch (IOException e) {
      // no /proc (macOS): what the JDK knows
    }
    return process.info().arguments().map(Arrays::asList).orElse(List.of());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL ({@link ProcessHandle#destroyForcibly()} on Linux): no shutdown at all. */
  public void kill(Duration bound) {
    process.destroyForcibly();
    awaitExit(bound, "SIGKILL");
  }

  /** SIGTERM: the JVM stops its component cleanly (its shutdown hook) and exits. */
  public void terminate(Duration bound) {
    process.destroy();
    awaitExit(bound, "SIGTERM");
  }

  /**
   * The JVM frozen (SIGSTOP) for {@code length}, then SIGCONT whatever happened. The pause is the
   * fault itself, not a wait for a condition: it lasts exactly this long.
   */
  public void pause(Duration length) {
    ProcessSignals.send("STOP", List.of(process), component);
    try {
      Thread.sleep(length.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClicksimFailure.interrupted("while " + component + " was paused", e);
    } finally {
      ProcessSignals.send("CONT", List.of(process), component);
    }
  }

  private void awaitExit(Duration bound, String what) {
    ProcessSignals.awaitExit(process, bound, what, component);
  }
}
