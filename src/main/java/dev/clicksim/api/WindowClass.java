package dev.clicksim.api;

import dev.clicksim.verify.WindowVerdict;
import java.util.Locale;

/** How one (campaign, window) of the table compares with the truth. */
public enum WindowClass {
  /** The count equals the truth. */
  MATCHED(WindowVerdict.Kind.MATCHED),
  /** The count is low, by more than the clicks only the grace period kept. */
  LOST_CLICKS(WindowVerdict.Kind.LOST_CLICKS),
  /** The count is high, by more than the clicks due to be dropped as late. */
  DUPLICATED_CLICKS(WindowVerdict.Kind.DUPLICATED_CLICKS),
  /** The truth expects clicks in a window the table does not have. */
  MISSING_WINDOW(WindowVerdict.Kind.MISSING_WINDOW),
  /** The table has a window no click was sent to. */
  UNEXPECTED_WINDOW(WindowVerdict.Kind.UNEXPECTED_WINDOW),
  /** High by no more than the window's late clicks: most likely the pipeline's grace is longer. */
  LATE_CLICKS_COUNTED(WindowVerdict.Kind.LATE_CLICKS_COUNTED),
  /** Low by no more than the clicks only the grace kept: most likely its grace is shorter. */
  LATE_CLICKS_DROPPED(WindowVerdict.Kind.LATE_CLICKS_DROPPED),
  /** The count is right but the row's window end is not its start plus the window size. */
  WRONG_WINDOW_END(WindowVerdict.Kind.WRONG_WINDOW_END);

  private final WindowVerdict.Kind kind;

  WindowClass(WindowVerdict.Kind kind) {
    this.kind = kind;
  }

  static WindowClass of(WindowVerdict.Kind kind) {
    for (WindowClass c : values()) {
      if (c.kind == kind) {
        return c;
      }
    }
    throw new IllegalArgumentException("no window class for " + kind);
  }

  /** As the console and the reports print it: "lost clicks". */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
