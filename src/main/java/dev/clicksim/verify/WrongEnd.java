package dev.clicksim.verify;

/**
 * The ends a window's rows hold when they are not the window's start plus its size: the window is
 * then wrong whatever its count (a time-zone shift of only one of the two timestamps, an end
 * converted from the wrong field, a window of another size).
 *
 * @param lowestMs the lowest end of the window's rows; null when a row holds no end
 * @param highestMs the highest end; {@code lowestMs} when the rows agree, null when a row holds no
 *     end
 */
public record WrongEnd(Long lowestMs, Long highestMs) {

  public WrongEnd {
    if ((lowestMs == null) != (highestMs == null) || (lowestMs != null && lowestMs > highestMs)) {
      throw new IllegalArgumentException(
          "ends must be both null or lowest <= highest, were " + lowestMs + " and " + highestMs);
    }
  }

  /** The ends of {@code observed}, or null when every row of it ends at {@code expectedEndMs}. */
  public static WrongEnd of(ObservedWindow observed, long expectedEndMs) {
    return observed.endsAt(expectedEndMs)
        ? null
        : new WrongEnd(observed.lowestEndMs(), observed.highestEndMs());
  }

  /** A row of the window holds no end (NULL). */
  public boolean missing() {
    return lowestMs == null;
  }

  /** The window's rows hold different ends (several rows of one window, the insert layout). */
  public boolean rowsDisagree() {
    return lowestMs != null && !lowestMs.equals(highestMs);
  }
}
