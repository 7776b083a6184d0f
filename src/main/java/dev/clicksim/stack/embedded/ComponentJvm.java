package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.ComponentProcessHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One component of the embedded stack in a JVM of its own ({@link ComponentProcess}), started with
 * this JVM's java and class path. Its own process is what makes a fault real: {@link #kill()} is a
 * SIGKILL of exactly that component, as a crash or an OOM kill would be, and the supervisor then
 * restarts it on the same ports and data.
 *
 * <p>Its pid is written to a file in the stack's data directory, where a run attached from another
 * process finds it ({@link ComponentProcessHandle}), and where the next start finds a JVM that
 * outlived its stack and stops it before it starts a new one.
 */
final class ComponentJvm implements StackComponent, Supervisor.Supervised {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /** How long a clean stop may take before the JVM is sent SIGTERM, then SIGKILL. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration SIGNAL_EXIT = Duration.ofSeconds(15);

  private final String name;
  private final List<String> arguments;
  private final Path processDir;
  private final Path logDir;
  private final String maxHeap;
  private Process process;
  private OutputStream stdin;
  private boolean supervised;
  private boolean killedByFault;
  private long lastPid;

  /**
   * @param arguments the main class and its arguments, from {@link ComponentProcess}
   * @param processDir where the pid file goes
   * @param logDir where its log ({@code NAME.log}) and console output ({@code NAME-console.log}) go
   */
  ComponentJvm(String name, List<String> arguments, Path processDir, Path logDir, String maxHeap) {
    this.name = name;
    this.arguments = List.copyOf(arguments);
    this.processDir = processDir;
    this.logDir = logDir;
    this.maxHeap = maxHeap;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    startProcess();
    supervised = true;
  }

  private void startProcess() {
    stopLeftover();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms64m");
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseParallelGC");
    // A component out of memory is a crash the supervisor restarts, not a JVM limping on.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dclicksim.log.file=" + logDir.resolve(name + ".log").toAbsolutePath());
    if (Boolean.getBoolean("clicksim.log.off")) {
      command.add("-Dclicksim.log.off=true");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(arguments);
    Path consoleLog = logDir.resolve(name + "-console.log");
    Process started;
    try {
      Files.createDirectories(logDir);
      started =
          new ProcessBuilder(command).redirectError(Redirect.appendTo(consoleLog.toFile())).start();
    } catch (IOException e) {
      throw new ComponentStartException(name, "cannot start its JVM: " + e.getMessage(), e);
    }
    process = started;
    stdin = started.getOutputStream();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    readProtocol(started, consoleLog, outcome);
    String line;
    try {
      line = outcome.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      destroy(started);
      throw new ComponentStartException(
          name,
          "its JVM (pid "
              + started.pid()
              + ") was not ready after "
              + START_TIMEOUT.toSeconds()
              + " s (log: "
              + logDir.resolve(name + ".log")
              + ")",
          e);
    } catch (ExecutionException e) {
      destroy(started);
      throw new ComponentStartException(name, EmbeddedKafka.rootMessage(e), e);
    } catch (InterruptedException e) {
      destroy(started);
      Thread.currentThread().interrupt();
      throw new ComponentStartException(name, "interrupted while starting", e);
    }
    if (!line.equals(ComponentProcess.READY)) {
      destroy(started);
      throw new ComponentStartException(
          name, line.substring(ComponentProcess.FAILED.length()), null);
    }
    // Written once it is ready: a run attached from another process that restarted it waits for a
    // new pid here.
    writePidFile(started.pid());
  }

  /**
   * Reads the JVM's stdout on a daemon thread: the first protocol line completes {@code outcome};
   * anything else goes to the console log. An end of stdout before either is a failed start.
   */
  private void readProtocol(Process p, Path consoleLog, CompletableFuture<String> outcome) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  Writer log =
                      Files.newBufferedWriter(
                          consoleLog,
                          StandardCharsets.UTF_8,
                          StandardOpenOption.CREATE,
                          StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.equals(ComponentProcess.READY)
                      || line.startsWith(ComponentProcess.FAILED)) {
                    outcome.complete(line);
                  } else {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                  }
                }
              } catch (IOException e) {
                // the JVM is gone; the future says so below
              }
              outcome.complete(
                  ComponentProcess.FAILED
                      + "its JVM exited before it was ready (log: "
                      + logDir.resolve(name + ".log")
                      + ")");
            },
            "clicksim-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  private void writePidFile(long pid) {
    try {
      Files.createDirectories(processDir);
      Files.writeString(ComponentProcessHandle.pidFile(processDir, name), pid + "\n");
    } catch (IOException e) {
      destroy(process);
      throw new ComponentStartException(name, "cannot write its pid file: " + e.getMessage(), e);
    }
  }

  /**
   * A JVM of this component that outlived the stack that started it (that stack was SIGKILLed and
   * this one has not yet noticed its stdin end) holds the ports and the data: it is asked to stop,
   * then killed.
   */
  private void stopLeftover() {
    ComponentProcessHandle.of(processDir, name)
        .filter(h -> process == null || h.pid() != process.pid())
        .ifPresent(
            leftover -> {
              try {
                leftover.terminate(STOP_TIMEOUT);
              } catch (ClicksimFailure e) {
                leftover.kill(SIGNAL_EXIT);
              }
            });
  }

  @Override
  public void stop() {
    Process stopping;
    synchronized (this) {
      supervised = false;
      stopping = process;
      process = null;
      if (stopping == null) {
        return;
      }
      stopProcess(stopping);
    }
  }

  /** Closes the JVM's stdin, its sign to stop cleanly; SIGTERM, then SIGKILL if it does not. */
  private void stopProcess(Process p) {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    boolean interrupted = Thread.interrupted();
    try {
      if (!waitFor(p, STOP_TIMEOUT)) {
        p.destroy();
        if (!waitFor(p, SIGNAL_EXIT)) {
          destroy(p);
        }
      }
      deletePidFile(p.pid());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean waitFor(Process p, Duration d) {
    while (true) {
      try {
        return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // a stop must finish, or the component's ports and data stay taken
      }
    }
  }

  private void destroy(Process p) {
    p.destroyForcibly();
    waitFor(p, SIGNAL_EXIT);
  }

  private void deletePidFile(long pid) {
    Path file = ComponentProcessHandle.pidFile(processDir, name);
    try {
      if (Files.exists(file) && Files.readString(file).strip().equals(Long.toString(pid))) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // a stale file is checked against the running process before it is trusted
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The JVM's pid while it runs. */
  synchronized long pid() {
    return running().pid();
  }

  @Override
  public synchronized Optional<Supervisor.Death> death() {
    if (!supervised) {
      return Optional.empty();
    }
    if (process == null) {
      return Optional.of(new Supervisor.Death(lastPid, "")); // an earlier restart failed
    }
    if (process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(
        new Supervisor.Death(
            process.pid(),
            killedByFault ? "SIGKILL by a fault" : exitDescription(process.exitValue())));
  }

  /** What an exit status says: Java reports death by signal N as 128 + N. */
  static String exitDescription(int status) {
    return switch (status) {
      case 137 -> "killed by SIGKILL";
      case 143 -> "stopped by SIGTERM";
      case 134 -> "aborted (SIGABRT)";
      case 3 -> "exit 3: out of memory";
      default -> "exit " + status;
    };
  }

  @Override
  public synchronized void restartAfterDeath() {
    if (!supervised) {
      return;
    }
    if (process != null) {
      lastPid = process.pid();
      deletePidFile(lastPid);
    }
    process = null;
    killedByFault = false;
    startProcess();
  }

  /**
   * SIGKILL of the component's JVM: no close, no commit, no leave-group, as a crash. The supervisor
   * then restarts it.
   */
  String kill() {
    Process target;
    synchronized (this) {
      target = running();
      killedByFault = true;
    }
    target.destroyForcibly();
    waitFor(target, SIGNAL_EXIT);
    return "SIGKILL of " + name + " (pid " + target.pid() + ")";
  }

  /** A clean stop (the component closed in its JVM, which then exits) and a start again. */
  synchronized String restart() {
    Process before = running();
    long started = System.nanoTime();
    stopProcess(before);
    process = null;
    startProcess();
    return String.format(
        "restart of %s (pid %d): clean stop, then started again as pid %d in %.1f s",
        name, before.pid(), process.pid(), (System.nanoTime() - started) / 1e9);
  }

  /**
   * The JVM frozen (SIGSTOP) for {@code length}, then SIGCONT. Not under this object's lock: a
   * frozen process is alive, and the supervisor keeps looking.
   */
  String pause(Duration length) {
    ProcessHandle target;
    synchronized (this) {
      target = running().toHandle();
    }
    ComponentProcessHandle.ofChild(target, name).pause(length);
    return "SIGSTOP of "
        + name
        + " (pid "
        + target.pid()
        + ") for "
        + Supervisor.seconds(length)
        + ", then SIGCONT";
  }

  private Process running() {
    if (process == null || !process.isAlive()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, name + " is not running (being restarted?)");
    }
    return process;
  }
}
