package dev.clicksim.cli;

/**
 * A failure the user can act on: it carries the exit code and a one-line message naming the thing that failed. The
 * execution exception handler prints the message alone, without a stack trace.
 */
public class ClicksimException extends RuntimeException {

  private final ExitCode exitCode;

  public ClicksimException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public ClicksimException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
