package dev.clicksim.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.truth.TruthFile;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioSimulationTest {
  static final long ANCHOR = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
  @TempDir Path dir;

  static Scenario yaml(String text) {
    return ScenarioLoader.parse(text.getBytes(StandardCharsets.UTF_8), "test.yaml", "test");
  }

  static List<Delivery> run(Scenario s, long anchor, String prefix) {
    List<Delivery> out = new ArrayList<>();
    new ScenarioSimulation(s, WindowSpec.DEFAULT, anchor, prefix).forEachRemaining(out::add);
    return out;
  }

  private Path truthOf(Scenario s, String file) {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, CampaignPartitioner.kafkaDefault(3));
    new ScenarioSimulation(s, WindowSpec.DEFAULT, ANCHOR, "r1.")
        .forEachRemaining(
            d -> {
              if (d.duplicate()) {
                ledger.recordDuplicate(d.click());
              } else {
                ledger.record(d.click());
              }
            });
    Path p = dir.resolve(file);
    TruthFile.write(p, ledger.windows());
    return p;
  }

  @Test
  void should_produce_the_same_deliveries_and_truth_bytes_for_the_same_seed() throws Exception {
    Scenario s = ScenarioLoader.loadBuiltIn("late-and-out-of-order");

    assertThat(run(s, ANCHOR, "r1.")).isEqualTo(run(s, ANCHOR, "r1."));
    assertThat(Files.readAllBytes(truthOf(s, "a.csv")))
        .isEqualTo(Files.readAllBytes(truthOf(s, "b.csv")));
  }

  @Test
  void should_produce_different_deliveries_and_truth_for_a_different_seed() throws Exception {
    Scenario s = ScenarioLoader.loadBuiltIn("late-and-out-of-order");
    Scenario other = new ScenarioOverrides(s.seed() + 1, null, null, null).apply(s);

    List<Delivery> a = run(s, ANCHOR, "r1.");
    List<Delivery> b = run(other, ANCHOR, "r1.");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.stream().map(d -> d.click().eventTimeMs()).toList())
        .isNotEqualTo(b.stream().map(d -> d.click().eventTimeMs()).toList());
    assertThat(Files.readAllBytes(truthOf(s, "a.csv")))
        .isNotEqualTo(Files.readAllBytes(truthOf(other, "b.csv")));
  }

  @Test
  void should_deliver_the_smoke_clicks_exactly_as_the_click_generator_does() {
    Scenario smoke = ScenarioLoader.loadBuiltIn("smoke");
    List<Click> expected = new ArrayList<>();
    new ClickGenerator(smoke, smoke.seed(), ANCHOR, "p-").forEachRemaining(expected::add);

    List<Delivery> deliveries = run(smoke, ANCHOR, "p-");

    assertThat(deliveries).extracting(Delivery::click).isEqualTo(expected).hasSize(300);
    assertThat(deliveries)
        .allSatisfy(
            d -> {
              assertThat(d.sendOffsetNanos()).isZero();
              assertThat(d.duplicate()).isFalse();
              assertThat(d.deliveryOffsetMs()).isEqualTo(d.click().eventTimeMs() - ANCHOR);
            });
  }

  @Test
  void should_shift_event_times_with_the_anchor_and_nothing_else() {
    Scenario s = ScenarioLoader.loadBuiltIn("late-and-out-of-order");
    List<Delivery> a = run(s, ANCHOR, "p-");
    List<Delivery> b = run(s, ANCHOR + 120_000, "p-");

    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).click().eventTimeMs() - a.get(i).click().eventTimeMs())
          .isEqualTo(120_000);
      assertThat(b.get(i).deliveryOffsetMs()).isEqualTo(a.get(i).deliveryOffsetMs());
      assertThat(b.get(i).click().eventId()).isEqualTo(a.get(i).click().eventId());
    }
  }

  @Test
  void should_keep_event_times_in_the_duration_and_deliveries_in_send_order_paced_by_speed() {
    Scenario s = ScenarioLoader.loadBuiltIn("late-and-out-of-order"); // speed 12
    long durationMs = s.duration().toMillis();
    long maxLate =
        WindowSpec.DEFAULT.sizeMs()
            + WindowSpec.DEFAULT.graceMs()
            + 2 * s.disorder().late().margin().toMillis()
            + s.disorder().duplicates().maxDelay().toMillis();

    List<Delivery> all = run(s, ANCHOR, "");

    long previous = 0;
    for (Delivery d : all) {
      assertThat(d.click().eventTimeMs()).isBetween(ANCHOR, ANCHOR + durationMs - 1);
      assertThat(d.deliveryOffsetMs())
          .isGreaterThanOrEqualTo(previous)
          .isBetween(0L, durationMs + maxLate)
          .isGreaterThanOrEqualTo(d.click().eventTimeMs() - ANCHOR);
      assertThat(d.sendOffsetNanos()).isEqualTo((long) (d.deliveryOffsetMs() * (1_000_000.0 / 12)));
      previous = d.deliveryOffsetMs();
    }
    Scenario max = new ScenarioOverrides(null, Scenario.MAX_SPEED, null, null).apply(s);
    List<Delivery> fast = run(max, ANCHOR, "");
    assertThat(fast).allSatisfy(d -> assertThat(d.sendOffsetNanos()).isZero());
    assertThat(fast)
        .extracting(Delivery::click)
        .isEqualTo(all.stream().map(Delivery::click).toList());
  }

  @Test
  void should_apply_each_kind_of_disorder_within_its_bounds_and_share() {
    Scenario s =
        ScenarioLoader.loadBuiltIn("steady")
            .withDisorder(
                new Scenario.Disorder(
                    new Scenario.Delayed(0.05, Duration.ofSeconds(20)),
                    new Scenario.Late(0.01, Duration.ofSeconds(10)),
                    new Scenario.Delayed(0.005, Duration.ofSeconds(2))));
    WindowSpec w = WindowSpec.DEFAULT;
    Map<String, Delivery> first = new HashMap<>();
    long outOfOrder = 0;
    long late = 0;
    long inOrder = 0;
    long duplicates = 0;
    ScenarioSimulation sim = new ScenarioSimulation(s, w, ANCHOR, "");
    while (sim.hasNext()) {
      Delivery d = sim.next();
      long event = d.click().eventTimeMs() - ANCHOR;
      long delay = d.deliveryOffsetMs() - event;
      if (d.duplicate()) {
        duplicates++;
        Delivery original = first.get(d.click().eventId());
        assertThat(original).as("a duplicate follows its original").isNotNull();
        assertThat(original.click()).isEqualTo(d.click());
        assertThat(d.deliveryOffsetMs() - original.deliveryOffsetMs()).isBetween(1L, 2_000L);
        continue;
      }
      assertThat(first.put(d.click().eventId(), d)).as("one first delivery per click").isNull();
      long lateFrom = w.endOf(d.click().eventTimeMs()) - ANCHOR + w.graceMs() + 10_000;
      if (delay == 0) {
        inOrder++;
      } else if (d.deliveryOffsetMs() >= lateFrom) {
        late++;
        assertThat(d.deliveryOffsetMs()).isLessThan(lateFrom + 10_000);
      } else {
        outOfOrder++;
        assertThat(delay).isBetween(1L, 20_000L);
      }
    }
    long clicks = first.size();
    assertThat(clicks).isEqualTo(sim.clicks()).isGreaterThan(100_000);
    assertThat(outOfOrder).isEqualTo(sim.outOfOrder());
    assertThat(late).isEqualTo(sim.late());
    assertThat(duplicates).isEqualTo(sim.duplicates());
    assertThat(inOrder + outOfOrder + late).isEqualTo(clicks);
    assertThat(outOfOrder / (double) clicks).isCloseTo(0.05, within(0.003));
    assertThat(late / (double) clicks).isCloseTo(0.01, within(0.0015));
    assertThat(duplicates / (double) clicks).isCloseTo(0.005, within(0.001));
  }

  @Test
  void should_run_each_session_through_land_browse_bursts_on_different_campaigns_and_leave() {
    // Constant distributions make a complete session exactly: browse 5s, burst of 2 clicks 1s
    // apart, think 10s, always another campaign, capped at 35s: clicks at +5s, +6s, +16s, +17s,
    // +27s, +28s on three campaigns.
    Scenario s =
        yaml(
            """
        seed: 11
        duration: 10m
        shoppers: 1000000
        sessions:
          arrivals: {constant: 2}
          browse: 5s
          burstSize: 2
          clickGap: {constant: 1s}
          thinkTime: 10s
          another: 1
          maxLength: 35s
        campaigns:
          - {id: a, weight: 1, items: [a1, a2]}
          - {id: b, weight: 2, items: [b1]}
          - {id: c, weight: 3, items: [c1, c2, c3]}
        """);
    Map<String, List<Click>> bySession = new HashMap<>();
    for (Delivery d : run(s, ANCHOR, "")) {
      bySession.computeIfAbsent(d.click().sessionId(), k -> new ArrayList<>()).add(d.click());
    }
    assertThat(bySession.size()).isBetween(1000, 1400); // 2/s over 600 s

    int complete = 0;
    for (List<Click> clicks : bySession.values()) {
      assertThat(clicks.size()).isBetween(1, 6);
      assertThat(clicks).extracting(Click::shopperId).containsOnly(clicks.get(0).shopperId());
      long land = clicks.get(0).eventTimeMs() - 5_000;
      long[] at = {5_000, 6_000, 16_000, 17_000, 27_000, 28_000};
      for (int i = 0; i < clicks.size(); i++) {
        // Times come from doubles summed in a session: allow a millisecond of rounding.
        assertThat(clicks.get(i).eventTimeMs() - land).isCloseTo(at[i], within(1L));
      }
      for (int i = 1; i < clicks.size(); i += 2) {
        assertThat(clicks.get(i).campaignId())
            .as("a burst stays on one campaign")
            .isEqualTo(clicks.get(i - 1).campaignId());
      }
      for (int i = 2; i < clicks.size(); i += 2) {
        assertThat(clicks.get(i).campaignId())
            .as("the next burst is on another campaign")
            .isNotEqualTo(clicks.get(i - 1).campaignId());
      }
      if (clicks.size() == 6) {
        complete++;
      } else {
        assertThat(clicks.get(clicks.size() - 1).eventTimeMs() + 11_000)
            .as("only the scenario's end cuts a session")
            .isGreaterThan(ANCHOR + 600_000 - 1_000);
      }
    }
    assertThat(complete).isGreaterThan(bySession.size() * 9 / 10);
  }

  @Test
  void should_pick_campaigns_by_weight_only_while_active_and_favour_boosted_ones() {
    Scenario s =
        yaml(
            """
        seed: 5
        duration: 20m
        sessions:
          arrivals: 20
          burstSize: 1
          another: 0
        campaigns:
          - {id: early, weight: 1, items: [e], active: [{from: 0m, to: 10m}]}
          - {id: late, weight: 1, items: [l], active: [{from: 10m, to: 20m}]}
          - {id: always, weight: 2, items: [x]}
          - {id: hot, weight: 1, items: [h], boost: {burst: {at: 12m, length: 2m, rate: 99}}}
        """);
    Map<String, long[]> perCampaignPerMinute = new HashMap<>();
    for (Delivery d : run(s, ANCHOR, "")) {
      int minute = (int) ((d.click().eventTimeMs() - ANCHOR) / 60_000);
      perCampaignPerMinute.computeIfAbsent(d.click().campaignId(), k -> new long[20])[minute]++;
    }
    long[] early = perCampaignPerMinute.get("early");
    long[] late = perCampaignPerMinute.get("late");
    long[] hot = perCampaignPerMinute.get("hot");
    long[] always = perCampaignPerMinute.get("always");
    for (int m = 0; m < 20; m++) {
      assertThat(m < 10 ? late[m] : early[m])
          .as("clicks of an inactive campaign in minute %d", m)
          .isZero();
    }
    // Outside the boost: hot has weight 1 against always's 2. During it: weight 100 against 2.
    long hotOutside = hot[0] + hot[1] + hot[2] + hot[3] + hot[4];
    long alwaysOutside = always[0] + always[1] + always[2] + always[3] + always[4];
    assertThat(hotOutside / (double) alwaysOutside).isCloseTo(0.5, within(0.1));
    assertThat((hot[12] + hot[13]) / (double) (always[12] + always[13])).isGreaterThan(30);
  }

  @Test
  void should_place_pinned_clicks_at_their_offsets_in_session_mode() {
    Scenario s =
        yaml(
            """
        seed: 5
        duration: 4m
        sessions: {arrivals: 1}
        campaigns: [{id: a, items: [i]}, {id: b, items: [j]}]
        pinnedClicks: [{campaign: b, at: 2m}, {campaign: a, at: 0s}]
        """);
    List<Click> clicks = run(s, ANCHOR, "p.").stream().map(Delivery::click).toList();
    assertThat(clicks.get(0).eventTimeMs()).isEqualTo(ANCHOR);
    assertThat(clicks)
        .anySatisfy(
            c -> {
              assertThat(c.eventTimeMs()).isEqualTo(ANCHOR + 120_000);
              assertThat(c.campaignId()).isEqualTo("p.b");
            });
    Set<String> ids = new HashSet<>();
    clicks.forEach(c -> assertThat(ids.add(c.eventId())).isTrue());
  }

  @Test
  void should_keep_its_buffers_bounded_by_active_sessions_and_delays_not_by_clicks() {
    Scenario bf = ScenarioLoader.loadBuiltIn("black-friday");
    Scenario s =
        new ScenarioOverrides(null, Scenario.MAX_SPEED, null, null)
            .apply(bf)
            .withDisorder(
                new Scenario.Disorder(
                    new Scenario.Delayed(0.05, Duration.ofSeconds(30)),
                    new Scenario.Late(0.01, Duration.ofSeconds(10)),
                    new Scenario.Delayed(0.01, Duration.ofSeconds(1))));
    ScenarioSimulation sim = new ScenarioSimulation(s, WindowSpec.DEFAULT, ANCHOR, "");
    long n = 0;
    int maxSessions = 0;
    int maxBuffered = 0;
    while (sim.hasNext()) {
      sim.next();
      if ((++n & 255) == 0) {
        maxSessions = Math.max(maxSessions, sim.activeSessions());
        maxBuffered = Math.max(maxBuffered, sim.bufferedDeliveries());
      }
    }
    assertThat(n).isGreaterThan(1_000_000);
    // Measured: ~3 600 sessions and ~1 600 deliveries at most, for 1.4 M clicks.
    assertThat(maxSessions).isBetween(1_000, 10_000);
    assertThat(maxBuffered).isBetween(100, 5_000);
    assertThat(sim.activeSessions()).isZero();
    assertThat(sim.bufferedDeliveries()).isZero();
  }
}
