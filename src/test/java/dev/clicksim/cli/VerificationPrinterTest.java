package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.db.CountsTable;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.FixedCounts;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.usecase.RunSession;
import dev.clicksim.usecase.Verification;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowComparison;
import dev.clicksim.window.WindowSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's list of windows and campaigns: two different rows never print alike. */
class VerificationPrinterTest {

  private static final String SPRING = "p1.spring-sale";
  private static final long MINUTE = 60_000;

  @TempDir Path tmp;

  @Test
  void should_quote_campaign_ids_that_differ_only_by_trailing_whitespace_or_a_control_character() {
    String printed =
        printed(
            "2026-11-27T19:00:00Z",
            rows -> {
              ObservedWindow first = first(rows, SPRING);
              rows.add(
                  new ObservedWindow(SPRING + " ", first.windowStartMs(), first.lowestEndMs(), 4));
              rows.add(
                  new ObservedWindow(
                      SPRING + "\u0007", first.windowStartMs(), first.lowestEndMs(), 5));
            });

    String window = "2026-11-27 19:00:00 - 19:02:00";
    List<String> sameWindow = printed.lines().filter(l -> l.contains(window)).toList();
    assertThat(sameWindow)
        .anySatisfy(l -> assertThat(l).startsWith("  " + SPRING + " ").contains("matched"))
        .anySatisfy(
            l -> assertThat(l).startsWith("  \"" + SPRING + " \" ").contains("unexpected window"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  \"" + SPRING + "\\u0007\" ")
                    .contains("unexpected window"));
    assertThat(printed).doesNotContain("\u0007");
    assertThat(printed.lines().filter(l -> l.contains("0 of 1 windows matched")))
        .as("the campaign summary's lines")
        .containsExactlyInAnyOrder(
            String.format(
                "  %-30s 0 of 1 windows matched, 0 clicks expected, 4 observed",
                "\"" + SPRING + " \""),
            String.format(
                "  %-30s 0 of 1 windows matched, 0 clicks expected, 5 observed",
                "\"" + SPRING + "\\u0007\""));
  }

  @Test
  void should_print_the_end_in_full_for_a_shifted_row_and_a_window_ending_the_next_day() {
    String printed =
        printed(
            "2026-11-27T23:56:00Z",
            rows -> {
              ObservedWindow last = last(rows, SPRING);
              rows.remove(last);
              rows.add(
                  new ObservedWindow(
                      SPRING, last.windowStartMs() + 2 * MINUTE, last.lowestEndMs(), 7));
            });

    assertThat(printed)
        .containsPattern("  p1\\.spring-sale +2026-11-27 23:56:00 - 23:58:00 ")
        .containsPattern("  p1\\.spring-sale +2026-11-27 23:58:00 - 2026-11-28 00:00:00 ")
        .containsPattern("  p1\\.spring-sale +2026-11-28 00:00:00 - 00:02:00 ");
    // The last window (00:02 - 00:04) is missing; its row came back with its start moved to the
    // end.
    assertThat(printed.lines().filter(l -> l.contains("2026-11-28 00:04:00 - ")))
        .singleElement()
        .asString()
        .contains("2026-11-28 00:04:00 - 2026-11-28 00:04:00 ")
        .contains("unexpected window");
    assertThat(printed)
        .containsPattern("2026-11-28 00:02:00 - 00:04:00 +\\d+ +- +-\\d+  missing window");
  }

  @Test
  void should_name_a_wrong_window_end_with_the_end_in_full_and_count_it_in_the_verdict() {
    String printed =
        printed(
            "2026-11-27T19:00:00Z",
            rows -> {
              ObservedWindow first = first(rows, SPRING);
              ObservedWindow last = last(rows, SPRING);
              rows.remove(first);
              rows.remove(last);
              rows.add(
                  new ObservedWindow(
                      SPRING,
                      first.windowStartMs(),
                      first.lowestEndMs() + 3 * MINUTE,
                      first.lowestEndMs() + 3 * MINUTE,
                      first.count()));
              rows.add(
                  new ObservedWindow(SPRING, last.windowStartMs(), null, null, last.count() + 5));
            });

    assertThat(printed)
        .containsPattern(
            "  p1\\.spring-sale +2026-11-27 19:00:00 - 19:02:00 +\\d+ +\\d+ +\\+0  wrong window end:"
                + " 2026-11-27 19:05:00\\n")
        .containsPattern("  p1\\.spring-sale .* duplicated clicks, wrong window end: NULL\\n")
        .containsPattern(
            "VERDICT: MISMATCH - 2 of \\d+ windows differ: 1 duplicated clicks, 1 wrong window end"
                + " \\(1 of them also has a wrong window end\\)");
  }

  /**
   * The verification of a smoke dry run anchored at {@code anchor}, against a table holding the
   * truth changed by {@code change}, printed with every window listed.
   */
  private String printed(String anchor, Consumer<List<ObservedWindow>> change) {
    Instant now = Instant.parse("2026-11-28T01:00:00Z");
    RunDirectory run = RunDirectory.create(tmp.resolve("runs"), now, "smoke");
    new RunSession(line -> {})
        .dryRun(
            run,
            new RunSession.Request(
                ScenarioLoader.loadBuiltIn("smoke"),
                "smoke",
                "none",
                Instant.parse(anchor),
                Duration.ofMillis(10),
                CountsTable.DEFAULT,
                "p1."),
            WindowSpec.DEFAULT,
            now);
    List<ObservedWindow> rows = new ArrayList<>();
    for (WindowTruth w : run.readTruth()) {
      if (w.expectedCount() > 0) {
        rows.add(
            new ObservedWindow(
                w.campaignId(), w.windowStartMs(), w.windowEndMs(), w.expectedCount()));
      }
    }
    change.accept(rows);
    rows.sort(WindowComparison.OBSERVED_ORDER);
    Verification.Result result =
        new Verification(table(rows), o -> o.countsAccepted() ? 0 : 1, line -> {})
            .verify(
                run.load(),
                CountsTable.DEFAULT,
                new Verification.Settings(
                    Duration.ofMillis(1),
                    Duration.ZERO,
                    Duration.ofMillis(50),
                    Verification.Layout.auto,
                    null,
                    null,
                    null,
                    null),
                null);
    StringWriter out = new StringWriter();
    VerificationPrinter.print(result, VerificationPrinter.ListMode.all, new PrintWriter(out, true));
    return out.toString();
  }

  private static ObservedWindow first(List<ObservedWindow> rows, String campaign) {
    return rows.stream().filter(w -> w.campaignId().equals(campaign)).findFirst().orElseThrow();
  }

  private static ObservedWindow last(List<ObservedWindow> rows, String campaign) {
    return rows.stream()
        .filter(w -> w.campaignId().equals(campaign))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static CountsSource table(List<ObservedWindow> rows) {
    return new FixedCounts(rows, java.util.Optional.empty());
  }
}
