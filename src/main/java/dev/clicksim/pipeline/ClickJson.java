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
 * The JSON value of a click on {@code click_events}: {@code eventId, itemId, campaignId, shopperId, sessionId, timestamp},
 * timestamp as ISO-8601 UTC with milliseconds (the same instant as the record timestamp).
 */
public final class ClickJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClickJson() {}

  public static byte[] encode(Click click) {
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

  /** Formats epoch millis as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always three fraction digits). */
  public static String isoUtcMillis(long epochMs) {
    return appendInstant(new StringBuilder(24), epochMs).toString();
  }

  private static StringBuilder appendInstant(StringBuilder sb, long epochMs) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMs, 1000L), (int) Math.floorMod(epochMs, 1000L) * 1_000_000, ZoneOffset.UTC);
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
   * Reads a click event; null if the bytes are null or not a JSON object (ksqlDB skips such records). Field names match
   * exactly first, then ignoring case, as ksqlDB's JSON format matches unquoted column names.
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
        text(root, "eventId"), text(root, "itemId"), text(root, "campaignId"),
        text(root, "shopperId"), text(root, "sessionId"), text(root, "timestamp"));
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
