package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "90s, 90000",
    "8m, 480000",
    "2h, 7200000",
    "1d, 86400000",
    "1m30s, 90000",
    "0s, 0",
    "PT8M, 480000",
    "pt90s, 90000",
    "PT0.5S, 500"
  })
  void should_parse_short_and_iso_durations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "8", "8 minutes", "m", "8min", "-8m", "PT", "P8X", "1.5m"})
  void should_reject_malformed_durations(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"480000, 8m", "90000, 1m30s", "500, 500ms", "0, 0s", "7200000, 2h"})
  void should_format_what_it_parses(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
