package dev.clicksim.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.simulation.Click;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicReadBackTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void should_cut_clicksims_own_encoding_as_the_json_parser_reads_it() {
    byte[] value =
        ClickJson.encode(new Click(1_764_547_200_123L, "r1.spring", "i1", "s1", "x1", "r1.e3f"));

    String[] fields = TopicReadBack.parseClick(value);

    assertThat(fields).containsExactly("r1.spring", "r1.e3f");
    assertThat(fields[0]).isEqualTo(ClickJson.campaignIdOf(value));
  }

  @Test
  void should_read_other_shapes_with_ksqldbs_campaign_rules() {
    assertThat(
            TopicReadBack.parseClick(
                utf8("{\"CAMPAIGNID\":\"x\",\"campaignId\":\"y\",\"eventId\":\"e\"}")))
        .containsExactly("x", "e");
    assertThat(TopicReadBack.parseClick(utf8("{\"eventId\":\"e\",\"campaignId\":\"caf\\u00e9\"}")))
        .containsExactly("café", "e");
    assertThat(TopicReadBack.parseClick(utf8("{\"eventId\":7,\"campaignId\":null}")))
        .containsExactly(null, null);
    assertThat(TopicReadBack.parseClick(utf8("not json"))).containsExactly(null, null);
    assertThat(TopicReadBack.parseClick(null)).containsExactly(null, null);
  }

  @Test
  void should_not_take_the_fast_path_for_a_value_with_something_after_it() {
    // Parsed like any other: ksqlDB ignores what follows the object, so the campaign still counts.
    byte[] value =
        utf8(
            new String(
                    ClickJson.encode(new Click(0, "r1.a", "i", "s", "x", "r1.e0")),
                    StandardCharsets.UTF_8)
                + " trailing");

    assertThat(TopicReadBack.parseClick(value))
        .containsExactly(ClickJson.campaignIdOf(value), "r1.e0");
  }

  @Test
  void should_unframe_a_schema_registry_value() {
    byte[] json = utf8("{\"eventId\":\"e1\",\"campaignId\":\"c\"}");
    byte[] framed = new byte[json.length + 5];
    System.arraycopy(json, 0, framed, 5, json.length);

    assertThat(TopicReadBack.parseClick(framed)).containsExactly("c", "e1");
  }

  @Test
  void should_read_the_count_of_an_envelope_and_of_a_framed_ksqldb_value() {
    assertThat(
            TopicReadBack.outputCount(
                utf8(
                    "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"ID\":\"a\",\"CLICK_COUNT\":42}}")))
        .isEqualTo(42L);
    byte[] json = utf8("{\"ID\":\"a\",\"CLICK_COUNT\":7}");
    byte[] framed = new byte[json.length + 5];
    System.arraycopy(json, 0, framed, 5, json.length);
    assertThat(TopicReadBack.outputCount(framed)).isEqualTo(7L);
    assertThat(TopicReadBack.outputCount(null)).isNull();
    assertThat(TopicReadBack.outputCount(utf8("{\"payload\":{}}"))).isNull();
  }

  @Test
  void should_keep_start_positions_through_run_json_settings() {
    Map<Integer, InputPosition> positions =
        Map.of(
            0, new InputPosition(12, 1_764_547_200_000L), 1, new InputPosition(0, Long.MIN_VALUE));

    Map<String, String> settings = InputPosition.toSettings(positions);

    assertThat(settings)
        .containsEntry(InputPosition.START_OFFSETS, "0=12,1=0")
        .containsEntry(InputPosition.START_STREAM_TIMES, "0=1764547200000,1=none");
    assertThat(InputPosition.fromSettings(settings)).isEqualTo(positions);
    assertThat(InputPosition.fromSettings(Map.of())).isEmpty();
    assertThat(
            InputPosition.fromSettings(
                Map.of(
                    InputPosition.START_OFFSETS, "0=x", InputPosition.START_STREAM_TIMES, "0=1")))
        .isEmpty();
  }
}
