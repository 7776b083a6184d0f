package dev.clicksim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.report.RunSummary;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.WindowRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileComparisonTest {

  private static VerificationReport run(String profile, Long... observed) {
    List<WindowRow> windows = new ArrayList<>();
    for (int i = 0; i < observed.length; i++) {
      long expected = 10 + i;
      Long o = observed[i];
      windows.add(
          new WindowRow(
              "r1.c",
              i * 120_000L,
              (i + 1) * 120_000L,
              expected,
              o,
              (o == null ? 0 : o) - expected,
              o != null && o == expected ? WindowRow.MATCHED : "lost clicks"));
    }
    return new VerificationReport(
        new RunSummary(
            "id",
            "s",
            1,
            Instant.EPOCH,
            "r1.",
            120_000,
            60_000,
            "embedded",
            21,
            21,
            0,
            0,
            Map.of("engine.profile", profile)),
        "MATCH",
        0,
        "upsert",
        "click_counts",
        windows,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Instant.EPOCH);
  }

  @Test
  void should_find_two_profiles_that_counted_alike_equal() {
    ProfileComparison.Comparison c =
        ProfileComparison.compare(run("ksqldb", 10L, 11L), run("fast", 10L, 11L));

    assertThat(c.sameCounts()).isTrue();
    assertThat(ProfileComparison.table(c)).contains("| ksqldb |", "| fast |", "2 of 2");
    assertThat(ProfileComparison.summary(c))
        .contains("observed counts identical window for window");
  }

  @Test
  void should_name_each_window_whose_count_differs_between_the_profiles() {
    ProfileComparison.Comparison c =
        ProfileComparison.compare(run("ksqldb", 10L, 12L), run("fast", 10L, 11L));

    assertThat(c.sameCounts()).isFalse();
    assertThat(c.countDifferences()).containsExactly("r1.c @ 120000: 12 against 11");
  }

  @Test
  void should_tell_a_missing_window_from_a_different_count() {
    ProfileComparison.Comparison c =
        ProfileComparison.compare(run("ksqldb", 10L), run("fast", 10L, 11L));

    assertThat(c.sameTruth()).isFalse();
    assertThat(c.countDifferences()).containsExactly("r1.c @ 120000: only in the second run");
  }
}
