package dev.clicksim.run;

import dev.clicksim.stack.ClickSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

/**
 * Live progress of a run: scenario clock, target and actual rate, sent / acked / failed, how far
 * behind schedule, ETA, and what keeps clicks from being acknowledged when something does (a broker
 * unreachable). On a terminal one line is redrawn in place (jline); elsewhere, as in CI logs, a
 * plain line is printed every few seconds.
 */
public final class ProgressDisplay implements AutoCloseable {

  private final PacedSendLoop.Progress progress;
  private final ClickSink sender;
  private final long scenarioDurationMs;
  private final PrintWriter out;
  private final Terminal terminal;
  private final BackgroundLoop loop;

  private long lastNanos;
  private long lastDeliveries;
  private long lastScheduledNanos;
  private long lastSent;

  private ProgressDisplay(
      PacedSendLoop.Progress progress,
      ClickSink sender,
      long scenarioDurationMs,
      PrintWriter out,
      Terminal terminal) {
    this.progress = progress;
    this.sender = sender;
    this.scenarioDurationMs = scenarioDurationMs;
    this.out = out;
    this.terminal = terminal;
    this.lastNanos = System.nanoTime();
    Duration interval = Duration.ofMillis(terminal != null ? 500 : 5000);
    this.loop =
        BackgroundLoop.start(
            "clicksim-progress", interval, interval, Duration.ofSeconds(1), () -> show(line()));
  }

  /**
   * Starts the display; {@code interactive} asks for in-place redraws when stdout is a terminal.
   */
  public static ProgressDisplay start(
      PacedSendLoop.Progress progress,
      ClickSink sender,
      Duration scenarioDuration,
      PrintWriter out,
      boolean interactive) {
    Terminal terminal = null;
    if (interactive && System.console() != null) {
      try {
        terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType())
            || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
          terminal.close();
          terminal = null;
        }
      } catch (IOException | IllegalStateException e) {
        terminal = null;
      }
    }
    return new ProgressDisplay(progress, sender, scenarioDuration.toMillis(), out, terminal);
  }

  private synchronized void show(String line) {
    if (terminal != null) {
      terminal.puts(InfoCmp.Capability.carriage_return);
      terminal
          .writer()
          .print(
              line.length() >= terminal.getWidth() && terminal.getWidth() > 1
                  ? line.substring(0, terminal.getWidth() - 1)
                  : line);
      terminal.puts(InfoCmp.Capability.clr_eol);
      terminal.flush();
    } else {
      out.println(line);
      out.flush();
    }
  }

  String line() {
    long now = System.nanoTime();
    long deliveries = progress.deliveries();
    long scheduled = progress.scheduledNanos();
    long sent = sender.sent();
    double seconds = Math.max((now - lastNanos) / 1e9, 1e-9);
    double actual = (sent - lastSent) / seconds;
    String target;
    if (scheduled > lastScheduledNanos) {
      target =
          String.format(
              Locale.ROOT,
              "%,.0f/s",
              (deliveries - lastDeliveries) / ((scheduled - lastScheduledNanos) / 1e9));
    } else {
      target = scheduled == 0 && deliveries > 0 ? "max" : "-";
    }
    long offset = Math.max(progress.scenarioOffsetMs(), 0);
    double elapsed = (now - progress.startNanos()) / 1e9;
    String eta =
        offset > 0
            ? formatSeconds(elapsed * Math.max(scenarioDurationMs - offset, 0) / offset)
            : "-";
    lastNanos = now;
    lastDeliveries = deliveries;
    lastScheduledNanos = scheduled;
    lastSent = sent;
    return String.format(
        Locale.ROOT,
        "scenario %s/%s  target %s  actual %,.0f/s  sent %,d  acked %,d  failed %,d  behind %d ms  ETA %s%s",
        formatSeconds(offset / 1000.0),
        formatSeconds(scenarioDurationMs / 1000.0),
        target,
        actual,
        sent,
        sender.acked(),
        sender.failed(),
        Math.max(progress.behindNanos(now), 0) / 1_000_000,
        eta,
        sender.trouble().map(t -> "  " + t).orElse(""));
  }

  private static String formatSeconds(double s) {
    long total = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60);
  }

  @Override
  public void close() {
    loop.close();
    if (terminal != null) {
      show(line());
      terminal.writer().println();
      terminal.flush();
      try {
        terminal.close();
      } catch (IOException e) {
        // the terminal is only for the progress line
      }
    }
  }
}
