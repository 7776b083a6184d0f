package dev.clicksim.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numbers on the command line, refused in the user's words ("not a whole number") rather than
 * picocli's, which name the Java type ("not a long").
 */
final class NumberConverters {

  private NumberConverters() {}

  static final class WholeInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.valueOf(value.strip());
      } catch (NumberFormatException e) {
        throw notWhole(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
    }
  }

  static final class WholeLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.valueOf(value.strip());
      } catch (NumberFormatException e) {
        throw notWhole(value, Long.MIN_VALUE, Long.MAX_VALUE);
      }
    }
  }

  /** A finite decimal number: NaN and Infinity pass Double's parser but no option wants them. */
  static final class Decimal implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!Double.isFinite(d)) {
        throw new TypeConversionException("'" + value + "' is not a finite number");
      }
      return d;
    }
  }

  private static TypeConversionException notWhole(String value, long min, long max) {
    return new TypeConversionException(
        value.strip().matches("[+-]?\\d+")
            ? "'" + value + "' is out of range (" + min + " to " + max + ")"
            : "'" + value + "' is not a whole number");
  }
}
