package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The postmaster of a PostgreSQL data directory, found through its {@code postmaster.pid} and
 * signalled as an operator would with kill(1). Both the stack that runs the server and a run
 * attached to it from another process reach it this way.
 */
public final class Postmaster {

  public static final String PID_FILE = "postmaster.pid";

  private final ProcessHandle process;

  private Postmaster(ProcessHandle process) {
    this.process = process;
  }

  /**
   * The pid on the first line of a {@code postmaster.pid}; empty for a file that is empty or half
   * written (the server writes it line by line while it starts).
   */
  public static OptionalLong pidIn(String pidFileContent) {
    String first = pidFileContent.lines().findFirst().orElse("").strip();
    try {
      long pid = Long.parseLong(first);
      return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The live postmaster of {@code dataDir}, if one runs there. */
  public static Optional<Postmaster> of(Path dataDir) {
    Path file = dataDir.resolve(PID_FILE);
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException e) {
      return Optional.empty(); // none, or removed by a server stopping right now
    }
    OptionalLong pid = pidIn(content);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong())
        .filter(ProcessHandle::isAlive)
        // A stale file's pid may since belong to another program: never signal that one.
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .map(Postmaster::new);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The postmaster's children: its backends and background workers. */
  public List<ProcessHandle> children() {
    return process.descendants().toList();
  }

  /**
   * SIGKILL, no shutdown at all: {@link ProcessHandle#destroyForcibly()} is SIGKILL on Linux. Waits
   * (bounded) until the process is gone.
   */
  public void kill(Duration bound) {
    process.destroyForcibly();
    awaitExit(bound, "SIGKILL");
  }

  /**
   * Fast shutdown (SIGINT): sessions are ended, a checkpoint is written, the server exits. Smart
   * shutdown (SIGTERM, what {@link ProcessHandle#destroy()} sends) would wait for every client to
   * disconnect, which a connection pool never does.
   */
  public void fastShutdown(Duration bound) {
    ProcessSignals.send("INT", List.of(process), "postgres");
    awaitExit(bound, "fast shutdown (SIGINT)");
  }

  /**
   * Freezes the server: SIGSTOP of the postmaster, then of every child (so it forks no new one
   * meanwhile), for {@code length}; then SIGCONT in the reverse order, whatever happened. Java has
   * no API for SIGSTOP and SIGCONT, hence kill(1).
   *
   * @return how many child processes were frozen with it
   */
  public int pause(Duration length) {
    List<ProcessHandle> frozen = new ArrayList<>();
    frozen.add(process);
    try {
      ProcessSignals.send("STOP", List.of(process), "postgres");
      List<ProcessHandle> children = children();
      ProcessSignals.send("STOP", children, "postgres");
      frozen.addAll(children);
      // The pause is the fault itself, not a wait for a condition: it lasts exactly this long.
      Thread.sleep(length.toMillis());
      return children.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClicksimFailure.interrupted("while postgres was paused", e);
    } finally {
      List<ProcessHandle> thaw = new ArrayList<>(frozen);
      java.util.Collections.reverse(thaw);
      ProcessSignals.send("CONT", thaw, "postgres");
    }
  }

  private void awaitExit(Duration bound, String what) {
    ProcessSignals.awaitExit(process, bound, "its " + what, "postgres");
  }
}
