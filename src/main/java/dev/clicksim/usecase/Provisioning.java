package dev.clicksim.usecase;

import dev.clicksim.db.CountsTable;
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
   * @param warnings the pre-flight checks' findings after provisioning: traps that explain a later
   *     verdict or latency
   */
  public record Result(List<ProvisionStep> steps, List<String> warnings, double seconds) {}

  private Provisioning() {}

  /**
   * Provisions idempotently, each step told to {@code progress}, then runs the pre-flight checks.
   */
  public static Result provision(Stack stack, CountsTable table, Consumer<ProvisionStep> progress) {
    long start = System.nanoTime();
    List<ProvisionStep> steps = stack.provision(table, progress);
    List<String> warnings = stack.preflight(table);
    return new Result(steps, warnings, (System.nanoTime() - start) / 1e9);
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
