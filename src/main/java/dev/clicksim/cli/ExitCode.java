package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.usecase.Verification;

/**
 * Every exit code clicksim returns, in one place: the help's list is made from it, a test keeps the
 * README's table equal to it, and CI gates on these numbers.
 */
public enum ExitCode {
  /** The pipeline's counts equal the truth (or the command did what it was asked). */
  OK(0, "match, or the command did what it was asked"),
  /** At least one window's count differs from the truth. */
  MISMATCH(1, "count mismatch: at least one window differs from the truth"),
  /**
   * Bad command line, malformed scenario or truth file. picocli's own usage errors use 2 as well.
   */
  INVALID_INPUT(2, "invalid input: bad option, malformed scenario or run directory"),
  /** A latency or match objective was breached although counts may be right. */
  SLO_BREACHED(3, "an SLO threshold was breached"),
  /** A broker, Connect worker, ksqlDB server or database could not be reached or failed. */
  INFRASTRUCTURE(
      4,
      "infrastructure unreachable or failed (broker, Connect, ksqlDB, Schema Registry, database, an embedded component)"),
  /** The database refused the credentials. */
  AUTHENTICATION(5, "authentication failed (wrong user or password)"),
  /** Something the command needs does not exist: a table, a run directory, a running stack. */
  NOT_FOUND(6, "a required resource is missing (table, run directory, running stack)"),
  /** A bug in clicksim: the message carries the exception. */
  INTERNAL(70, "internal error in clicksim"),
  /** Stopped by Ctrl-C or SIGTERM. */
  INTERRUPTED(130, "interrupted (Ctrl-C or SIGTERM)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * A verification's exit code: a count mismatch first, then a breached latency objective, else
   * success.
   */
  public static ExitCode of(Verification.Outcome outcome) {
    if (!outcome.countsAccepted()) {
      return MISMATCH;
    }
    return outcome.verdict() == Verification.Verdict.SLO_BREACHED ? SLO_BREACHED : OK;
  }

  /** The one place a failure's kind becomes a process exit code. */
  public static ExitCode of(ClicksimFailure.Kind kind) {
    return switch (kind) {
      case INVALID_INPUT -> INVALID_INPUT;
      case INFRASTRUCTURE -> INFRASTRUCTURE;
      case AUTHENTICATION -> AUTHENTICATION;
      case MISSING_RESOURCE -> NOT_FOUND;
      case INTERRUPTED -> INTERRUPTED;
      case INTERNAL -> INTERNAL;
    };
  }
}
