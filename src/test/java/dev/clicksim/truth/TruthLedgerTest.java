package dev.clicksim.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.simulation.Click;
import dev.clicksim.simulation.ClickGenerator;
import dev.clicksim.testing.WindowCase;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TruthLedgerTest {
  private static final long ANCHOR = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

  private static Click click(String campaign, long ts) {
    return new Click(ts, campaign, "i", "s", "s-s0", campaign + "@" + ts);
  }

  static List<WindowCase> cases() {
    return WindowCase.all().toList();
  }

  /**
   * Runs a fixture's inputs through a ledger; returns the indexes of the inputs it predicts
   * dropped.
   */
  private static List<Integer> run(WindowCase wc, TruthLedger ledger) {
    List<Integer> dropped = new ArrayList<>();
    for (int i = 0; i < wc.inputs().size(); i++) {
      long before = ledger.droppedLate();
      ledger.record(wc.click(i));
      if (ledger.droppedLate() > before) {
        dropped.add(i);
      }
    }
    return dropped;
  }

  private static List<WindowCase.Output> finalCounts(TruthLedger ledger) {
    return ledger.windows().stream()
        .filter(w -> w.expectedCount() > 0)
        .map(
            w ->
                new WindowCase.Output(
                    w.campaignId(),
                    new WindowCase.Bounds(w.windowStartMs(), w.windowEndMs()),
                    w.expectedCount()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_predict_the_fixture_counts_and_drops_with_its_partitioning(WindowCase wc) {
    TruthLedger ledger = new TruthLedger(wc.spec(), wc.partitionFunction());
    List<Integer> dropped = run(wc, ledger);

    assertThat(dropped).as(wc.description()).isEqualTo(wc.dropped());
    assertThat(finalCounts(ledger)).as(wc.description()).isEqualTo(wc.outputs());
    assertThat(ledger.sent()).isEqualTo(wc.inputs().size());
    assertThat(ledger.expected() + ledger.droppedLate()).isEqualTo(ledger.sent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_predict_the_fixture_counts_and_drops_on_a_single_partition(WindowCase wc) {
    TruthLedger ledger = new TruthLedger(wc.spec(), campaign -> 0);
    List<Integer> dropped = run(wc, ledger);

    assertThat(dropped).as(wc.description()).isEqualTo(wc.singlePartitionExpectation().dropped());
    assertThat(finalCounts(ledger))
        .as(wc.description())
        .isEqualTo(wc.singlePartitionExpectation().outputs());
  }

  @Test
  void should_drop_click_later_than_window_end_plus_grace() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> 0);
    ledger.record(
        click("a", 180_000)); // stream time 180000: window [0, 120000) closes at 120000 + 60000
    ledger.record(click("a", 119_999));

    assertThat(ledger.windows()).contains(new WindowTruth("a", 0, 120_000, 1, 0, 1, 0));
    assertThat(ledger.droppedLate()).isEqualTo(1);
  }

  @Test
  void should_count_click_one_millisecond_before_window_end_plus_grace() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> 0);
    ledger.record(click("a", 179_999));
    ledger.record(click("a", 0));

    assertThat(ledger.windows()).contains(new WindowTruth("a", 0, 120_000, 1, 1, 0, 0, 1));
  }

  @Test
  void should_keep_stream_time_per_partition() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> c.equals("a") ? 0 : 1);
    ledger.record(click("a", 1_000_000));
    ledger.record(click("b", 5_000));
    ledger.record(click("a", 5_000));

    assertThat(ledger.streamTime(0)).isEqualTo(1_000_000);
    assertThat(ledger.streamTime(1)).isEqualTo(5_000);
    assertThat(ledger.streamTime(2)).isEqualTo(Long.MIN_VALUE);
    assertThat(ledger.windows())
        .containsExactly(
            new WindowTruth("a", 0, 120_000, 1, 0, 1, 0),
            new WindowTruth("a", 960_000, 1_080_000, 1, 1, 0, 0),
            new WindowTruth("b", 0, 120_000, 1, 1, 0, 0));
  }

  @Test
  void should_count_duplicate_deliveries_and_drop_late_ones() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> 0);
    Click first = click("a", 10_000);
    ledger.record(first);
    ledger.recordDuplicate(first);
    ledger.record(click("a", 500_000));
    ledger.recordDuplicate(first); // now late: dropped, still a duplicate

    assertThat(ledger.windows().get(0)).isEqualTo(new WindowTruth("a", 0, 120_000, 3, 2, 1, 2));
    assertThat(ledger.duplicates()).isEqualTo(2);
    assertThat(ledger.sent()).isEqualTo(4);
    assertThat(ledger.expected()).isEqualTo(3);
  }

  @Test
  void should_sort_windows_by_campaign_then_window_start() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> 0);
    ledger.record(click("b", 130_000));
    ledger.record(click("a", 130_000));
    ledger.record(click("b", 140_000));
    ledger.record(click("a", 250_000));
    ledger.record(click("b", 125_000));

    assertThat(ledger.windows())
        .extracting(WindowTruth::campaignId, WindowTruth::windowStartMs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 120_000L),
            org.assertj.core.groups.Tuple.tuple("a", 240_000L),
            org.assertj.core.groups.Tuple.tuple("b", 120_000L));
  }

  @Test
  void should_expect_every_smoke_click_in_four_windows_per_campaign() {
    Scenario smoke = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> Math.floorMod(c.hashCode(), 3));
    ClickGenerator g = new ClickGenerator(smoke, smoke.seed(), ANCHOR, "p-");
    g.forEachRemaining(ledger::record);

    assertThat(ledger.sent()).isEqualTo(300);
    assertThat(ledger.expected()).isEqualTo(300);
    assertThat(ledger.droppedLate()).isZero();
    List<WindowTruth> windows = ledger.windows();
    assertThat(windows).hasSize(12);
    assertThat(windows)
        .extracting(WindowTruth::campaignId)
        .containsOnly("p-free-shipping", "p-new-arrivals", "p-spring-sale");
    assertThat(windows)
        .extracting(WindowTruth::windowStartMs)
        .containsOnly(ANCHOR, ANCHOR + 120_000, ANCHOR + 240_000, ANCHOR + 360_000);
    assertThat(windows)
        .allSatisfy(
            w -> {
              assertThat(w.windowEndMs() - w.windowStartMs()).isEqualTo(120_000);
              assertThat(w.expectedCount()).isEqualTo(w.sent()).isPositive();
            });
  }

  @Test
  void should_put_the_smoke_boundary_click_into_the_second_window() {
    Scenario smoke = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));
    // Only the pinned clicks: the boundary click at 2m must open window [2m, 4m), not join [0, 2m).
    Scenario pinnedOnly =
        new Scenario(
            smoke.name(),
            "",
            smoke.seed(),
            smoke.duration(),
            2,
            smoke.campaigns(),
            smoke.shoppers(),
            smoke.pinnedClicks());
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, c -> 0);
    new ClickGenerator(pinnedOnly, 1, ANCHOR, "").forEachRemaining(ledger::record);

    assertThat(ledger.windows())
        .containsExactly(
            new WindowTruth("new-arrivals", ANCHOR, ANCHOR + 120_000, 1, 1, 0, 0),
            new WindowTruth("spring-sale", ANCHOR + 120_000, ANCHOR + 240_000, 1, 1, 0, 0));
  }

  @Test
  void should_count_clicks_kept_only_by_the_grace_period_and_give_their_place_in_the_window() {
    TruthLedger ledger =
        new TruthLedger(
            new dev.clicksim.window.WindowSpec(
                java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(1)),
            campaign -> 0);
    assertThat(ledger.record(new Click(10_000, "a", "i", "s", "x", "e1"))).isEqualTo(1);
    // Stream time moves to 2m30s: window [0, 2m) has ended but is still within its grace.
    assertThat(ledger.record(new Click(150_000, "a", "i", "s", "x", "e2"))).isEqualTo(1);
    assertThat(ledger.record(new Click(20_000, "a", "i", "s", "x", "e3"))).isEqualTo(2);
    // Stream time moves to 3m: window [0, 2m) is now closed (end + grace <= stream time).
    assertThat(ledger.record(new Click(180_000, "a", "i", "s", "x", "e4"))).isEqualTo(2);
    assertThat(ledger.record(new Click(30_000, "a", "i", "s", "x", "e5"))).isZero();
    assertThat(ledger.windows().get(0))
        .isEqualTo(new dev.clicksim.truth.WindowTruth("a", 0, 120_000, 3, 2, 1, 0, 1));
  }

  @Test
  void should_drain_each_changed_window_once_as_it_is_now() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, campaign -> 0);
    ledger.record(click("a", ANCHOR));
    ledger.record(click("a", ANCHOR + 1));
    ledger.record(click("b", ANCHOR));

    assertThat(ledger.drainChanged())
        .containsExactlyInAnyOrder(
            new WindowTruth("a", ANCHOR, ANCHOR + 120_000, 2, 2, 0, 0),
            new WindowTruth("b", ANCHOR, ANCHOR + 120_000, 1, 1, 0, 0));
    assertThat(ledger.drainChanged()).isEmpty();

    ledger.recordDuplicate(click("b", ANCHOR));
    assertThat(ledger.drainChanged())
        .containsExactly(new WindowTruth("b", ANCHOR, ANCHOR + 120_000, 2, 2, 0, 1));
  }
}
