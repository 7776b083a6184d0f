package dev.clicksim.stack;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A password or token. Its {@code toString} never shows the value, so it cannot leak into output,
 * logs or reports.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value == null ? "" : value);
  }

  /** 128 random bits, hex: the embedded stack's database password. */
  public static Secret random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return new Secret(HexFormat.of().formatHex(bytes));
  }

  /** The value itself, for a driver or an HTTP header; never for printing. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "******";
  }
}
