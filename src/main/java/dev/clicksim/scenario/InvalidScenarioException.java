package dev.clicksim.scenario;

/** A scenario file that cannot be used; the message is one line naming the file, the field path and the problem. */
public class InvalidScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidScenarioException(String message) {
    super(message);
  }

  public InvalidScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
