package dev.clicksim.failure;

/**
 * A failure the user can act on, from any layer: a kind that says what went wrong in general, and a
 * one-line message naming the thing that failed. Only the command line maps kinds to exit codes;
 * nothing below it knows them.
 */
public class ClicksimFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure this is; the command line gives each kind its exit code. */
  public enum Kind {
    /**
     * A bad option, scenario file, truth file or run directory: the user's input, named in the
     * message.
     */
    INVALID_INPUT,
    /**
     * A broker, Connect worker, ksqlDB server, Schema Registry, database or embedded component
     * failed or is unreachable.
     */
    INFRASTRUCTURE,
    /** A service refused the credentials. */
    AUTHENTICATION,
    /** Something needed does not exist: a table, a run directory, a running stack. */
    MISSING_RESOURCE,
    /** Stopped by Ctrl-C, SIGTERM or a thread interrupt. */
    INTERRUPTED,
    /** A bug in clicksim, or a packaging problem that no user input explains. */
    INTERNAL
  }

  private final Kind kind;

  public ClicksimFailure(Kind kind, String message) {
    this(kind, message, null);
  }

  public ClicksimFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The failure for an interrupted wait: the thread's interrupt flag is set again, so callers
   * further up see it too.
   */
  public static ClicksimFailure interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new ClicksimFailure(Kind.INTERRUPTED, "interrupted " + what, e);
  }
}
