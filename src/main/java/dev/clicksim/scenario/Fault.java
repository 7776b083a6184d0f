package dev.clicksim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One fault of a run, fired on the scenario clock so that a run is reproducible (as Trogdor's fault
 * specs carry a start time and a duration).
 *
 * @param at when, as an offset from the scenario's start ({@code 10m}) or a share of its duration
 *     ({@code 50%})
 * @param action what is done to the target
 * @param target which part of the pipeline
 * @param length how long a {@code pause} lasts; null for the other actions
 */
public record Fault(Offset at, Action action, Target target, Duration length) {

  /** What a fault does. */
  public enum Action {
    /** SIGKILL of the process that holds the target: no close, no commit, no flush. */
    kill,
    /** A clean stop, then a start. */
    restart,
    /** Frozen for the fault's length (SIGSTOP, then SIGCONT), or an outage of that length. */
    pause;

    static Action parse(String field, String text) {
      try {
        return valueOf(text.strip().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Check.fail(field, "unknown action '" + text + "' (known: kill, restart, pause)");
      }
    }
  }

  /** The parts of the pipeline a fault can hit. */
  public enum Target {
    broker,
    aggregation,
    connect,
    sinkTask("sink-task"),
    postgres;

    private final String label;

    Target() {
      this.label = name();
    }

    Target(String label) {
      this.label = label;
    }

    /** The name in scenario files and on the command line. */
    public String label() {
      return label;
    }

    static Target parse(String field, String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      return Arrays.stream(values())
          .filter(v -> v.label.equals(t))
          .findFirst()
          .orElseThrow(
              () ->
                  Check.fail(
                      field,
                      "unknown target '"
                          + text
                          + "' (known: "
                          + Arrays.stream(values())
                              .map(Target::label)
                              .collect(Collectors.joining(", "))
                          + ")"));
    }
  }

  /** An action on a target, without its time: what a stack can do. */
  public record Kind(Action action, Target target) {
    @Override
    public String toString() {
      return action + " " + target.label();
    }
  }

  public Kind kind() {
    return new Kind(action, target);
  }

  /** When a fault fires: an offset from the scenario's start, or a share of its duration. */
  public record Offset(Duration offset, Double share) {
    public Offset {
      if ((offset == null) == (share == null)) {
        throw new IllegalArgumentException("an offset or a share, not both");
      }
    }

    static Offset parse(String field, String text) {
      String s = Check.required(field, text).strip();
      try {
        if (s.endsWith("%")) {
          return new Offset(null, Shares.parse(s));
        }
        return new Offset(Durations.parse(s), null);
      } catch (IllegalArgumentException e) {
        throw Check.fail(
            field,
            "must be an offset such as 10m or a share of the run such as 50%, was '" + s + "'");
      }
    }

    /** The offset from the scenario's start in a run of this duration. */
    public Duration resolve(Duration scenarioDuration) {
      return offset != null
          ? offset
          : Duration.ofMillis(Math.round(scenarioDuration.toMillis() * share));
    }

    @Override
    public String toString() {
      return offset != null
          ? Durations.format(offset)
          : java.math.BigDecimal.valueOf(share)
                  .movePointRight(2)
                  .stripTrailingZeros()
                  .toPlainString()
              + "%";
    }
  }

  public Fault {
    Check.required("at", at);
    Check.required("action", action);
    Check.required("target", target);
    if (action == Action.pause) {
      if (length == null || length.isNegative() || length.isZero()) {
        throw Check.fail("for", "a pause needs how long it lasts, e.g. for: 30s");
      }
    } else if (length != null) {
      throw Check.fail("for", "applies to pause only, not to " + action);
    }
  }

  @JsonCreator
  static Fault fromYaml(
      @JsonProperty("at") String at,
      @JsonProperty("action") String action,
      @JsonProperty("target") String target,
      @JsonProperty("for") Duration length) {
    return new Fault(
        Offset.parse("at", at),
        Action.parse("action", Check.required("action", action)),
        Target.parse("target", Check.required("target", target)),
        length);
  }

  /** The command line's {@code /FOR}; in files, {@code for:} is bound like every other duration. */
  private static Duration duration(String field, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw Check.fail(field, e.getMessage());
    }
  }

  /**
   * A fault as {@code --fault} gives it: {@code ACTION:TARGET@AT[/FOR]}, e.g. {@code
   * kill:aggregation@50%} or {@code pause:postgres@10m/30s}.
   */
  public static Fault parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    int colon = s.indexOf(':');
    int atSign = s.indexOf('@');
    if (colon < 0 || atSign < colon) {
      throw new InvalidFieldException(
          "",
          "'"
              + spec
              + "' is not ACTION:TARGET@AT[/FOR], e.g. kill:aggregation@50% or pause:postgres@10m/30s");
    }
    String rest = s.substring(atSign + 1);
    int slash = rest.indexOf('/');
    return new Fault(
        Offset.parse("at", slash < 0 ? rest : rest.substring(0, slash)),
        Action.parse("action", s.substring(0, colon)),
        Target.parse("target", s.substring(colon + 1, atSign)),
        slash < 0 ? null : duration("for", rest.substring(slash + 1)));
  }

  /** The fault as {@link #parse} reads it. */
  @Override
  public String toString() {
    return action
        + ":"
        + target.label()
        + "@"
        + at
        + (length == null ? "" : "/" + Durations.format(length));
  }
}
