package dev.clicksim.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.simulation.Click;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;

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

  /**
   * Reads a click event; null if the bytes are null or not a JSON object (ksqlDB skips such
   * records). Field names match exactly first, then ignoring case, as ksqlDB's JSON format matches
   * unquoted column names.
   */
  /**
   * Just the campaign id of a click, as {@link #decode} would give it (an exact field name first,
   * else one that matches ignoring case), without building a tree of the whole click: the windowed
   * count needs nothing else, and this runs once per click on the Streams thread. The whole object
   * is still read, so malformed JSON gives null as in decode (and, as there, anything after the
   * object is ignored).
   */
  public static String campaignIdOf(byte[] json) {
    if (json == null) {
      return null;
    }
    try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      String exact = null;
      boolean exactSeen = false;
      String ignoringCase = null;
      com.fasterxml.jackson.core.JsonToken t;
      while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        com.fasterxml.jackson.core.JsonToken v = p.nextToken();
        if (name.equals("campaignId")) {
          // As in a tree, a repeated field's last value wins.
          exactSeen = true;
          exact =
              v == com.fasterxml.jackson.core.JsonToken.VALUE_NULL
                  ? null
                  : v.isScalarValue() ? p.getText() : null;
        } else if (ignoringCase == null
            && name.equalsIgnoreCase("campaignId")
            && v.isScalarValue()
            && v != com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
          ignoringCase = p.getText();
        }
        p.skipChildren();
      }
      if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
        return null;
      }
      return exactSeen ? exact : ignoringCase;
    } catch (IOException e) {
      return null;
    }
  }

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
