package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Schema Registry wire format, byte for byte as documented
 * (https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format):
 * byte 0 the magic byte 0, bytes 1-4 the schema id big-endian, then the data (here UTF-8 JSON).
 */
class JsonSchemaWireFormatTest {

  private static final byte[] JSON = "{\"campaignId\":\"c1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void should_frame_schema_id_1_after_the_magic_byte() {
    byte[] framed = JsonSchemaWireFormat.frame(1, JSON);

    assertThat(framed).startsWith(0x00, 0x00, 0x00, 0x00, 0x01, '{', '"', 'c');
    assertThat(framed).hasSize(5 + JSON.length);
  }

  @Test
  void should_write_the_schema_id_big_endian() {
    assertThat(JsonSchemaWireFormat.frame(0x01020304, JSON))
        .startsWith(0x00, 0x01, 0x02, 0x03, 0x04, '{');
    assertThat(JsonSchemaWireFormat.frame(Integer.MAX_VALUE, new byte[0]))
        .containsExactly(0x00, 0x7f, 0xff, 0xff, 0xff);
    assertThat(JsonSchemaWireFormat.frame(256, new byte[0]))
        .containsExactly(0x00, 0x00, 0x00, 0x01, 0x00);
  }

  @Test
  void should_keep_the_json_bytes_as_they_are() {
    byte[] utf8 = "{\"itemId\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    byte[] framed = JsonSchemaWireFormat.frame(7, utf8);

    assertThat(java.util.Arrays.copyOfRange(framed, 5, framed.length)).isEqualTo(utf8);
  }

  @Test
  void should_parse_what_it_frames() {
    JsonSchemaWireFormat.Framed parsed =
        JsonSchemaWireFormat.parse(JsonSchemaWireFormat.frame(0x01020304, JSON));

    assertThat(parsed.schemaId()).isEqualTo(0x01020304);
    assertThat(parsed.json()).isEqualTo(JSON);
  }

  @Test
  void should_refuse_a_wrong_magic_byte_or_a_short_value() {
    assertThatThrownBy(() -> JsonSchemaWireFormat.parse(new byte[] {1, 0, 0, 0, 1, '{'}))
        .hasMessage("not in Schema Registry wire format: magic byte 0x01, expected 0x00");
    assertThatThrownBy(() -> JsonSchemaWireFormat.parse(new byte[] {0, 0, 0}))
        .hasMessage("not in Schema Registry wire format: 3 bytes, expected at least 5");
  }
}
