package dev.clicksim.scenario;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in scenario files: {@code 500ms}, {@code 90s}, {@code 8m}, {@code 2h},
 * {@code 1d}, {@code 1m30s}, or ISO-8601 {@code PT8M}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration; throws {@link IllegalArgumentException} with a short reason (no input echo
   * beyond the text).
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was empty");
    }
    String s = text.strip();
    if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P") || s.startsWith("+P")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a valid ISO-8601 duration: '" + s + "'");
      }
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '" + s + "'");
      }
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("duration '" + s + "' is too large");
      }
      try {
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  default -> Duration.ofDays(n);
                });
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration '" + s + "' is too large");
      }
      pos = m.end();
    }
    return total;
  }

  /**
   * The shortest of the forms {@link #parse} reads back, e.g. {@code 8m}, {@code 1m30s}, {@code
   * 0s}.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    StringBuilder sb = new StringBuilder();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        sb.append(ms / units[i]).append(names[i]);
        ms %= units[i];
      }
    }
    return sb.toString();
  }
}
