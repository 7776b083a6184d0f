package dev.clicksim.run;

import dev.clicksim.scenario.Durations;
import dev.clicksim.scenario.Fault;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault that fired during a run, as run.json records it (its {@code faults} list), for verify to
 * tell its story.
 *
 * @param fault the fault as {@code --fault} writes it, e.g. {@code pause:postgres@30%/5s}
 * @param action kill, restart or pause
 * @param target the target's label, e.g. {@code sink-task}
 * @param length how long a pause lasted ({@code 5s}), or null
 * @param at when it was asked for, as written ({@code 30%}, {@code 2m})
 * @param scenarioOffsetMs the scenario offset the sender had reached when it fired
 * @param firedAtMs when it fired, epoch milliseconds; null in a run recorded before run.json had
 *     faults (read back from its {@code fault.N} settings)
 * @param firedSeconds when it fired, seconds since the sending started
 * @param doneSeconds when the stack had done it, seconds since the sending started; null when not
 *     known
 * @param what what the stack did, or why it could not
 * @param failed whether the stack could not do it
 */
public record RunFault(
    String fault,
    String action,
    String target,
    String length,
    String at,
    long scenarioOffsetMs,
    Long firedAtMs,
    double firedSeconds,
    Double doneSeconds,
    String what,
    boolean failed) {

  /** The fault that fired, its wall times from the epoch time at which the sending started. */
  public static RunFault of(FaultSchedule.Fired fired, long sendStartEpochMs) {
    Fault f = fired.fault();
    return new RunFault(
        f.toString(),
        f.action().name(),
        f.target().label(),
        f.length() == null ? null : Durations.format(f.length()),
        f.at().toString(),
        fired.scenarioOffsetMs(),
        sendStartEpochMs + Math.round(fired.wallSeconds() * 1000),
        fired.wallSeconds(),
        fired.doneSeconds(),
        fired.what(),
        fired.failed());
  }

  // FaultSchedule.Fired#describe: "kill:postgres@30% at scenario 2m24s (+12.3 s): FAILED: what".
  private static final Pattern DESCRIBED =
      Pattern.compile(
          "(\\S+) at scenario (\\S+) \\(\\+([0-9.]+) s\\): (FAILED: )?(.*)", Pattern.DOTALL);

  /**
   * A fault from the one line an older run.json kept of it (a {@code fault.N} setting), or empty
   * when the line is not one: what it did is known, when it fired since the epoch is not.
   */
  public static Optional<RunFault> fromDescription(String line) {
    Matcher m = DESCRIBED.matcher(line == null ? "" : line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Fault f = Fault.parse(m.group(1));
      Duration offset = Durations.parse(m.group(2));
      return Optional.of(
          new RunFault(
              f.toString(),
              f.action().name(),
              f.target().label(),
              f.length() == null ? null : Durations.format(f.length()),
              f.at().toString(),
              offset.toMillis(),
              null,
              Double.parseDouble(m.group(3)),
              null,
              m.group(5),
              m.group(4) != null));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
