package dev.clicksim.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a run simulates. The clicks and the truth of a run are a pure function of (scenario, anchor, campaign prefix,
 * window spec); the scenario holds its seed.
 *
 * <p>Loaded from YAML by {@link ScenarioLoader}, which rejects unknown keys and validates every field. Clicks come
 * either from a total ({@code clicks:}, spread uniformly over the duration, {@link #sessions()} null) or from a session
 * model ({@code sessions:}, {@link #clicks()} 0). New fields are added with a default, so existing files keep loading.
 *
 * @param name short name, used in reports; defaults to the file name without {@code .yaml}
 * @param description what the scenario models; may be empty
 * @param seed seed of the generator's {@link java.util.SplittableRandom}
 * @param duration event-time span of the clicks: every event time lies in [anchor, anchor + duration)
 * @param speed scenario seconds per wall second when sending; {@link #MAX_SPEED} sends as fast as possible (default)
 * @param clicks uniform mode: total number of clicks, pinned clicks included; 0 in session mode
 * @param campaigns the campaigns clicks go to, by weight; never empty
 * @param shoppers number of distinct shoppers, numbered 1..shoppers (default 1000)
 * @param pinnedClicks clicks placed at exact offsets from the anchor (e.g. on a window boundary); may be empty
 * @param sessions the session model; null in uniform mode
 * @param disorder how deliveries depart from event-time order; {@link Disorder#NONE} by default
 */
public record Scenario(
    String name,
    String description,
    long seed,
    Duration duration,
    double speed,
    long clicks,
    List<Campaign> campaigns,
    long shoppers,
    List<PinnedClick> pinnedClicks,
    Sessions sessions,
    Disorder disorder,
    Slos slos) {

  /** Send as fast as possible: every delivery's intended send offset is 0. */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  public static final long DEFAULT_SHOPPERS = 1000;

  public Scenario {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(duration, "duration");
    campaigns = List.copyOf(campaigns);
    pinnedClicks = pinnedClicks == null ? List.of() : List.copyOf(pinnedClicks);
    disorder = disorder == null ? Disorder.NONE : disorder;
    slos = slos == null ? Slos.NONE : slos;
  }

  /** A uniform-mode scenario sent as fast as possible, in order (the shape of scenario files before sessions). */
  public Scenario(String name, String description, long seed, Duration duration, long clicks, List<Campaign> campaigns,
      long shoppers, List<PinnedClick> pinnedClicks) {
    this(name, description, seed, duration, MAX_SPEED, clicks, campaigns, shoppers, pinnedClicks, null, Disorder.NONE, Slos.NONE);
  }

  /** True when clicks come from the session model rather than a uniform total. */
  public boolean sessionMode() {
    return sessions != null;
  }

  /** True when every delivery is to be sent at once, without pacing. */
  public boolean maxSpeed() {
    return speed == MAX_SPEED;
  }

  /** The campaign with this id (without the run's prefix), or null. */
  public Campaign campaign(String id) {
    for (Campaign c : campaigns) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, newSeed, duration, speed, clicks, campaigns, shoppers, pinnedClicks,
        sessions, disorder, slos);
  }

  public Scenario withSpeed(double newSpeed) {
    return new Scenario(name, description, seed, duration, newSpeed, clicks, campaigns, shoppers, pinnedClicks,
        sessions, disorder, slos);
  }

  public Scenario withDuration(Duration newDuration) {
    return new Scenario(name, description, seed, newDuration, speed, clicks, campaigns, shoppers, pinnedClicks,
        sessions, disorder, slos);
  }

  public Scenario withClicks(long newClicks) {
    return new Scenario(name, description, seed, duration, speed, newClicks, campaigns, shoppers, pinnedClicks,
        sessions, disorder, slos);
  }

  public Scenario withSessions(Sessions newSessions) {
    return new Scenario(name, description, seed, duration, speed, clicks, campaigns, shoppers, pinnedClicks,
        newSessions, disorder, slos);
  }

  public Scenario withDisorder(Disorder newDisorder) {
    return new Scenario(name, description, seed, duration, speed, clicks, campaigns, shoppers, pinnedClicks,
        sessions, newDisorder, slos);
  }

  /**
   * The run's objectives, checked by verify unless the command line gives its own: the share of windows that must match
   * and p99 ceilings for three latencies. Each is optional.
   *
   * @param minMatch share of windows that must match, e.g. {@code 100%} or {@code 0.999}; null for the default (100%)
   * @param maxP99Ack p99 of the ack latency from the intended send time
   * @param maxP99WindowCompletion p99 from the ack of a window's last click to its final count in PostgreSQL
   * @param maxP99Visibility p99 from a click's ack to the first count in PostgreSQL that includes it
   */
  public record Slos(String minMatch, Duration maxP99Ack, Duration maxP99WindowCompletion, Duration maxP99Visibility) {
    public static final Slos NONE = new Slos(null, null, null, null);

    public boolean none() {
      return minMatch == null && maxP99Ack == null && maxP99WindowCompletion == null && maxP99Visibility == null;
    }
  }

  /**
   * A campaign.
   *
   * @param id campaign id, unique within the scenario; the run's prefix is put in front of it on the wire
   * @param weight relative popularity, > 0 (default 1)
   * @param items ids of the promoted items; a click picks one uniformly
   * @param active offsets during which the campaign runs; empty: the whole scenario (session mode only)
   * @param boost extra popularity over time: the weight at t is weight × (1 + boost(t)); null: none (session mode only)
   */
  public record Campaign(String id, double weight, List<String> items, List<Interval> active, RateProfile boost) {
    public Campaign {
      Objects.requireNonNull(id, "id");
      items = List.copyOf(items);
      active = active == null ? List.of() : List.copyOf(active);
    }

    public Campaign(String id, double weight, List<String> items) {
      this(id, weight, items, List.of(), null);
    }

    /** Whether the campaign runs at this offset from the scenario's start. */
    public boolean activeAt(long offsetMs) {
      if (active.isEmpty()) {
        return true;
      }
      for (Interval i : active) {
        if (i.contains(offsetMs)) {
          return true;
        }
      }
      return false;
    }
  }

  /** [from, to) as offsets from the scenario's start. */
  public record Interval(Duration from, Duration to) {
    public Interval {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    public boolean contains(long offsetMs) {
      return offsetMs >= from.toMillis() && offsetMs < to.toMillis();
    }
  }

  /**
   * A click at an exact offset from the anchor. In uniform mode it counts toward {@link Scenario#clicks()}; in session
   * mode it comes on top of the sessions' clicks.
   *
   * @param campaign id of a campaign listed in the scenario
   * @param at offset from the anchor, in [0, duration)
   */
  public record PinnedClick(String campaign, Duration at) {
    public PinnedClick {
      Objects.requireNonNull(campaign, "campaign");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The session model. A session lands at an arrival, browses, then clicks a burst on one campaign's items (picked by
   * weight among the campaigns active then), thinks, and with probability {@code another} goes on to a burst on another
   * campaign, else leaves. It also leaves at {@code maxLength} after landing or at the scenario's end.
   *
   * @param arrivals sessions per second over scenario time
   * @param browse time from landing to the first click
   * @param burstSize clicks per burst (at least 1)
   * @param clickGap time between the clicks of a burst
   * @param thinkTime time between the last click of a burst and the first of the next
   * @param another probability of another burst after thinking, in [0, 1]
   * @param maxLength session length cap
   */
  public record Sessions(
      RateProfile arrivals,
      Distribution browse,
      Distribution burstSize,
      Distribution clickGap,
      Distribution thinkTime,
      double another,
      Duration maxLength) {

    public static final Distribution DEFAULT_BROWSE = new Distribution.Exponential(10_000, false);
    public static final Distribution DEFAULT_BURST_SIZE = new Distribution.Geometric(3);
    public static final Distribution DEFAULT_CLICK_GAP = new Distribution.Exponential(2_000, false);
    public static final Distribution DEFAULT_THINK_TIME = new Distribution.Exponential(20_000, false);
    public static final double DEFAULT_ANOTHER = 0.3;
    public static final Duration DEFAULT_MAX_LENGTH = Duration.ofMinutes(30);

    public Sessions {
      Objects.requireNonNull(arrivals, "arrivals");
      browse = browse == null ? DEFAULT_BROWSE : browse;
      burstSize = burstSize == null ? DEFAULT_BURST_SIZE : burstSize;
      clickGap = clickGap == null ? DEFAULT_CLICK_GAP : clickGap;
      thinkTime = thinkTime == null ? DEFAULT_THINK_TIME : thinkTime;
      maxLength = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }

    public Sessions withArrivals(RateProfile newArrivals) {
      return new Sessions(newArrivals, browse, burstSize, clickGap, thinkTime, another, maxLength);
    }
  }

  /**
   * How deliveries depart from event-time order. Every click is either in order, out of order, or late (never two of
   * these); independently, a share of clicks is delivered a second time.
   *
   * @param outOfOrder clicks delivered up to {@code maxDelay} after their event time
   * @param late clicks delivered after their window's end + grace + margin, which the pipeline drops once stream time has
   *     moved on
   * @param duplicates clicks delivered twice, up to {@code maxDelay} apart, as after an upstream producer's retry
   */
  public record Disorder(Delayed outOfOrder, Late late, Delayed duplicates) {
    public static final Duration DEFAULT_DUPLICATE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LATE_MARGIN = Duration.ofSeconds(10);
    // After the defaults it uses: static fields initialize in order.
    public static final Disorder NONE = new Disorder(null, null, null);

    public Disorder {
      outOfOrder = outOfOrder == null ? new Delayed(0, Duration.ZERO) : outOfOrder;
      late = late == null ? new Late(0, DEFAULT_LATE_MARGIN) : late;
      duplicates = duplicates == null ? new Delayed(0, DEFAULT_DUPLICATE_DELAY) : duplicates;
    }

    public boolean none() {
      return outOfOrder.share() == 0 && late.share() == 0 && duplicates.share() == 0;
    }
  }

  /** A share of clicks delivered later than in order, by up to {@code maxDelay} (uniform, at least 1 ms). */
  public record Delayed(double share, Duration maxDelay) {
    public Delayed {
      Objects.requireNonNull(maxDelay, "maxDelay");
    }
  }

  /**
   * A share of clicks delivered at window end + grace + margin + a uniform extra in [0, margin), after their window
   * closed.
   */
  public record Late(double share, Duration margin) {
    public Late {
      Objects.requireNonNull(margin, "margin");
    }
  }
}
