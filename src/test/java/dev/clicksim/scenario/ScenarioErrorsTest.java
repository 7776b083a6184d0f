package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a scenario file can be wrong gives one plain line: the file, the field path, the
 * problem, the line and the column, and no Java name or stack trace. The fixtures are in {@code
 * scenario/bad/}.
 */
class ScenarioErrorsTest {
  private static final Path BAD = Path.of("src/test/resources/scenario/bad");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      alias.yaml                              | campaigns[0].items[1]                 |  6 | 17 | YAML aliases (*l0) are not supported: write the value out
      anchor.yaml                             | campaigns[0].items                    |  6 | 12 | YAML anchors (&l0) are not supported: write the value out where it is used
      bad-duration-in-sessions.yaml           | sessions.maxLength                    |  8 | 14 | must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '30 minutes'
      bad-share.yaml                          | disorder.late.share                   |  8 | 17 | must be a share such as 2% or 0.02, was '2x'
      binary.yaml                             |                                       |  1 |  1 | not a text file (UTF-8 YAML)
      burst-without-length.yaml               | sessions.arrivals.sum[1].burst.length |  7 | 48 | must be > 0, was 0s
      clicks-not-a-number.yaml                | clicks                                |  3 |  9 | expected a whole number, got 'many'
      count-distribution-of-durations.yaml    | sessions.burstSize.exponential.mean   |  8 | 35 | must be a number, was '5s'
      count-only-distribution-for-a-time.yaml | sessions.browse                       |  8 | 11 | unknown time distribution 'geometric' (known: constant, uniform, exponential, normal, lognormal)
      deep-nesting.yaml                       |                                       |  7 | 71 | nested more than 64 levels deep
      duplicate-key-at-the-top.yaml           |                                       |  7 |  1 | duplicate key 'seed' (given twice in the same mapping)
      duplicate-key-in-a-campaign.yaml        | campaigns[0]                          |  7 |  5 | duplicate key 'items' (given twice in the same mapping)
      duration-not-a-scalar.yaml              | duration                              |  2 | 11 | must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was a list
      empty.yaml                              |                                       |    |    | file is empty
      items-not-a-list.yaml                   | campaigns[0].items                    |  6 | 12 | expected a list, got 'i1'
      min-match-over-100-percent.yaml         | slos.minMatch                         |  8 | 13 | must be a share between 0% and 100% (such as 99.9% or 0.999), was 120%
      missing-seed.yaml                       | seed                                  |  1 |  1 | is required
      negative-weight-second-campaign.yaml    | campaigns[1].weight                   |  8 | 13 | must be > 0, was -2.0
      nul-byte.yaml                           |                                       |  4 |  8 | not a text file (UTF-8 YAML): it holds the control character U+0000
      only-comments.yaml                      |                                       |    |    | file is empty
      seed-out-of-range.yaml                  | seed                                  |  1 |  7 | expected a whole number from -9223372036854775808 to 9223372036854775807, got 99999999999999999999
      sessions-not-a-mapping.yaml             | sessions                              |  4 | 11 | expected a mapping of sessions fields, got 5
      share-over-100-percent.yaml             | disorder.duplicates.share             |  8 | 23 | must be a share between 0% and 100% (such as 99.9% or 0.999), was 150%
      speed-not-a-number.yaml                 | speed                                 |  4 |  8 | must be a number of scenario seconds per wall second, or max; was 'fast'
      tab-indent.yaml                         | campaigns[0]                          |  6 |  1 | a tab where YAML needs spaces (YAML indents with spaces, never tabs)
      tag.yaml                                | name                                  |  4 |  7 | YAML tags (!shout) are not supported
      time-distribution-of-numbers.yaml       | sessions.thinkTime.exponential.mean   |  8 | 35 | must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '5'
      top-level-list.yaml                     |                                       |  1 |  1 | expected a mapping of scenario fields, got a list
      two-documents.yaml                      |                                       |  8 |  1 | holds a second YAML document; a scenario file is one document
      unknown-engine-profile.yaml             | pipeline.engineProfile                |  9 | 18 | must be one of ksqldb, fast, was 'turbo'
      unknown-processing-guarantee.yaml       | pipeline.processingGuarantee          |  9 | 24 | must be one of at_least_once, exactly_once_v2, was 'exactly_once'
      unknown-key-at-the-top.yaml             | clics                                 |  3 |  1 | unknown field 'clics' (known fields: campaigns, clicks, description, disorder, duration, faults, name, pinnedClicks, pipeline, seed, sessions, shoppers, slos, speed)
      unknown-key-in-a-rate-profile.yaml      | sessions.arrivals.ramp.slope          |  7 | 46 | unknown field 'slope' (known fields: end, from, start, to)
      unknown-key-in-disorder.yaml            | disorder.late.marign                  | 10 |  5 | unknown field 'marign' (known fields: margin, share)
      unknown-rate-profile.yaml               | sessions.arrivals                     |  7 | 13 | unknown rate profile 'expo' (known: constant, ramp, steps, peak, burst, sine, sum, product)
      unterminated-quote.yaml                 |                                       |  8 |  1 | not valid YAML: found unexpected end of stream, while scanning a quoted scalar at line 4, column 7
      weight-infinite.yaml                    | campaigns[0].weight                   |  6 | 13 | expected a finite number, got .inf
      weight-not-a-number.yaml                | campaigns[0].weight                   |  6 | 13 | expected a number, got 'heavy'
      """)
  void should_say_what_is_wrong_where_in_one_plain_line(
      String file, String field, Integer line, Integer column, String problem) {
    Path path = BAD.resolve(file);
    String where = line == null ? "" : " (line " + line + ", column " + column + ")";

    assertThatThrownBy(() -> ScenarioLoader.load(path))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage(
            "scenario " + path + (field == null ? ": " : ", " + field + ": ") + problem + where)
        .satisfies(e -> assertPlain(e.getMessage()));
  }

  @Test
  void should_refuse_a_50_MB_one_line_scenario_within_a_couple_of_seconds(@TempDir Path dir)
      throws IOException {
    Path huge = dir.resolve("huge.yaml");
    byte[] line = ("seed: " + "9".repeat(50_000_000 - 6)).getBytes(StandardCharsets.US_ASCII);
    Files.write(huge, line);

    long start = System.nanoTime();
    assertThatThrownBy(() -> ScenarioLoader.load(huge))
        .hasMessage(
            "scenario " + huge + ": 50.0 MB is larger than the 4 MiB a scenario file may be");
    assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse it").isLessThan(2);
  }

  @Test
  void should_refuse_a_line_too_long_to_scan_in_time_proportional_to_its_length(@TempDir Path dir)
      throws IOException {
    // SnakeYAML's scanner is quadratic in the length of a token: 4 MB on one line took 13 s before
    // the line limit.
    Path longLine = dir.resolve("long-line.yaml");
    Files.writeString(longLine, "seed: 1\nduration: " + "a".repeat(4_000_000) + "\n");

    long start = System.nanoTime();
    assertThatThrownBy(() -> ScenarioLoader.load(longLine))
        .hasMessage(
            "scenario "
                + longLine
                + ": a line of 4000010 characters is longer than the 65536 a line of a"
                + " scenario file may have (line 2, column 1)");
    assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse it").isLessThan(2);
  }

  @Test
  void should_refuse_a_file_of_long_lines_within_a_couple_of_seconds(@TempDir Path dir)
      throws IOException {
    Path longLines = dir.resolve("long-lines.yaml");
    String comment = "# " + "a".repeat(65_000) + "\n";
    Files.writeString(longLines, comment.repeat(60) + "seed: " + "b".repeat(65_000) + "\n");

    long start = System.nanoTime();
    assertThatThrownBy(() -> ScenarioLoader.load(longLines))
        .hasMessage(
            "scenario "
                + longLines
                + ", seed: expected a number of at most 100 characters, got '"
                + "b".repeat(60)
                + "... (65000 characters)' (line 61, column 7)")
        .satisfies(e -> assertPlain(e.getMessage()));
    assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse it").isLessThan(3);
  }

  @Test
  void should_refuse_a_number_too_long_to_be_one() {
    byte[] yaml = ("seed: " + "9".repeat(150) + "\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "digits.yaml", "digits"))
        .hasMessage(
            "scenario digits.yaml, seed: a number of 150 characters is longer than the 100 a scenario number"
                + " may have (line 1, column 7)");
  }

  @Test
  void should_say_a_directory_is_not_a_scenario_file(@TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioLoader.load(dir))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessage("scenario " + dir + ": is a directory, not a scenario file");
  }

  private static void assertPlain(String message) {
    assertThat(message)
        .doesNotContain(
            "\n",
            "\r",
            "\tat ",
            "java.",
            "dev.clicksim",
            "Exception",
            "jackson",
            "snakeyaml",
            "$",
            "`");
  }
}
