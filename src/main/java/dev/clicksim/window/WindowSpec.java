package dev.clicksim.window;

import java.time.Duration;

/**
 * Tumbling windows aligned to the epoch, as Kafka Streams' {@code TimeWindows} and ksqlDB's {@code
 * WINDOW TUMBLING} define them: a window is [start, start + size), and a record later than window
 * end + grace (against stream time) is dropped.
 */
public record WindowSpec(Duration size, Duration grace) {

  /** The seed's 2-minute windows with clicksim's explicit default grace. */
  public static final WindowSpec DEFAULT =
      new WindowSpec(Duration.ofMinutes(2), Duration.ofMinutes(1));

  public WindowSpec {
    if (size.isNegative() || size.isZero()) {
      throw new IllegalArgumentException("window size must be > 0, was " + size);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace period must be >= 0, was " + grace);
    }
  }

  public long sizeMs() {
    return size.toMillis();
  }

  public long graceMs() {
    return grace.toMillis();
  }

  /** Start of the window holding {@code timestampMs}; floors for negative timestamps too. */
  public long startOf(long timestampMs) {
    return Math.floorDiv(timestampMs, sizeMs()) * sizeMs();
  }

  public long endOf(long timestampMs) {
    return startOf(timestampMs) + sizeMs();
  }
}
