package dev.clicksim.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.junit.jupiter.api.Test;

class WindowSpecTest {
  private final WindowSpec spec = WindowSpec.DEFAULT;

  @Test
  void should_default_to_two_minute_windows_with_one_minute_grace() {
    assertThat(spec.sizeMs()).isEqualTo(120_000);
    assertThat(spec.graceMs()).isEqualTo(60_000);
  }

  @Test
  void should_put_a_click_on_a_boundary_into_the_window_that_starts_there() {
    assertThat(spec.startOf(120_000)).isEqualTo(120_000);
    assertThat(spec.endOf(120_000)).isEqualTo(240_000);
    assertThat(spec.startOf(119_999)).isZero();
    assertThat(spec.endOf(119_999)).isEqualTo(120_000);
  }

  @Test
  void should_align_windows_to_the_epoch() {
    long t = Instant.parse("2026-11-28T00:03:59.999Z").toEpochMilli();
    assertThat(Instant.ofEpochMilli(spec.startOf(t)))
        .isEqualTo(Instant.parse("2026-11-28T00:02:00Z"));
    assertThat(Instant.ofEpochMilli(spec.endOf(t)))
        .isEqualTo(Instant.parse("2026-11-28T00:04:00Z"));
  }

  @Test
  void should_floor_negative_timestamps() {
    assertThat(spec.startOf(-1)).isEqualTo(-120_000);
    assertThat(spec.endOf(-1)).isZero();
    assertThat(spec.startOf(-120_000)).isEqualTo(-120_000);
    assertThat(spec.startOf(-120_001)).isEqualTo(-240_000);
  }

  @Test
  void should_agree_with_kafka_streams_time_windows_for_non_negative_timestamps() {
    TimeWindows kafka = TimeWindows.ofSizeAndGrace(spec.size(), spec.grace());
    for (long t :
        new long[] {0, 1, 119_999, 120_000, 120_001, 1_764_288_120_000L, 1_764_288_239_999L}) {
      assertThat(kafka.windowsFor(t)).containsOnlyKeys(spec.startOf(t));
      assertThat(kafka.windowsFor(t).get(spec.startOf(t)).end()).isEqualTo(spec.endOf(t));
    }
  }

  @Test
  void should_reject_zero_size_and_negative_grace() {
    assertThatThrownBy(() -> new WindowSpec(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size");
    assertThatThrownBy(() -> new WindowSpec(Duration.ofMinutes(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grace");
  }
}
