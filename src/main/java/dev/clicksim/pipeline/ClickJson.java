package dev.clicksim.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.clicksim.simulation.Click;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The JSON value of a click on {@code click_events}: {@code eventId, itemId, campaignId, shopperId,
 * sessionId, timestamp}, timestamp as ISO-8601 UTC with milliseconds (the same instant as the
 * record timestamp).
 */
public final class ClickJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClickJson() {}

  public static byte[] encode(Click click) {
    byte[] fast = encodeAscii(click);
    return fast != null ? fast : encodeGeneral(click);
  }

  private static final byte[] EVENT_ID = ascii("{\"eventId\":\"");
  private static final byte[] ITEM_ID = ascii("\",\"itemId\":\"");
  private static final byte[] CAMPAIGN_ID = ascii("\",\"campaignId\":\"");
  private static final byte[] SHOPPER_ID = ascii("\",\"shopperId\":\"");
  private static final byte[] SESSION_ID = ascii("\",\"sessionId\":\"");
  private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":\"");
  private static final int FIXED =
      EVENT_ID.length
          + ITEM_ID.length
          + CAMPAIGN_ID.length
          + SHOPPER_ID.length
          + SESSION_ID.length
          + TIMESTAMP.length
          + 24
          + 2;

  /**
   * The hot path: every field printable ASCII without quotes or backslashes, and a year in 0..9999.
   * Writes the bytes directly, with the date computed arithmetically; null when the general path is
   * needed. Same output as it.
   */
  private static byte[] encodeAscii(Click c) {
    String eventId = c.eventId();
    String itemId = c.itemId();
    String campaignId = c.campaignId();
    String shopperId = c.shopperId();
    String sessionId = c.sessionId();
    if (eventId == null
        || itemId == null
        || campaignId == null
        || shopperId == null
        || sessionId == null) {
      return null;
    }
    long ms = c.eventTimeMs();
    if (ms < -62_167_219_200_000L || ms >= 253_402_300_800_000L) { // outside years 0000..9999
      return null;
    }
    byte[] out =
        new byte
            [FIXED
                + eventId.length()
                + itemId.length()
                + campaignId.length()
                + shopperId.length()
                + sessionId.length()];
    int p = put(out, 0, EVENT_ID);
    p = putPlain(out, p, eventId);
    if (p < 0) {
      return null;
    }
    p = putPlain(out, put(out, p, ITEM_ID), itemId);
    if (p < 0) {
      return null;
    }
    p = putPlain(out, put(out, p, CAMPAIGN_ID), campaignId);
    if (p < 0) {
      return null;
    }
    p = putPlain(out, put(out, p, SHOPPER_ID), shopperId);
    if (p < 0) {
      return null;
    }
    p = putPlain(out, put(out, p, SESSION_ID), sessionId);
    if (p < 0) {
      return null;
    }
    p = put(out, p, TIMESTAMP);
    long days = Math.floorDiv(ms, 86_400_000L);
    int msOfDay = (int) Math.floorMod(ms, 86_400_000L);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as
    // java.time).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    p = digits(out, p, year, 4);
    out[p++] = '-';
    p = digits(out, p, month, 2);
    out[p++] = '-';
    p = digits(out, p, day, 2);
    out[p++] = 'T';
    p = digits(out, p, msOfDay / 3_600_000, 2);
    out[p++] = ':';
    p = digits(out, p, msOfDay / 60_000 % 60, 2);
    out[p++] = ':';
    p = digits(out, p, msOfDay / 1000 % 60, 2);
    out[p++] = '.';
    p = digits(out, p, msOfDay % 1000, 3);
    out[p++] = 'Z';
    out[p++] = '"';
    out[p++] = '}';
    return out;
  }

  private static int put(byte[] out, int p, byte[] bytes) {
    System.arraycopy(bytes, 0, out, p, bytes.length);
    return p + bytes.length;
  }

  /**
   * Copies a string that needs no escaping; -1 if it has a character outside printable ASCII, a
   * quote or a backslash.
   */
  private static int putPlain(byte[] out, int p, String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
        return -1;
      }
      out[p++] = (byte) ch;
    }
    return p;
  }

  private static int digits(byte[] out, int p, int value, int width) {
    for (int i = p + width - 1; i >= p; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] encodeGeneral(Click click) {
    StringBuilder sb = new StringBuilder(192);
    sb.append("{\"eventId\":");
    Json.string(sb, click.eventId());
    sb.append(",\"itemId\":");
    Json.string(sb, click.itemId());
    sb.append(",\"campaignId\":");
    Json.string(sb, click.campaignId());
    sb.append(",\"shopperId\":");
    Json.string(sb, click.shopperId());
    sb.append(",\"sessionId\":");
    Json.string(sb, click.sessionId());
    sb.append(",\"timestamp\":\"");
    appendInstant(sb, click.eventTimeMs());
    sb.append("\"}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Formats epoch millis as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always three fraction digits).
   */
  public static String isoUtcMillis(long epochMs) {
    return appendInstant(new StringBuilder(24), epochMs).toString();
  }

  private static StringBuilder appendInstant(StringBuilder sb, long epochMs) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(epochMs, 1000L),
            (int) Math.floorMod(epochMs, 1000L) * 1_000_000,
            ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return sb.append(t.atOffset(ZoneOffset.UTC).toInstant());
    }
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2).append('.');
    return pad(sb, t.getNano() / 1_000_000, 3).append('Z');
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /** The stream's column: {@code campaignId} is unquoted in ksql/01, so ksqlDB upper-cases it. */
  private static final String CAMPAIGN_COLUMN = "CAMPAIGNID";

  /**
   * JSON as ksqlDB's {@code KsqlJsonDeserializer} reads it: every float an exact BigDecimal,
   * trailing zeros kept ({@code 1.50} stays {@code 1.50}).
   */
  private static final ObjectMapper KSQL_JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  /**
   * The campaign of a click as ksqlDB's JSON format reads the {@code campaignId STRING} column of
   * {@code ksql/01-click-events-stream.sql}, without building a tree of the whole click (this runs
   * once per click on the Streams thread). Null when ksqlDB would not count the click: the value is
   * null, not JSON, not a JSON object, or its campaign is JSON null or missing (GROUP BY then
   * excludes the row).
   *
   * <p>The field: exactly {@code CAMPAIGNID} if present, else the field whose upper-cased name is
   * {@code CAMPAIGNID} and whose first occurrence comes last (ksqlDB upper-cases the names of a
   * parsed tree into a map, and a tree keeps a repeated name at its first place with its last
   * value). Its text: a string as is; a number as the tree's number node prints it ({@code -0} is
   * {@code 0}, {@code 1e3} is {@code 1E+3}, {@code 1.50} is {@code 1.50}); a boolean as {@code
   * true}/{@code false}; an object as compact JSON; an array as its elements' texts joined by
   * {@code ", "} in brackets ({@code ["a",1]} is {@code [a, 1]}). The whole object is read, so JSON
   * ksqlDB fails on fails here too (but for a string over Jackson's 20,000,000-char limit outside
   * the campaign, which only a tree notices); anything after the object is ignored, as there.
   * Upper-casing is by the root locale: a ksqlDB server in a Turkish or Azeri default locale would
   * not match {@code campaignId} at all. Fixtures: {@code pipeline/campaign-id-extraction.json}.
   */
  public static String campaignIdOf(byte[] json) {
    if (json == null) {
      return null;
    }
    try (JsonParser p = KSQL_JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      boolean exactSeen = false;
      String exact = null;
      String variantName = null;
      String variant = null;
      List<String> earlierVariantNames = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals(CAMPAIGN_COLUMN)) {
          exactSeen = true;
          exact = stringColumn(p, v);
        } else if (!isCaseVariant(name)) {
          skipValue(p, v);
        } else if (name.equals(variantName)) {
          variant = stringColumn(p, v);
        } else if (earlierVariantNames != null && earlierVariantNames.contains(name)) {
          // A repeat keeps its name's first place, which is before variantName's: it still loses.
          skipValue(p, v);
        } else {
          if (variantName != null) {
            if (earlierVariantNames == null) {
              earlierVariantNames = new ArrayList<>(2);
            }
            earlierVariantNames.add(variantName);
          }
          variantName = name;
          variant = stringColumn(p, v);
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return null;
      }
      return exactSeen ? exact : variant;
    } catch (IOException | RuntimeException e) {
      // ksqlDB logs and skips a record its deserializer fails on
      // (ksql.fail.on.deserialization.error
      // is false by default); BigDecimal's exponent overflow is a NumberFormatException.
      return null;
    }
  }

  /** Whether {@code name} upper-cases to {@code CAMPAIGNID}, as String.toUpperCase would. */
  private static boolean isCaseVariant(String name) {
    if (name.length() != CAMPAIGN_COLUMN.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.toUpperCase(name.charAt(i)) != CAMPAIGN_COLUMN.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The text of the value at {@code v}, as ksqlDB coerces a JSON value to a STRING column. */
  private static String stringColumn(JsonParser p, JsonToken v) throws IOException {
    switch (v) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue().toString();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue().toString();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case START_OBJECT:
      case START_ARRAY:
        return nodeText(KSQL_JSON.readTree(p));
      default: // VALUE_NULL
        return null;
    }
  }

  private static String nodeText(JsonNode n) throws IOException {
    if (n.isNull()) {
      return null;
    }
    if (n.isObject()) {
      return KSQL_JSON.writeValueAsString(KSQL_JSON.treeToValue(n, Object.class));
    }
    if (n.isArray()) {
      StringJoiner elements = new StringJoiner(", ", "[", "]");
      for (JsonNode e : n) {
        elements.add(Objects.toString(nodeText(e)));
      }
      return elements.toString();
    }
    return n.asText();
  }

  /**
   * Moves past the value at {@code v}, reading each float as ksqlDB's tree does: one that is no
   * BigDecimal (exponent overflow) fails the whole record there.
   */
  private static void skipValue(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      p.getDecimalValue();
      return;
    }
    if (v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY) {
      return;
    }
    for (int depth = 1; depth > 0; ) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return;
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        depth++;
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        depth--;
      } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        p.getDecimalValue();
      }
    }
  }

  /**
   * Reads a whole click event leniently, for tests: null if the bytes are null or not a JSON
   * object; each field by its exact name first, else the first that matches ignoring case, and null
   * unless a scalar. Not ksqlDB's reading (that is {@link #campaignIdOf}).
   */
  public static ClickEvent decode(byte[] json) {
    if (json == null) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    return new ClickEvent(
        text(root, "eventId"),
        text(root, "itemId"),
        text(root, "campaignId"),
        text(root, "shopperId"),
        text(root, "sessionId"),
        text(root, "timestamp"));
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equalsIgnoreCase(field)) {
          n = e.getValue();
          break;
        }
      }
    }
    if (n == null || n.isNull() || !n.isValueNode()) {
      return null;
    }
    return n.asText();
  }
}
