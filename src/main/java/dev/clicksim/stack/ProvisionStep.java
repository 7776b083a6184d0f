package dev.clicksim.stack;

/**
 * What one provisioning step did, so a second {@code provision} can say that it changed nothing.
 */
public record ProvisionStep(String what, Outcome outcome, String detail) {

  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public static ProvisionStep created(String what, String detail) {
    return new ProvisionStep(what, Outcome.CREATED, detail);
  }

  public static ProvisionStep updated(String what, String detail) {
    return new ProvisionStep(what, Outcome.UPDATED, detail);
  }

  public static ProvisionStep unchanged(String what, String detail) {
    return new ProvisionStep(what, Outcome.UNCHANGED, detail);
  }

  @Override
  public String toString() {
    return String.format(
        "%-10s %-28s %s", outcome.name().toLowerCase(java.util.Locale.ROOT), what, detail);
  }
}
