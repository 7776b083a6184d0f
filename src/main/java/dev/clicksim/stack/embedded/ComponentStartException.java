package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;

/**
 * A component of the embedded stack could not start; the message names the component and the cause
 * in one line.
 */
public final class ComponentStartException extends ClicksimFailure {

  public ComponentStartException(String component, String problem, Throwable cause) {
    super(
        ClicksimFailure.Kind.INFRASTRUCTURE,
        "embedded " + component + " could not start: " + problem,
        cause);
  }
}
