package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.simulation.Click;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickJsonTest {
  private static final long T = Instant.parse("2026-11-28T00:02:00Z").toEpochMilli();

  private static String encode(Click c) {
    return new String(ClickJson.encode(c), StandardCharsets.UTF_8);
  }

  @Test
  void should_write_the_event_fields_and_an_iso_utc_timestamp_with_millis() {
    Click c = new Click(T, "p-spring-sale", "sku-1", "shopper-7", "shopper-7-s0", "p-e1z");
    assertThat(encode(c))
        .isEqualTo(
            "{\"eventId\":\"p-e1z\",\"itemId\":\"sku-1\",\"campaignId\":\"p-spring-sale\","
                + "\"shopperId\":\"shopper-7\",\"sessionId\":\"shopper-7-s0\",\"timestamp\":\"2026-11-28T00:02:00.000Z\"}");
  }

  @Test
  void should_encode_plain_clicks_on_the_fast_path_exactly_as_the_general_path() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    long[] edges = {
      0,
      -1,
      1,
      -62_167_219_200_000L,
      253_402_300_799_999L,
      951_782_400_000L /* 2000-02-29 */,
      4_107_542_400_000L /* 2100-03-01 */,
      -2_203_891_200_000L /* 1900-03-01 */
    };
    for (int i = 0; i < 20_000; i++) {
      long t = i < edges.length ? edges[i] : r.nextLong(-62_167_219_200_000L, 253_402_300_800_000L);
      Click c =
          new Click(
              t, "r1.camp-" + i, "sku-" + i, "shopper-" + i, "shopper-" + i + "-s" + i, "r1.e" + i);
      assertThat(ClickJson.encode(c)).as("t=%d", t).isEqualTo(ClickJson.encodeGeneral(c));
    }
    Click odd = new Click(T, "caf\u00e9", "a\"b", "s", "s", "e");
    assertThat(ClickJson.encode(odd)).isEqualTo(ClickJson.encodeGeneral(odd));
    Click far = new Click(253_402_300_800_000L, "c", "i", "s", "s", "e");
    assertThat(ClickJson.encode(far)).isEqualTo(ClickJson.encodeGeneral(far));
  }

  @Test
  void should_format_timestamps_like_instant_with_three_fraction_digits() {
    assertThat(ClickJson.isoUtcMillis(T + 7)).isEqualTo("2026-11-28T00:02:00.007Z");
    assertThat(ClickJson.isoUtcMillis(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(ClickJson.isoUtcMillis(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    for (long t : new long[] {1, 999, 1_000, 1_764_288_123_456L, 253_402_300_799_999L}) {
      assertThat(Instant.parse(ClickJson.isoUtcMillis(t)).toEpochMilli()).isEqualTo(t);
    }
  }

  @Test
  void should_escape_strings_so_any_json_parser_reads_them_back() throws Exception {
    String nasty = "q\"b\\s/\n\r\t\b\f\u0001\u001f\u2028é€😀";
    Click c = new Click(T, nasty, nasty, nasty, nasty, nasty);
    JsonNode node = new ObjectMapper().readTree(ClickJson.encode(c));
    assertThat(node.get("campaignId").asText()).isEqualTo(nasty);
    assertThat(node.get("eventId").asText()).isEqualTo(nasty);
    assertThat(node.get("timestamp").asText()).isEqualTo("2026-11-28T00:02:00.000Z");
  }

  @Test
  void should_decode_what_it_encodes() {
    Click c = new Click(T + 1, "p-a", "sku-1", "shopper-1", "shopper-1-s0", "p-e0");
    assertThat(ClickJson.decode(ClickJson.encode(c)))
        .isEqualTo(
            new ClickEvent(
                "p-e0", "sku-1", "p-a", "shopper-1", "shopper-1-s0", "2026-11-28T00:02:00.001Z"));
  }

  @Test
  void should_decode_the_seed_shape_and_field_names_in_any_case() {
    ClickEvent e =
        ClickJson.decode("{\"ITEMID\":\"i\",\"campaignid\":\"c\",\"timestamp\":\"x\"}".getBytes());
    assertThat(e.campaignId()).isEqualTo("c");
    assertThat(e.itemId()).isEqualTo("i");
    assertThat(e.eventId()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{\"campaignId\":", "[1,2]", "\"str\"", "42", "null"})
  void should_return_null_for_malformed_events(String raw) {
    assertThat(ClickJson.decode(raw.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void should_return_null_for_a_null_value() {
    assertThat(ClickJson.decode(null)).isNull();
  }

  @Test
  void should_read_a_missing_or_null_campaign_as_null() {
    assertThat(ClickJson.decode("{\"campaignId\":null}".getBytes()).campaignId()).isNull();
    assertThat(ClickJson.decode("{\"campaignId\":{\"x\":1}}".getBytes()).campaignId()).isNull();
    assertThat(ClickJson.decode("{}".getBytes()).campaignId()).isNull();
  }
}
