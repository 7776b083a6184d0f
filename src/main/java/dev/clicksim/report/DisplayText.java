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

  /**
   * An instant in full, UTC: "2026-11-28 19:37:00", with milliseconds when it has any ("2026-11-28
   * 19:34:00.001"), so an end one millisecond off does not look right.
   */
  public static String instant(long epochMs) {
    Instant at = Instant.ofEpochMilli(epochMs);
    String text = DATE_TIME.format(at);
    long millis = Math.floorMod(epochMs, 1000L);
    return millis == 0 ? text : text + String.format(".%03d", millis);
  }

  /**
   * The end(s) a table's rows hold for a window, in full: one instant, "NULL" when a row holds
   * none, or "lowest to highest" when the rows of the window disagree.
   */
  public static String windowEnds(Long lowestMs, Long highestMs) {
    if (lowestMs == null || highestMs == null) {
      return "NULL";
    }
    return lowestMs.equals(highestMs)
        ? instant(lowestMs)
        : instant(lowestMs) + " to " + instant(highestMs);
  }

  /**
   * A window's class as shown: the class, and when the table's end of the window is wrong what it
   * holds: "wrong window end: 1970-01-01 00:00:00", or "lost clicks, wrong window end: ..." when
   * the count is wrong too.
   *
   * @param wrongEnd {@link #windowEnds} of the wrong end, or null when the end is right
   */
  public static String verdict(String kind, String wrongEnd) {
    if (wrongEnd == null) {
      return kind;
    }
    return (WindowRow.WRONG_WINDOW_END.equals(kind)
            ? kind
            : kind + ", " + WindowRow.WRONG_WINDOW_END)
        + ": "
        + wrongEnd;
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
