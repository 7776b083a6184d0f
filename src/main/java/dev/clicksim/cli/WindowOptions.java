package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The windows' grace period, for the commands that start a windowed count and for {@code scenario
 * show}.
 */
public final class WindowOptions {

  @Option(
      names = "--grace",
      defaultValue = "1m",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Grace period of the 2-minute tumbling windows, as in the ksql/ statements (default: ${DEFAULT-VALUE}).")
  Duration grace;

  WindowSpec windows(Duration size) {
    try {
      return new WindowSpec(size, grace);
    } catch (IllegalArgumentException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          (!size.isNegative() && !size.isZero() ? "--grace: " : "--window-size: ") + e.getMessage(),
          e);
    }
  }
}
