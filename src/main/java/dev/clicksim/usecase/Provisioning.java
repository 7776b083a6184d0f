package dev.clicksim.usecase;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sets a stack's pipeline up and checks it for known traps, or plans that without changing
 * anything.
 */
public final class Provisioning {

  /**
   * What provisioning did.
   *
   * @param warnings what the windowed count says of itself where it differs from what the truth
   *     assumes ({@link Stack#aggregationFindings()}), then the pre-flight checks' findings: traps
   *     that explain a later verdict or latency
   */
  public record Result(List<ProvisionStep> steps, List<String> warnings, double seconds) {}

  private Provisioning() {}

  /**
   * Provisions idempotently, each step told to {@code progress}, then runs the pre-flight checks.
   */
  public static Result provision(Stack stack, CountsTable table, Consumer<ProvisionStep> progress) {
    return provision(stack, table, false, progress);
  }

  /**
   * Provisions idempotently, each step told to {@code progress}, then collects what the windowed
   * count says of itself and runs the pre-flight checks.
   *
   * @param strict refuse (INVALID_INPUT) a windowed count whose own description differs from what
   *     the truth assumes, instead of warning; the pipeline is provisioned by then, and nothing is
   *     sent
   */
  public static Result provision(
      Stack stack, CountsTable table, boolean strict, Consumer<ProvisionStep> progress) {
    long start = System.nanoTime();
    List<ProvisionStep> steps = stack.provision(table, progress);
    List<String> findings = stack.aggregationFindings();
    if (strict && !findings.isEmpty()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "refused under --strict: "
              + String.join("; ", findings.stream().map(Provisioning::summary).toList())
              + " (without --strict, each is a warning that says what it does to a run)");
    }
    List<String> warnings = new ArrayList<>(findings);
    warnings.addAll(stack.preflight(table));
    return new Result(steps, warnings, (System.nanoTime() - start) / 1e9);
  }

  /** A finding's words before its explanation: what it is, short enough to list several. */
  private static String summary(String finding) {
    int colon = finding.indexOf(": ");
    return colon < 0 ? finding : finding.substring(0, colon);
  }

  /**
   * The numbered steps provisioning would take, from the stack's endpoints alone: nothing is
   * contacted or changed.
   */
  public static List<String> plan(Stack stack, CountsTable table) {
    List<String> lines = new ArrayList<>();
    int step = 0;
    for (String line : stack.provisioningPlan(table)) {
      lines.add(line.startsWith(" ") ? line : (++step) + ". " + line);
    }
    return lines;
  }
}
