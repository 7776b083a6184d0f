package dev.clicksim.truth;

/** A truth file that cannot be read or written; the message is one line naming the file (and line). */
public class TruthFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TruthFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
