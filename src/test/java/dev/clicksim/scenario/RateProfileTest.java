package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.ScenarioSimulation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateProfileTest {
  private static final double MIN = 60_000;

  private static RateProfile profile(String yaml) {
    Scenario s =
        ScenarioLoader.parse(
            ("seed: 1\nduration: 2h\ncampaigns: [{id: a, items: [i]}]\nsessions:\n  arrivals: "
                    + yaml
                    + "\n")
                .getBytes(StandardCharsets.UTF_8),
            "p.yaml",
            "p");
    return s.sessions().arrivals();
  }

  @Test
  void should_hold_a_constant_rate() {
    RateProfile p = profile("{constant: 12.5}");
    assertThat(p.rateAt(0)).isEqualTo(12.5);
    assertThat(p.rateAt(90 * MIN)).isEqualTo(12.5);
    assertThat(profile("7")).isEqualTo(new RateProfile.Constant(7));
  }

  @Test
  void should_ramp_linearly_between_start_and_end_and_hold_outside() {
    RateProfile p = profile("{ramp: {from: 10, to: 50, start: 10m, end: 30m}}");
    assertThat(p.rateAt(0)).isEqualTo(10);
    assertThat(p.rateAt(10 * MIN)).isEqualTo(10);
    assertThat(p.rateAt(20 * MIN)).isEqualTo(30);
    assertThat(p.rateAt(25 * MIN)).isEqualTo(40);
    assertThat(p.rateAt(30 * MIN)).isEqualTo(50);
    assertThat(p.rateAt(100 * MIN)).isEqualTo(50);
  }

  @Test
  void should_step_at_each_offset_and_be_zero_before_the_first() {
    RateProfile p =
        profile("{steps: [{at: 5m, rate: 10}, {at: 30m, rate: 80}, {at: 60m, rate: 0}]}");
    assertThat(p.rateAt(5 * MIN - 1)).isZero();
    assertThat(p.rateAt(5 * MIN)).isEqualTo(10);
    assertThat(p.rateAt(30 * MIN - 1)).isEqualTo(10);
    assertThat(p.rateAt(30 * MIN)).isEqualTo(80);
    assertThat(p.rateAt(61 * MIN)).isZero();
  }

  @Test
  void should_rise_to_a_peak_and_decay_exponentially() {
    RateProfile p = profile("{peak: {at: 60m, height: 100, rise: 10m, decay: 20m}}");
    assertThat(p.rateAt(60 * MIN)).isEqualTo(100);
    assertThat(p.rateAt(50 * MIN)).isCloseTo(100 / Math.E, within(1e-9));
    assertThat(p.rateAt(80 * MIN)).isCloseTo(100 / Math.E, within(1e-9));
    assertThat(p.rateAt(100 * MIN)).isCloseTo(100 * Math.exp(-2), within(1e-9));
    assertThat(p.rateAt(55 * MIN)).isLessThan(p.rateAt(58 * MIN));
  }

  @Test
  void should_spike_during_a_flash_sale_burst_and_fade_after_it() {
    RateProfile p = profile("{burst: {at: 45m, length: 3m, rate: 400, decay: 1m}}");
    assertThat(p.rateAt(45 * MIN - 1)).isZero();
    assertThat(p.rateAt(45 * MIN)).isEqualTo(400);
    assertThat(p.rateAt(48 * MIN - 1)).isEqualTo(400);
    assertThat(p.rateAt(49 * MIN)).isCloseTo(400 / Math.E, within(1e-9));
    assertThat(profile("{burst: {at: 45m, length: 3m, rate: 400}}").rateAt(48 * MIN)).isZero();
  }

  @Test
  void should_swing_like_a_sine_and_never_go_below_zero() {
    RateProfile p = profile("{sine: {mean: 50, amplitude: 80, period: 24h, phase: 6h}}");
    assertThat(p.rateAt(6 * 60 * MIN)).isCloseTo(50, within(1e-9));
    assertThat(p.rateAt(12 * 60 * MIN)).isCloseTo(130, within(1e-9));
    assertThat(p.rateAt(0)).isZero(); // 50 - 80 clamps at 0
  }

  @Test
  void should_compose_by_sum_and_product() {
    RateProfile sum = profile("{sum: [{constant: 10}, {burst: {at: 5m, length: 1m, rate: 90}}]}");
    assertThat(sum.rateAt(0)).isEqualTo(10);
    assertThat(sum.rateAt(5.5 * MIN)).isEqualTo(100);
    RateProfile product =
        profile("{product: [{ramp: {from: 0, to: 10, end: 10m}}, {constant: 3}]}");
    assertThat(product.rateAt(5 * MIN)).isEqualTo(15);
    assertThat(new RateProfile.Constant(4).scaled(2.5).rateAt(0)).isEqualTo(10);
  }

  @Test
  void should_make_sessions_arrive_at_the_profile_rate() {
    Scenario s =
        ScenarioLoader.parse(
            """
        seed: 3
        duration: 30m
        sessions:
          arrivals: {steps: [{at: 0s, rate: 5}, {at: 10m, rate: 50}, {at: 20m, rate: 0}]}
          burstSize: 1
          browse: 0s
          another: 0
        campaigns: [{id: a, items: [i]}]
        """
                .getBytes(StandardCharsets.UTF_8),
            "s.yaml",
            "s");
    long[] perStep = new long[3];
    ScenarioSimulation sim = new ScenarioSimulation(s, 0, "");
    while (sim.hasNext()) {
      Delivery d = sim.next();
      perStep[(int) (d.click().eventTimeMs() / 600_000)]++;
    }
    // One click per session, at its landing: Poisson counts with means 3 000 and 30 000.
    assertThat(perStep[0]).isCloseTo(3_000, within(250L));
    assertThat(perStep[1]).isCloseTo(30_000, within(800L));
    assertThat(perStep[2]).isZero();
    assertThat(sim.sessions()).isEqualTo(perStep[0] + perStep[1]);
  }

  @Test
  void should_write_profiles_back_in_the_form_they_are_read() {
    for (String yaml :
        List.of(
            "{constant: 12.5}",
            "{ramp: {from: 10, to: 50, start: 10m, end: 30m}}",
            "{steps: [{at: 5m, rate: 10}, {at: 30m, rate: 80}]}",
            "{peak: {at: 1h, height: 100, rise: 10m, decay: 20m}}",
            "{burst: {at: 45m, length: 3m, rate: 400, decay: 1m}}",
            "{sine: {mean: 50, amplitude: 80, period: 1d, phase: 6h}}",
            "{sum: [{constant: 10}, {product: [{constant: 2}, {constant: 3}]}]}")) {
      RateProfile p = profile(yaml);
      assertThat(p.describe()).isEqualTo(yaml);
      assertThat(profile(p.describe())).isEqualTo(p);
    }
  }
}
