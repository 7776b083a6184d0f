package dev.clicksim.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.CountsTableReader;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.Stack;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ComparisonResult;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.Settler;
import dev.clicksim.verify.WindowComparison;
import dev.clicksim.verify.WindowVerdict;

/** Waits for the sink's table to settle, compares it with a run's truth window by window and prints the verdict. */
final class RunVerifier {

  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter END = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int AUTO_LIST_LIMIT = 60;

  private RunVerifier() {}

  static ExitCode verify(Stack stack, RunDirectory run, CountsTable table, VerifyOptions options, PrintWriter out) throws InterruptedException {
    RunDirectory.RunInfo info = run.readInfo();
    List<WindowTruth> truth = run.readTruth();
    Map<String, Long> expected = new HashMap<>();
    for (WindowTruth w : truth) {
      if (w.expectedCount() > 0) {
        expected.put(w.campaignId() + "@" + w.windowStartMs(), w.expectedCount());
      }
    }
    Set<String> expectedKeys = expected.keySet();
    out.println("verify: run " + run.id() + " (scenario " + info.scenario() + ", campaign prefix " + info.campaignPrefix() + ") against table "
        + table.table() + " at " + stack.database().jdbcUrl());
    out.flush();
    long start = System.nanoTime();
    Settler.Settled settled;
    try (CountsTableReader reader = new CountsTableReader(stack.database(), table)) {
      Settler settler = new Settler(options.pollInterval, options.quietPeriod, options.settleTimeout, System::nanoTime,
          d -> Thread.sleep(d.toMillis()));
      ConnectRestClient connect = new ConnectRestClient(stack.connectUrl());
      settled = settler.await(() -> {
        failIfSinkFailed(connect);
        return reader.read(info.campaignPrefix());
      },
          observed -> asMap(observed).equals(expected),
          observed -> asMap(observed).keySet().containsAll(expectedKeys));
    }
    ComparisonResult result = WindowComparison.compare(truth, settled.observed());
    print(result, options, out);
    out.printf("clicks: %d sent, %d expected in the table, %d must be dropped as late, %d duplicate deliveries%n",
        info.clicksSent(), info.clicksExpected(), info.clicksDroppedLate(), info.duplicates());
    String settledHow = switch (settled.reason()) {
      case MATCHED -> "every window matched";
      case QUIET -> "no change for " + options.quietPeriod.toSeconds() + " s";
      case TIMEOUT -> "timed out after " + options.settleTimeout.toSeconds() + " s";
    };
    long matched = result.count(WindowVerdict.Kind.MATCHED);
    int total = result.verdicts().size();
    if (result.matches()) {
      out.printf("VERDICT: MATCH - %d of %d windows matched (settled in %.1f s: %s)%n", matched, total,
          (System.nanoTime() - start) / 1e9, settledHow);
      out.flush();
      return ExitCode.OK;
    }
    out.printf("VERDICT: MISMATCH - %d of %d windows differ: %s (settled in %.1f s: %s)%n", total - matched, total,
        summarize(result), (System.nanoTime() - start) / 1e9, settledHow);
    if (settled.reason() == Settler.Reason.TIMEOUT) {
      List<String> short_ = result.mismatches().stream()
          .filter(v -> v.kind() == WindowVerdict.Kind.MISSING_WINDOW || v.kind() == WindowVerdict.Kind.LOST_CLICKS)
          .limit(5).map(v -> v.campaignId() + " " + START.format(Instant.ofEpochMilli(v.windowStartMs()))).collect(Collectors.toList());
      out.println("windows still short at the timeout: " + (short_.isEmpty() ? "none" : String.join(", ", short_)));
    }
    out.flush();
    return ExitCode.MISMATCH;
  }

  /** A dead sink task will never write again: say so at once instead of waiting for the timeout. */
  private static void failIfSinkFailed(ConnectRestClient connect) {
    String name = SinkConnectorConfig.CONNECTOR_NAME;
    connect.status(name).flatMap(ConnectRestClient.ConnectorStatus::failedTask).ifPresent(task -> {
      throw new ClicksimException(ExitCode.INFRASTRUCTURE, "sink connector " + name + " task " + task.id() + " FAILED while verifying: "
          + task.trace().lines().findFirst().orElse("(no trace)"));
    });
  }

  private static Map<String, Long> asMap(List<ObservedWindow> observed) {
    Map<String, Long> m = new HashMap<>();
    for (ObservedWindow o : observed) {
      m.put(o.campaignId() + "@" + o.windowStartMs(), o.count());
    }
    return m;
  }

  private static String summarize(ComparisonResult result) {
    return result.countsByKind().entrySet().stream()
        .filter(e -> e.getKey() != WindowVerdict.Kind.MATCHED && e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .collect(Collectors.joining(", "));
  }

  private static void print(ComparisonResult result, VerifyOptions options, PrintWriter out) {
    boolean all = switch (options.list) {
      case "all" -> true;
      case "mismatched" -> false;
      case "auto" -> result.verdicts().size() <= AUTO_LIST_LIMIT;
      default -> throw new ClicksimException(ExitCode.INVALID_INPUT, "--list must be all, mismatched or auto, was " + options.list);
    };
    List<WindowVerdict> rows = all ? result.verdicts() : result.mismatches();
    if (rows.isEmpty()) {
      return;
    }
    int width = Math.max(8, rows.stream().mapToInt(v -> v.campaignId().length()).max().orElse(8));
    out.printf("  %-" + width + "s  %-32s %9s %9s %7s  %s%n", "campaign", "window (UTC)", "expected", "observed", "diff", "verdict");
    for (WindowVerdict v : rows) {
      String window = START.format(Instant.ofEpochMilli(v.windowStartMs())) + " - " + END.format(Instant.ofEpochMilli(v.windowEndMs()));
      out.printf("  %-" + width + "s  %-32s %9d %9s %+7d  %s%n", v.campaignId(), window, v.expected(),
          v.observed() == null ? "-" : v.observed().toString(), v.difference(),
          v.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    if (!all) {
      out.println("  (" + (result.verdicts().size() - rows.size()) + " matched windows not listed; --list all shows them)");
    }
  }
}
