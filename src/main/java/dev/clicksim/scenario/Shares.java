package dev.clicksim.scenario;

/**
 * A share written as a percentage ({@code 99.5%}) or a fraction ({@code 0.995}), as scenario files
 * and options take it.
 */
public final class Shares {

  private Shares() {}

  /** The share as a fraction in [0, 1]; throws IllegalArgumentException for anything else. */
  public static double parse(String text) {
    String s = text == null ? "" : text.strip();
    try {
      double v =
          s.endsWith("%")
              ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100
              : Double.parseDouble(s);
      if (v >= 0 && v <= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(
        "must be a share between 0% and 100% (such as 99.9% or 0.999), was " + text);
  }
}
