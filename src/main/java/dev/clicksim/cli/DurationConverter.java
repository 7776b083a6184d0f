package dev.clicksim.cli;

import dev.clicksim.scenario.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 90s}, {@code 2m}, {@code 500ms} or ISO-8601 durations on the command line. */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. 90s, 2m, 500ms, PT1M)");
    }
  }
}
