package dev.clicksim.scenario;

import java.util.List;

/**
 * The checks the model's constructors make; each failure is an {@link InvalidFieldException} naming
 * the field.
 */
final class Check {
  private Check() {}

  static InvalidFieldException fail(String field, String problem) {
    return new InvalidFieldException(field, problem);
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw fail(field, "is required");
    }
    return value;
  }

  /**
   * A copy of a list that must be given and hold no null; {@code field[i]} names a missing element.
   */
  static <T> List<T> list(String field, List<T> values) {
    required(field, values);
    for (int i = 0; i < values.size(); i++) {
      required(field + "[" + i + "]", values.get(i));
    }
    return List.copyOf(values);
  }

  static double finite(String field, double v) {
    if (!Double.isFinite(v)) {
      throw fail(field, "must be a finite number, was " + v);
    }
    return v;
  }

  static double atLeastZero(String field, double v, boolean time) {
    if (!(finite(field, v) >= 0)) {
      throw fail(field, "must be >= 0, was " + shown(v, time));
    }
    return v;
  }

  static double positive(String field, double v, boolean time) {
    if (!(finite(field, v) > 0)) {
      throw fail(field, "must be > 0, was " + shown(v, time));
    }
    return v;
  }

  static double share(String field, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw fail(field, "must be a share in [0, 1], was " + v);
    }
    return v;
  }

  /**
   * A number as written in a scenario: a duration for time values (milliseconds), else a plain
   * number.
   */
  static String shown(double v, boolean time) {
    return Distribution.format(v, time);
  }
}
