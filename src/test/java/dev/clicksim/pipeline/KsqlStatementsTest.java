package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ksqlDB statements in ksql/ and the Kafka Streams topology must describe the same pipeline.
 */
class KsqlStatementsTest {
  private static final PipelineNames NAMES = PipelineNames.DEFAULT;

  private static String sql(String file) throws IOException {
    // Drop comments, collapse whitespace.
    return Files.readString(Path.of("ksql", file))
        .replaceAll("--[^\n]*", " ")
        .replaceAll("\\s+", " ")
        .trim();
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, text).isTrue();
    return m.group(1);
  }

  private static Duration duration(String amount, String unit) {
    long n = Long.parseLong(amount);
    return switch (unit.toUpperCase(Locale.ROOT).replaceAll("S$", "")) {
      case "MILLISECOND" -> Duration.ofMillis(n);
      case "SECOND" -> Duration.ofSeconds(n);
      case "MINUTE" -> Duration.ofMinutes(n);
      case "HOUR" -> Duration.ofHours(n);
      case "DAY" -> Duration.ofDays(n);
      default -> throw new AssertionError("unknown unit " + unit);
    };
  }

  @Test
  void should_declare_the_stream_over_the_input_topic() throws IOException {
    String s = sql("01-click-events-stream.sql");
    assertThat(group(Pattern.compile("(?i)CREATE STREAM IF NOT EXISTS (\\w+)"), s))
        .isEqualTo(NAMES.streamName());
    assertThat(group(Pattern.compile("(?i)KAFKA_TOPIC\\s*=\\s*'([^']+)'"), s))
        .isEqualTo(NAMES.inputTopic());
    assertThat(group(Pattern.compile("(?i)VALUE_FORMAT\\s*=\\s*'([^']+)'"), s)).isEqualTo("JSON");
    assertThat(s).containsIgnoringCase("campaignId STRING");
  }

  @Test
  void should_count_in_the_windows_of_the_default_window_spec() throws IOException {
    String s = sql("02-click-counts-table.sql");
    Matcher w =
        Pattern.compile(
                "(?i)WINDOW TUMBLING \\( ?SIZE (\\d+) (\\w+) ?, ?GRACE PERIOD (\\d+) (\\w+) ?\\)")
            .matcher(s);
    assertThat(w.find()).as(s).isTrue();
    assertThat(new WindowSpec(duration(w.group(1), w.group(2)), duration(w.group(3), w.group(4))))
        .isEqualTo(WindowSpec.DEFAULT);
  }

  @Test
  void should_write_the_table_to_the_output_topic_from_the_stream() throws IOException {
    String s = sql("02-click-counts-table.sql");
    assertThat(group(Pattern.compile("(?i)CREATE TABLE IF NOT EXISTS (\\w+)"), s))
        .isEqualTo(NAMES.tableName());
    assertThat(group(Pattern.compile("(?i)KAFKA_TOPIC\\s*=\\s*'([^']+)'"), s))
        .isEqualTo(NAMES.outputTopic());
    assertThat(group(Pattern.compile("(?i)VALUE_FORMAT\\s*=\\s*'([^']+)'"), s)).isEqualTo("JSON");
    assertThat(group(Pattern.compile("(?i)FROM (\\w+)"), s)).isEqualTo(NAMES.streamName());
    assertThat(group(Pattern.compile("(?i)GROUP BY (\\w+)"), s)).isEqualTo("campaignId");
    assertThat(s)
        .containsIgnoringCase("AS_VALUE(campaignId) AS id")
        .containsIgnoringCase("COUNT(*) AS click_count")
        .containsIgnoringCase("WINDOWSTART AS start_time")
        .containsIgnoringCase("WINDOWEND AS end_time")
        .containsIgnoringCase("EMIT CHANGES;");
  }

  @Test
  void should_name_the_same_output_fields_as_the_topology() throws Exception {
    String s = Files.readString(Path.of("ksql/02-click-counts-table.sql"));
    // ksqlDB upper-cases unquoted aliases; the GROUP BY column itself goes to the key, not the
    // value.
    List<String> aliases = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        Pattern.compile("(?i)\\bAS (\\w+),?\\s*$", Pattern.MULTILINE).matcher(s);
    while (m.find()) {
      aliases.add(m.group(1).toUpperCase(java.util.Locale.ROOT));
    }
    List<String> fields = new java.util.ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(ClickCountTopology.OUTPUT_SCHEMA_JSON)
        .get("fields")
        .forEach(f -> fields.add(f.get("field").asText()));

    assertThat(aliases).containsExactly("ID", "CLICK_COUNT", "START_TIME", "END_TIME");
    assertThat(fields).isEqualTo(aliases);
  }
}
