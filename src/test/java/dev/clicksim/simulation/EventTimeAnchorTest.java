package dev.clicksim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventTimeAnchorTest {

  private static final long MIN = 60_000;
  private static final WindowSpec W = WindowSpec.DEFAULT;

  @Test
  void should_put_the_whole_scenario_in_the_past_on_an_empty_topic() {
    long now = 1_000 * MIN + 30_000;
    long anchor = EventTimeAnchor.choose(now, Duration.ofMinutes(8), W, OptionalLong.empty());
    assertThat(anchor % W.sizeMs()).isZero();
    assertThat(anchor + 8 * MIN).isLessThanOrEqualTo(now);
    assertThat(anchor + 8 * MIN + W.sizeMs()).isGreaterThan(now);
  }

  @Test
  void should_start_after_the_window_of_the_latest_click_already_on_the_topic() {
    long now = 1_000 * MIN;
    long latest = 997 * MIN + 5_000; // in window [996m, 998m)
    assertThat(EventTimeAnchor.choose(now, Duration.ofMinutes(8), W, OptionalLong.of(latest)))
        .isEqualTo(998 * MIN);
  }

  @Test
  void should_ignore_an_old_latest_timestamp() {
    long now = 1_000 * MIN;
    assertThat(EventTimeAnchor.choose(now, Duration.ofMinutes(8), W, OptionalLong.of(10 * MIN)))
        .isEqualTo(EventTimeAnchor.choose(now, Duration.ofMinutes(8), W, OptionalLong.empty()));
  }
}
