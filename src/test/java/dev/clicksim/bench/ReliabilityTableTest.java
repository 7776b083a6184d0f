package dev.clicksim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.report.FaultRow;
import dev.clicksim.report.RunSummary;
import dev.clicksim.report.StageClicks;
import dev.clicksim.report.Timeline;
import dev.clicksim.report.VerificationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReliabilityTableTest {

  private static FaultRow fault(
      int n, String action, String target, Double recovery, long doubled, long windows) {
    return new FaultRow(
        n,
        action + ":" + target + "@" + n + "m",
        action,
        target,
        null,
        n + "m",
        n * 60_000L,
        Instant.EPOCH,
        n * 10.0,
        n * 10.0,
        "done",
        false,
        recovery,
        recovery == null ? null : n * 10.0 + recovery,
        0,
        recovery == null ? "not caught up" : null,
        doubled == 0 ? List.of() : List.of(new StageClicks("aggregation", 0, doubled)),
        windows,
        List.of());
  }

  private static VerificationReport run(String guarantee, String verdict, FaultRow... faults) {
    return new VerificationReport(
        new RunSummary(
            "id",
            "reliability",
            1,
            Instant.EPOCH,
            "r1.",
            120_000,
            60_000,
            "embedded",
            100,
            100,
            0,
            0,
            Map.of("streams.processing.guarantee", guarantee)),
        verdict,
        0,
        "upsert",
        "click_counts",
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Instant.EPOCH,
        null,
        new Timeline("m", List.of(faults), List.of(), 0, List.of()));
  }

  @Test
  void should_sum_each_fault_kind_per_guarantee_over_its_repetitions() {
    List<ReliabilityTable.Cell> cells =
        ReliabilityTable.cells(
            List.of(
                run(
                    "at_least_once",
                    "MISMATCH",
                    fault(1, "kill", "aggregation", 4.0, 30, 2),
                    fault(2, "kill", "aggregation", 8.0, 12, 1),
                    fault(3, "kill", "aggregation", null, 0, 0)),
                run(
                    "exactly_once_v2",
                    "MATCH",
                    fault(1, "kill", "aggregation", 6.0, 0, 0),
                    fault(2, "kill", "aggregation", 7.0, 0, 0))));

    assertThat(cells).hasSize(2);
    ReliabilityTable.Cell alo = cells.get(0);
    assertThat(alo.guarantee()).isEqualTo("at_least_once");
    assertThat(alo.repetitions()).isEqualTo(3);
    assertThat(alo.doubled()).isEqualTo(42);
    assertThat(alo.windowsOff()).isEqualTo(3);
    assertThat(alo.notCaughtUp()).isEqualTo(1);
    assertThat(ReliabilityTable.table(cells))
        .contains(
            "| aggregation | kill | at_least_once | 3 | 0 | 42 | 3 | 6.0 (1 not measured) | 8.0 | MISMATCH |")
        .contains("| aggregation | kill | exactly_once_v2 | 2 | 0 | 0 | 0 | 6.5 | 7.0 | MATCH |");
  }
}
