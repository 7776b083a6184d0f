package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Signals to processes as an operator sends them with kill(1). Java's {@link ProcessHandle} can
 * send SIGTERM and SIGKILL only; a pause needs SIGSTOP and SIGCONT, and PostgreSQL's fast shutdown
 * SIGINT.
 */
public final class ProcessSignals {

  private ProcessSignals() {}

  /**
   * Sends {@code signal} ("STOP", "CONT", "INT", ...) to each live process in one kill(1) call.
   *
   * @param what the component they hold, for the message when kill(1) cannot run
   */
  public static void send(String signal, List<ProcessHandle> processes, String what) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    processes.stream()
        .filter(ProcessHandle::isAlive)
        .forEach(p -> command.add(Long.toString(p.pid())));
    if (command.size() == 2) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
      // A process that ended between the listing and the signal makes kill(1) exit 1: that is fine.
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot send SIG" + signal + " to " + what + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClicksimFailure.interrupted("while signalling " + what, e);
    }
  }

  /**
   * Waits (bounded) until a signalled process has exited.
   *
   * @param after what it was sent, for the message ("SIGKILL", "its fast shutdown (SIGINT)")
   * @param what the component it holds
   */
  public static void awaitExit(ProcessHandle process, Duration bound, String after, String what) {
    try {
      process.onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      if (process.isAlive()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            what
                + " (pid "
                + process.pid()
                + ") still runs "
                + bound.toSeconds()
                + " s after "
                + after,
            e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClicksimFailure.interrupted("while waiting for " + what + " to exit", e);
    }
  }
}
