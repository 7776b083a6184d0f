package dev.clicksim.truth;

import dev.clicksim.failure.ClicksimFailure;

/**
 * A truth file that cannot be read or written; the message is one line naming the file (and line).
 */
public class TruthFileException extends ClicksimFailure {
  private static final long serialVersionUID = 1L;

  /** A truth file that is not what clicksim writes: invalid input. */
  public TruthFileException(String message, Throwable cause) {
    this(Kind.INVALID_INPUT, message, cause);
  }

  public TruthFileException(Kind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }
}
