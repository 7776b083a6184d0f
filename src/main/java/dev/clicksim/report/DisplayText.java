package dev.clicksim.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How campaign ids and windows are shown to a person, on the console and in the reports: so that
 * two different values never look the same.
 */
public final class DisplayText {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private DisplayText() {}

  /**
   * The id as it is, or in double quotes with escapes when it has leading or trailing whitespace,
   * whitespace other than a space, or a control or invisible character: "spring-sale " must not
   * print like "spring-sale".
   */
  public static String campaignId(String id) {
    if (id == null) {
      return "";
    }
    boolean plain =
        !id.isEmpty()
            && !isBlank(id.codePointAt(0))
            && !isBlank(id.codePointBefore(id.length()))
            && id.codePoints().noneMatch(c -> isInvisible(c) || (c != ' ' && isBlank(c)));
    return plain ? id : quoted(id);
  }

  /**
   * The value in double quotes; quotes, backslashes, control and invisible characters and any
   * whitespace but a space are escaped ({@code \t}, {@code \n}, {@code \r}, {@code \u00A0}).
   */
  public static String quoted(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                  if (c != ' ' && (isInvisible(c) || isBlank(c))) {
                    b.append(String.format("\\u%04X", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /**
   * A window as "2026-11-28 19:32:00 - 19:34:00"; the end in full ("... - 2026-11-29 00:00:00")
   * when it is on another day or the window is not {@code windowSizeMs} long, so a row whose start
   * or end was shifted shows as such.
   */
  public static String window(long startMs, long endMs, long windowSizeMs) {
    Instant start = Instant.ofEpochMilli(startMs);
    Instant end = Instant.ofEpochMilli(endMs);
    String endText = DATE_TIME.format(end);
    boolean regular =
        endMs - startMs == windowSizeMs && DATE.format(start).equals(DATE.format(end));
    return DATE_TIME.format(start) + " - " + (regular ? endText.substring(11) : endText);
  }

  private static boolean isBlank(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.UNASSIGNED
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE;
  }
}
