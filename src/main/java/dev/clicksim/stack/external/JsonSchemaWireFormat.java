package dev.clicksim.stack.external;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Schema Registry's wire format for a record value: byte 0 is the magic byte {@code 0x00}, bytes
 * 1-4 the schema id as a big-endian int32, then the serialized data, here the UTF-8 JSON of a
 * click. Confluent's JSON Schema serializer writes this format but is not on Maven Central, so
 * clicksim frames its own bytes; ksqlDB's {@code JSON_SR} format and Connect's {@code
 * JsonSchemaConverter} read them.
 */
public final class JsonSchemaWireFormat {

  public static final byte MAGIC_BYTE = 0x00;

  /** Magic byte plus schema id. */
  public static final int HEADER_LENGTH = 5;

  /** A parsed value: the schema id and the JSON after the header. */
  public record Framed(int schemaId, byte[] json) {}

  private JsonSchemaWireFormat() {}

  public static byte[] frame(int schemaId, byte[] json) {
    byte[] out = new byte[HEADER_LENGTH + json.length];
    out[0] = MAGIC_BYTE;
    out[1] = (byte) (schemaId >>> 24);
    out[2] = (byte) (schemaId >>> 16);
    out[3] = (byte) (schemaId >>> 8);
    out[4] = (byte) schemaId;
    System.arraycopy(json, 0, out, HEADER_LENGTH, json.length);
    return out;
  }

  /** Reads a framed value; fails on fewer than five bytes or a magic byte other than 0. */
  public static Framed parse(byte[] framed) {
    if (framed == null || framed.length < HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "not in Schema Registry wire format: "
              + (framed == null ? "null" : framed.length + " bytes")
              + ", expected at least "
              + HEADER_LENGTH);
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new IllegalArgumentException(
          String.format(
              "not in Schema Registry wire format: magic byte 0x%02x, expected 0x00", framed[0]));
    }
    int id = ByteBuffer.wrap(framed, 1, 4).getInt();
    return new Framed(id, Arrays.copyOfRange(framed, HEADER_LENGTH, framed.length));
  }
}
