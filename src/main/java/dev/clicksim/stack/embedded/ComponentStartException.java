package dev.clicksim.stack.embedded;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.cli.ClicksimException;

/** A component of the embedded stack could not start; the message names the component and the cause in one line. */
public final class ComponentStartException extends ClicksimException {

  public ComponentStartException(String component, String problem, Throwable cause) {
    super(ExitCode.INFRASTRUCTURE, "embedded " + component + " could not start: " + problem, cause);
  }
}
