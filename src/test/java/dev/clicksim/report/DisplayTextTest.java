package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DisplayTextTest {

  private static final long START = Instant.parse("2026-11-28T19:32:00Z").toEpochMilli();
  private static final long TWO_MINUTES = 120_000;

  @Test
  void should_show_an_ordinary_campaign_id_as_it_is() {
    assertThat(DisplayText.campaignId("r1.spring-sale")).isEqualTo("r1.spring-sale");
    assertThat(DisplayText.campaignId("r1.été 2026")).isEqualTo("r1.été 2026");
  }

  @Test
  void should_quote_ids_with_edge_whitespace_or_invisible_characters() {
    assertThat(DisplayText.campaignId("r1.spring-sale ")).isEqualTo("\"r1.spring-sale \"");
    assertThat(DisplayText.campaignId(" r1.spring-sale")).isEqualTo("\" r1.spring-sale\"");
    assertThat(DisplayText.campaignId("r1.spring-sale\t")).isEqualTo("\"r1.spring-sale\\t\"");
    assertThat(DisplayText.campaignId("r1.spring\u00A0sale")).isEqualTo("\"r1.spring\\u00A0sale\"");
    assertThat(DisplayText.campaignId("r1.spring\u200Bsale")).isEqualTo("\"r1.spring\\u200Bsale\"");
    assertThat(DisplayText.campaignId("r1.\u001B[31mred")).isEqualTo("\"r1.\\u001B[31mred\"");
    assertThat(DisplayText.campaignId("")).isEqualTo("\"\"");
  }

  @Test
  void should_escape_quotes_and_backslashes_inside_quotes() {
    assertThat(DisplayText.quoted("a \"b\" \\ c")).isEqualTo("\"a \\\"b\\\" \\\\ c\"");
  }

  @Test
  void should_shorten_the_end_only_of_a_regular_window() {
    assertThat(DisplayText.window(START, START + TWO_MINUTES, TWO_MINUTES))
        .isEqualTo("2026-11-28 19:32:00 - 19:34:00");
  }

  @Test
  void should_print_the_end_in_full_when_the_window_is_not_one_window_long() {
    assertThat(DisplayText.window(START + TWO_MINUTES, START + TWO_MINUTES, TWO_MINUTES))
        .isEqualTo("2026-11-28 19:34:00 - 2026-11-28 19:34:00");
    assertThat(DisplayText.window(START, START + TWO_MINUTES + 86_400_000, TWO_MINUTES))
        .isEqualTo("2026-11-28 19:32:00 - 2026-11-29 19:34:00");
  }

  @Test
  void should_print_the_end_in_full_when_it_is_on_the_next_day() {
    long lastOfDay = Instant.parse("2026-11-28T23:58:00Z").toEpochMilli();
    assertThat(DisplayText.window(lastOfDay, lastOfDay + TWO_MINUTES, TWO_MINUTES))
        .isEqualTo("2026-11-28 23:58:00 - 2026-11-29 00:00:00");
  }

  @Test
  void should_show_an_instant_in_full_with_milliseconds_only_when_it_has_some() {
    assertThat(DisplayText.instant(START)).isEqualTo("2026-11-28 19:32:00");
    assertThat(DisplayText.instant(START + 1)).isEqualTo("2026-11-28 19:32:00.001");
    assertThat(DisplayText.instant(0)).isEqualTo("1970-01-01 00:00:00");
    assertThat(DisplayText.instant(-1)).isEqualTo("1969-12-31 23:59:59.999");
  }

  @Test
  void should_show_a_window_s_table_ends_as_one_instant_null_or_a_range() {
    long end = START + TWO_MINUTES + 180_000;
    assertThat(DisplayText.windowEnds(end, end)).isEqualTo("2026-11-28 19:37:00");
    assertThat(DisplayText.windowEnds(null, null)).isEqualTo("NULL");
    assertThat(DisplayText.windowEnds(START + TWO_MINUTES, end))
        .isEqualTo("2026-11-28 19:34:00 to 2026-11-28 19:37:00");
  }

  @Test
  void should_name_a_wrong_end_after_the_class_and_alone_when_the_count_is_right() {
    assertThat(DisplayText.verdict("lost clicks", null)).isEqualTo("lost clicks");
    assertThat(DisplayText.verdict(WindowRow.WRONG_WINDOW_END, "1970-01-01 00:00:00"))
        .isEqualTo("wrong window end: 1970-01-01 00:00:00");
    assertThat(DisplayText.verdict("lost clicks", "NULL"))
        .isEqualTo("lost clicks, wrong window end: NULL");
  }
}
