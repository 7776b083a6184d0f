package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import org.apache.kafka.common.config.ConfigException;
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
    // The line first: after Ctrl-C the JVM is shutting down, and the log (whose first use
    // initialises log4j, ~0.4 s) must not stand between the user and the reason.
    commandLine.getErr().println("clicksim: " + message(ex));
    commandLine.getErr().flush();
    ExitCode code = exitCode(ex);
    // Bad input is all in that line; logging it would create the state directory (the log's home)
    // for a typo, and a state directory is what a stack leaves behind.
    if (code != ExitCode.INVALID_INPUT) {
      try {
        org.slf4j.LoggerFactory.getLogger(ExecutionExceptionHandler.class)
            .error("clicksim {} failed", commandLine.getCommandName(), ex);
      } catch (RuntimeException | LinkageError logFailed) {
        // The log is for details; the line above and the exit code are what counts.
      }
    }
    return code.code();
  }

  static int exitCodeOf(Throwable ex) {
    return exitCode(ex).code();
  }

  /**
   * The kind of the outermost failure that has one: a {@link ClicksimFailure}'s own, or invalid
   * input for a Kafka client setting the client refused (a bad {@code --bootstrap-servers}, a wrong
   * value in {@code --properties}), wherever the client was created.
   */
  static ExitCode exitCode(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ClicksimFailure c) {
        return ExitCode.of(c.kind());
      }
      if (t instanceof ConfigException) {
        return ExitCode.INVALID_INPUT;
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
      if (t instanceof ConfigException) {
        return kafkaSetting(oneLine(t.getMessage()));
      }
    }
    return "internal error: "
        + ex.getClass().getName()
        + ": "
        + oneLine(ex.getMessage())
        + " (details in the log)";
  }

  /** Kafka names its setting; the user gave it as an option or in the properties file. */
  private static String kafkaSetting(String kafkaMessage) {
    String option =
        kafkaMessage.contains("bootstrap.servers")
            ? "--bootstrap-servers"
            : "a Kafka client setting (--properties or --profile)";
    return option + ": " + kafkaMessage;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
