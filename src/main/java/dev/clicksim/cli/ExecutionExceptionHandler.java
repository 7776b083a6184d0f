package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and the exit code named in {@link ExitCode}. Stack
 * traces go to the log file only; the user sees what failed and where.
 */
public final class ExecutionExceptionHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    // Looked up only on failure: the first logger initialises log4j (~0.4 s), which a verify that
    // only reads a table
    // never needs.
    org.slf4j.LoggerFactory.getLogger(ExecutionExceptionHandler.class)
        .error("clicksim {} failed", commandLine.getCommandName(), ex);
    commandLine.getErr().println("clicksim: " + message(ex));
    commandLine.getErr().flush();
    return exitCodeOf(ex);
  }

  static int exitCodeOf(Throwable ex) {
    return exitCode(ex).code();
  }

  static ExitCode exitCode(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ClicksimFailure c) {
        return ExitCode.of(c.kind());
      }
      if (t instanceof InterruptedException) {
        return ExitCode.INTERRUPTED;
      }
    }
    return ExitCode.INTERNAL;
  }

  static String message(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ClicksimFailure) {
        return oneLine(t.getMessage());
      }
    }
    return "internal error: "
        + ex.getClass().getName()
        + ": "
        + oneLine(ex.getMessage())
        + " (details in the log)";
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
