package dev.clicksim.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ClickGeneratorTest {
  private static final Scenario SMOKE = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));
  private static final long ANCHOR = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

  private static List<Click> generate(Scenario s, long seed, long anchor, String prefix) {
    List<Click> out = new ArrayList<>();
    new ClickGenerator(s, seed, anchor, prefix).forEachRemaining(out::add);
    return out;
  }

  private static Scenario withClicks(Scenario s, long clicks) {
    return new Scenario(
        s.name(),
        s.description(),
        s.seed(),
        s.duration(),
        clicks,
        s.campaigns(),
        s.shoppers(),
        s.pinnedClicks());
  }

  @Test
  void should_generate_the_same_clicks_for_the_same_seed_anchor_and_prefix() {
    assertThat(generate(SMOKE, 42, ANCHOR, "run1-"))
        .isEqualTo(generate(SMOKE, 42, ANCHOR, "run1-"));
  }

  @Test
  void should_generate_different_clicks_for_a_different_seed() {
    List<Click> a = generate(SMOKE, 42, ANCHOR, "run1-");
    List<Click> b = generate(SMOKE, 43, ANCHOR, "run1-");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.stream().map(Click::eventTimeMs).toList())
        .isNotEqualTo(b.stream().map(Click::eventTimeMs).toList());
  }

  @Test
  void should_shift_event_times_with_the_anchor_and_nothing_else() {
    List<Click> a = generate(SMOKE, 42, ANCHOR, "p-");
    List<Click> b = generate(SMOKE, 42, ANCHOR + 120_000, "p-");
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).eventTimeMs() - a.get(i).eventTimeMs()).isEqualTo(120_000);
      assertThat(b.get(i).campaignId()).isEqualTo(a.get(i).campaignId());
      assertThat(b.get(i).eventId()).isEqualTo(a.get(i).eventId());
    }
  }

  @Test
  void should_generate_exactly_the_scenario_click_count_in_event_time_order_within_the_duration() {
    List<Click> clicks = generate(SMOKE, SMOKE.seed(), ANCHOR, "p-");

    assertThat(clicks).hasSize(300);
    for (int i = 1; i < clicks.size(); i++) {
      assertThat(clicks.get(i).eventTimeMs())
          .isGreaterThanOrEqualTo(clicks.get(i - 1).eventTimeMs());
    }
    assertThat(clicks)
        .allSatisfy(c -> assertThat(c.eventTimeMs()).isBetween(ANCHOR, ANCHOR + 8 * 60_000 - 1));
  }

  @Test
  void should_include_pinned_clicks_at_their_exact_offsets() {
    List<Click> clicks = generate(SMOKE, SMOKE.seed(), ANCHOR, "p-");

    assertThat(clicks.get(0))
        .satisfies(
            c -> {
              assertThat(c.eventTimeMs()).isEqualTo(ANCHOR);
              assertThat(c.campaignId()).isEqualTo("p-new-arrivals");
            });
    assertThat(clicks)
        .anySatisfy(
            c -> {
              assertThat(c.eventTimeMs()).isEqualTo(ANCHOR + 120_000);
              assertThat(c.campaignId()).isEqualTo("p-spring-sale");
            });
  }

  @Test
  void should_prefix_campaign_and_event_ids_and_keep_event_ids_unique() {
    List<Click> clicks = generate(SMOKE, SMOKE.seed(), ANCHOR, "run7-");

    assertThat(clicks)
        .allSatisfy(
            c -> {
              assertThat(c.campaignId()).startsWith("run7-");
              assertThat(c.eventId()).startsWith("run7-");
              assertThat(c.shopperId()).matches("shopper-([1-9]|[1-3][0-9]|40)");
              assertThat(c.sessionId()).startsWith(c.shopperId() + "-s");
            });
    assertThat(new HashSet<>(clicks.stream().map(Click::eventId).toList())).hasSize(clicks.size());
    assertThat(clicks)
        .allSatisfy(
            c -> {
              String campaign = c.campaignId().substring("run7-".length());
              assertThat(SMOKE.campaign(campaign).items()).contains(c.itemId());
            });
  }

  @Test
  void should_spread_clicks_by_campaign_weight_and_uniformly_over_time() {
    Scenario big = withClicks(SMOKE, 120_000);
    Map<String, Integer> perCampaign = new HashMap<>();
    int[] perWindow = new int[4];
    ClickGenerator g = new ClickGenerator(big, 1, ANCHOR, "");
    while (g.hasNext()) {
      Click c = g.next();
      perCampaign.merge(c.campaignId(), 1, Integer::sum);
      perWindow[(int) ((c.eventTimeMs() - ANCHOR) / 120_000)]++;
    }
    // Weights 3:2:1.
    assertThat(perCampaign.get("spring-sale") / 120_000.0).isCloseTo(0.5, within(0.01));
    assertThat(perCampaign.get("free-shipping") / 120_000.0).isCloseTo(1 / 3.0, within(0.01));
    assertThat(perCampaign.get("new-arrivals") / 120_000.0).isCloseTo(1 / 6.0, within(0.01));
    for (int n : perWindow) {
      assertThat(n / 120_000.0).isCloseTo(0.25, within(0.01));
    }
  }

  @Test
  void should_stop_after_the_last_click() {
    ClickGenerator g = new ClickGenerator(withClicks(SMOKE, 2), 1, ANCHOR, "");
    g.next();
    g.next();
    assertThat(g.hasNext()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(g::next)
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void should_align_the_anchor_to_the_latest_window_start_that_keeps_every_click_in_the_past() {
    long now = Instant.parse("2026-11-28T10:07:31.123Z").toEpochMilli();
    long anchor = ClickGenerator.alignedAnchor(now, SMOKE, WindowSpec.DEFAULT);

    assertThat(Instant.ofEpochMilli(anchor)).isEqualTo(Instant.parse("2026-11-28T09:58:00Z"));
    assertThat(anchor % 120_000).isZero();
    assertThat(anchor + SMOKE.duration().toMillis()).isLessThanOrEqualTo(now);
    assertThat(anchor + 120_000 + SMOKE.duration().toMillis()).isGreaterThan(now);
  }

  @Test
  void should_use_now_minus_duration_as_anchor_when_it_is_already_aligned() {
    long now = Instant.parse("2026-11-28T10:08:00Z").toEpochMilli();
    assertThat(ClickGenerator.alignedAnchor(now, SMOKE, WindowSpec.DEFAULT))
        .isEqualTo(now - Duration.ofMinutes(8).toMillis());
  }
}
