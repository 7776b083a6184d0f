package dev.clicksim.scenario;

import dev.clicksim.failure.ClicksimFailure;

/**
 * A scenario file that cannot be used; the message is one line naming the file, the field path and
 * the problem.
 */
public class InvalidScenarioException extends ClicksimFailure {
  private static final long serialVersionUID = 1L;

  public InvalidScenarioException(String message) {
    super(Kind.INVALID_INPUT, message);
  }

  public InvalidScenarioException(String message, Throwable cause) {
    super(Kind.INVALID_INPUT, message, cause);
  }
}
