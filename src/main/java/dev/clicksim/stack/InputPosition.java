package dev.clicksim.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Where a partition of {@code click_events} stood when a run started: the offset its first record
 * could take, and the highest record timestamp before it (the partition's stream time so far).
 * Recorded in run.json, so that verify reads back only from there and still knows the stream time
 * the earlier records left.
 *
 * @param maxTimestampMs {@code Long.MIN_VALUE} for a partition with no record yet
 */
public record InputPosition(long nextOffset, long maxTimestampMs) {

  /** run.json's settings key of the start offsets: "0=1520,1=0,...". */
  public static final String START_OFFSETS = "input.start.offsets";

  /** run.json's settings key of the stream times at the start: "0=1764547200000,1=none,...". */
  public static final String START_STREAM_TIMES = "input.start.stream-times";

  private static final String NONE = "none";

  /** The two settings entries of a run's start positions; empty for none. */
  public static Map<String, String> toSettings(Map<Integer, InputPosition> positions) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (positions.isEmpty()) {
      return settings;
    }
    StringJoiner offsets = new StringJoiner(",");
    StringJoiner times = new StringJoiner(",");
    new TreeMap<>(positions)
        .forEach(
            (p, pos) -> {
              offsets.add(p + "=" + pos.nextOffset());
              times.add(
                  p
                      + "="
                      + (pos.maxTimestampMs() == Long.MIN_VALUE
                          ? NONE
                          : Long.toString(pos.maxTimestampMs())));
            });
    settings.put(START_OFFSETS, offsets.toString());
    settings.put(START_STREAM_TIMES, times.toString());
    return settings;
  }

  /**
   * The start positions a run recorded; empty for a run that recorded none (made before they were
   * recorded) or whose entries are damaged: it is then read back from the beginning.
   */
  public static Map<Integer, InputPosition> fromSettings(Map<String, String> settings) {
    String offsets = settings.get(START_OFFSETS);
    String times = settings.get(START_STREAM_TIMES);
    if (offsets == null || times == null) {
      return Map.of();
    }
    try {
      Map<Integer, Long> byOffset = parse(offsets, false);
      Map<Integer, Long> byTime = parse(times, true);
      if (!byOffset.keySet().equals(byTime.keySet())) {
        return Map.of();
      }
      Map<Integer, InputPosition> out = new TreeMap<>();
      byOffset.forEach((p, o) -> out.put(p, new InputPosition(o, byTime.get(p))));
      return out;
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  private static Map<Integer, Long> parse(String text, boolean noneAllowed) {
    Map<Integer, Long> out = new TreeMap<>();
    for (String entry : text.split(",", -1)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(entry);
      }
      int partition = Integer.parseInt(entry.substring(0, eq));
      String value = entry.substring(eq + 1);
      long v = noneAllowed && value.equals(NONE) ? Long.MIN_VALUE : Long.parseLong(value);
      if (partition < 0 || (!noneAllowed && v < 0) || out.put(partition, v) != null) {
        throw new IllegalArgumentException(entry);
      }
    }
    return out;
  }
}
