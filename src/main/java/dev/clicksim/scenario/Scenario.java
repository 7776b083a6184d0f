package dev.clicksim.scenario;

import static dev.clicksim.scenario.Check.fail;
import static dev.clicksim.scenario.Check.required;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a run simulates. The clicks and the truth of a run are a pure function of (scenario, anchor,
 * campaign prefix, window spec); the scenario holds its seed.
 *
 * <p>Every constructor of the model validates its values and throws an {@link
 * InvalidFieldException} naming the field, so a scenario is valid however it was made; {@link
 * ScenarioLoader} binds YAML onto these constructors (unknown keys are rejected) and puts the file,
 * the field path and the line in front of the problem. Clicks come either from a total ({@code
 * clicks:}, spread uniformly over the duration, {@link #sessions()} null) or from a session model
 * ({@code sessions:}, {@link #clicks()} 0). New fields are added with a default, so existing files
 * keep loading.
 *
 * @param name short name, used in reports; defaults to the file name without {@code .yaml}
 * @param description what the scenario models; may be empty
 * @param seed seed of the generator's {@link java.util.SplittableRandom}
 * @param duration event-time span of the clicks: every event time lies in [anchor, anchor +
 *     duration)
 * @param speed scenario seconds per wall second when sending; {@link #MAX_SPEED} sends as fast as
 *     possible (default)
 * @param clicks uniform mode: total number of clicks, pinned clicks included; 0 in session mode
 * @param campaigns the campaigns clicks go to, by weight; never empty
 * @param shoppers number of distinct shoppers, numbered 1..shoppers (default 1000)
 * @param pinnedClicks clicks placed at exact offsets from the anchor (e.g. on a window boundary);
 *     may be empty
 * @param sessions the session model; null in uniform mode
 * @param disorder how deliveries depart from event-time order; {@link Disorder#NONE} by default
 * @param slos the run's objectives; {@link Slos#NONE} by default
 * @param pipeline how the embedded pipeline is to run for this scenario; {@link Pipeline#NONE} (the
 *     command line's or clicksim's defaults) by default
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
    Slos slos,
    Pipeline pipeline,
    List<Fault> faults) {

  /** Send as fast as possible: every delivery's intended send offset is 0. */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  public static final long DEFAULT_SHOPPERS = 1000;

  private static final String ONE_MODE =
      "(clicks: spreads a total uniformly, sessions: simulates shoppers; give one)";

  public Scenario {
    if (required("name", name).isBlank()) {
      throw fail("name", "must not be blank");
    }
    description = description == null ? "" : description;
    if (!positive(required("duration", duration))) {
      throw fail("duration", "must be > 0, was " + Durations.format(duration));
    }
    if (!(speed > 0)) {
      throw fail("speed", "must be > 0, or max; was " + ScenarioOverrides.formatSpeed(speed));
    }
    if (sessions != null && clicks != 0) {
      throw fail("clicks", "cannot be combined with sessions: " + ONE_MODE);
    }
    if (sessions == null && clicks <= 0) {
      throw fail("clicks", "must be > 0, was " + clicks);
    }
    if (shoppers <= 0) {
      throw fail("shoppers", "must be > 0, was " + shoppers);
    }
    campaigns = Check.list("campaigns", campaigns);
    if (campaigns.isEmpty()) {
      throw fail("campaigns", "must list at least one campaign");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < campaigns.size(); i++) {
      Campaign c = campaigns.get(i);
      String at = "campaigns[" + i + "]";
      if (!ids.add(c.id())) {
        throw fail(at + ".id", "duplicate campaign id '" + c.id() + "'");
      }
      if (sessions == null && !c.active().isEmpty()) {
        throw fail(
            at + ".active",
            "needs sessions: (with clicks: every campaign runs for the whole scenario)");
      }
      if (sessions == null && c.boost() != null) {
        throw fail(at + ".boost", "needs sessions: (with clicks: weights are constant)");
      }
    }
    pinnedClicks = pinnedClicks == null ? List.of() : Check.list("pinnedClicks", pinnedClicks);
    for (int i = 0; i < pinnedClicks.size(); i++) {
      PinnedClick pc = pinnedClicks.get(i);
      String at = "pinnedClicks[" + i + "]";
      if (!ids.contains(pc.campaign())) {
        throw fail(
            at + ".campaign",
            "unknown campaign '"
                + pc.campaign()
                + "' (campaigns: "
                + campaigns.stream().map(Campaign::id).collect(Collectors.joining(", "))
                + ")");
      }
      if (pc.at().compareTo(duration) >= 0) {
        throw fail(
            at + ".at",
            "must be < duration ("
                + Durations.format(duration)
                + "), was "
                + Durations.format(pc.at()));
      }
    }
    if (sessions == null && pinnedClicks.size() > clicks) {
      throw fail(
          "clicks",
          "must be >= the number of pinned clicks (" + pinnedClicks.size() + "), was " + clicks);
    }
    disorder = disorder == null ? Disorder.NONE : disorder;
    slos = slos == null ? Slos.NONE : slos;
    pipeline = pipeline == null ? Pipeline.NONE : pipeline;
    faults = faults == null ? List.of() : Check.list("faults", faults);
    for (int i = 0; i < faults.size(); i++) {
      Duration at = faults.get(i).at().resolve(duration);
      if (at.compareTo(duration) >= 0) {
        throw fail(
            "faults[" + i + "].at",
            "must be within the scenario's duration ("
                + Durations.format(duration)
                + "), was "
                + faults.get(i).at());
      }
    }
  }

  /**
   * A uniform-mode scenario sent as fast as possible, in order (the shape of scenario files before
   * sessions).
   */
  public Scenario(
      String name,
      String description,
      long seed,
      Duration duration,
      long clicks,
      List<Campaign> campaigns,
      long shoppers,
      List<PinnedClick> pinnedClicks) {
    this(
        name,
        description,
        seed,
        duration,
        MAX_SPEED,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        null,
        Disorder.NONE,
        Slos.NONE,
        Pipeline.NONE,
        List.of());
  }

  /**
   * The YAML form: optional fields get their defaults, {@code defaultName} is the file's name
   * without .yaml.
   */
  @JsonCreator
  static Scenario fromYaml(
      @JacksonInject(ScenarioYaml.DEFAULT_NAME) String defaultName,
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("seed") Long seed,
      @JsonProperty("duration") Duration duration,
      @JsonProperty("speed") @JsonDeserialize(using = YamlValues.Speed.class) Double speed,
      @JsonProperty("clicks") Long clicks,
      @JsonProperty("campaigns") List<Campaign> campaigns,
      @JsonProperty("shoppers") Long shoppers,
      @JsonProperty("pinnedClicks") List<PinnedClick> pinnedClicks,
      @JsonProperty("sessions") Sessions sessions,
      @JsonProperty("disorder") Disorder disorder,
      @JsonProperty("slos") Slos slos,
      @JsonProperty("pipeline") Pipeline pipeline,
      @JsonProperty("faults") List<Fault> faults) {
    if (sessions != null && clicks != null) {
      throw fail("sessions", "cannot be combined with clicks: " + ONE_MODE);
    }
    if (sessions == null && clicks == null) {
      throw fail("clicks", "is required (or sessions: for a session model)");
    }
    return new Scenario(
        name == null ? defaultName : name,
        description,
        required("seed", seed),
        duration,
        speed == null ? MAX_SPEED : speed,
        clicks == null ? 0 : clicks,
        campaigns,
        shoppers == null ? DEFAULT_SHOPPERS : shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
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

  /** This scenario with other faults (the command line's {@code --fault}s replace the file's). */
  public Scenario withFaults(List<Fault> newFaults) {
    return new Scenario(
        name,
        description,
        seed,
        duration,
        speed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        newFaults);
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(
        name,
        description,
        newSeed,
        duration,
        speed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  public Scenario withSpeed(double newSpeed) {
    return new Scenario(
        name,
        description,
        seed,
        duration,
        newSpeed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  public Scenario withDuration(Duration newDuration) {
    return new Scenario(
        name,
        description,
        seed,
        newDuration,
        speed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  public Scenario withClicks(long newClicks) {
    return new Scenario(
        name,
        description,
        seed,
        duration,
        speed,
        newClicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  public Scenario withSessions(Sessions newSessions) {
    return new Scenario(
        name,
        description,
        seed,
        duration,
        speed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        newSessions,
        disorder,
        slos,
        pipeline,
        faults);
  }

  public Scenario withDisorder(Disorder newDisorder) {
    return new Scenario(
        name,
        description,
        seed,
        duration,
        speed,
        clicks,
        campaigns,
        shoppers,
        pinnedClicks,
        sessions,
        newDisorder,
        slos,
        pipeline,
        faults);
  }

  /**
   * The run's objectives, checked by verify unless the command line gives its own: the share of
   * windows that must match and p99 ceilings for three latencies. Each is optional.
   *
   * @param minMatch share of windows that must match, e.g. {@code 100%} or {@code 0.999}; null for
   *     the default (100%)
   * @param maxP99Ack p99 of the ack latency from the intended send time
   * @param maxP99WindowCompletion p99 from the ack of a window's last click to its final count in
   *     PostgreSQL
   * @param maxP99Visibility p99 from a click's ack to the first count in PostgreSQL that includes
   *     it
   */
  public record Slos(
      String minMatch,
      Duration maxP99Ack,
      Duration maxP99WindowCompletion,
      Duration maxP99Visibility) {
    public static final Slos NONE = new Slos(null, null, null, null);

    @JsonCreator
    public Slos {
      if (minMatch != null) {
        try {
          Shares.parse(minMatch);
        } catch (IllegalArgumentException e) {
          throw fail("minMatch", e.getMessage());
        }
      }
      ceiling("maxP99Ack", maxP99Ack);
      ceiling("maxP99WindowCompletion", maxP99WindowCompletion);
      ceiling("maxP99Visibility", maxP99Visibility);
    }

    private static void ceiling(String field, Duration d) {
      if (d != null && !positive(d)) {
        throw fail(field, "must be > 0, was " + Durations.format(d));
      }
    }

    public boolean none() {
      return minMatch == null
          && maxP99Ack == null
          && maxP99WindowCompletion == null
          && maxP99Visibility == null;
    }
  }

  /**
   * How the embedded pipeline runs this scenario, where the scenario depends on it (its SLOs were
   * set for one engine profile, its faults need exactly-once, say). A command-line option of the
   * same name wins.
   *
   * @param engineProfile the embedded windowed count's engine profile, {@code ksqldb} or {@code
   *     fast}; null for the command line's choice or the default
   * @param processingGuarantee the windowed count's {@code processing.guarantee}, {@code
   *     at_least_once} or {@code exactly_once_v2}; null for the engine profile's
   */
  public record Pipeline(
      @JsonProperty("engineProfile") String engineProfile,
      @JsonProperty("processingGuarantee") String processingGuarantee) {
    public static final Pipeline NONE = new Pipeline(null, null);

    /** The names of the engine profiles (the pipeline package's {@code EngineProfile}). */
    public static final List<String> ENGINE_PROFILES = List.of("ksqldb", "fast");

    /** The processing guarantees (the pipeline package's {@code ProcessingGuarantee}). */
    public static final List<String> PROCESSING_GUARANTEES =
        List.of("at_least_once", "exactly_once_v2");

    @JsonCreator
    public Pipeline {
      oneOf("engineProfile", engineProfile, ENGINE_PROFILES);
      oneOf("processingGuarantee", processingGuarantee, PROCESSING_GUARANTEES);
    }

    private static void oneOf(String field, String value, List<String> allowed) {
      if (value != null && !allowed.contains(value)) {
        throw fail(field, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
      }
    }

    public boolean none() {
      return engineProfile == null && processingGuarantee == null;
    }
  }

  /**
   * A campaign.
   *
   * @param id campaign id, unique within the scenario; the run's prefix is put in front of it on
   *     the wire
   * @param weight relative popularity, > 0 (default 1)
   * @param items ids of the promoted items; a click picks one uniformly
   * @param active offsets during which the campaign runs; empty: the whole scenario (session mode
   *     only)
   * @param boost extra popularity over time: the weight at t is weight × (1 + boost(t)); null: none
   *     (session mode only)
   */
  public record Campaign(
      String id, double weight, List<String> items, List<Interval> active, RateProfile boost) {
    public Campaign {
      if (required("id", id).isBlank()) {
        throw fail("id", "must not be blank");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw fail("weight", "must be > 0, was " + weight);
      }
      if (required("items", items).isEmpty()) {
        throw fail("items", "must list at least one item");
      }
      for (int j = 0; j < items.size(); j++) {
        if (items.get(j) == null || items.get(j).isBlank()) {
          throw fail("items[" + j + "]", "must not be blank");
        }
      }
      items = List.copyOf(items);
      active = active == null ? List.of() : Check.list("active", active);
    }

    public Campaign(String id, double weight, List<String> items) {
      this(id, weight, items, List.of(), null);
    }

    @JsonCreator
    static Campaign fromYaml(
        @JsonProperty("id") String id,
        @JsonProperty("weight") Double weight,
        @JsonProperty("items") List<String> items,
        @JsonProperty("active") List<Interval> active,
        @JsonProperty("boost") RateProfile boost) {
      return new Campaign(id, weight == null ? 1.0 : weight, items, active, boost);
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
    @JsonCreator
    public Interval {
      if (required("from", from).isNegative()) {
        throw fail("from", "must be >= 0, was " + Durations.format(from));
      }
      if (required("to", to).compareTo(from) <= 0) {
        throw fail(
            "to",
            "must be after from (" + Durations.format(from) + "), was " + Durations.format(to));
      }
    }

    public boolean contains(long offsetMs) {
      return offsetMs >= from.toMillis() && offsetMs < to.toMillis();
    }
  }

  /**
   * A click at an exact offset from the anchor. In uniform mode it counts toward {@link
   * Scenario#clicks()}; in session mode it comes on top of the sessions' clicks.
   *
   * @param campaign id of a campaign listed in the scenario
   * @param at offset from the anchor, in [0, duration)
   */
  public record PinnedClick(String campaign, Duration at) {
    @JsonCreator
    public PinnedClick {
      required("campaign", campaign);
      if (required("at", at).isNegative()) {
        throw fail("at", "must be >= 0, was " + Durations.format(at));
      }
    }
  }

  /**
   * The session model. A session lands at an arrival, browses, then clicks a burst on one
   * campaign's items (picked by weight among the campaigns active then), thinks, and with
   * probability {@code another} goes on to a burst on another campaign, else leaves. It also leaves
   * at {@code maxLength} after landing or at the scenario's end.
   *
   * @param arrivals sessions per second over scenario time
   * @param browse time from landing to the first click; a time distribution
   * @param burstSize clicks per burst (at least 1); a count distribution
   * @param clickGap time between the clicks of a burst; a time distribution
   * @param thinkTime time between the last click of a burst and the first of the next; a time
   *     distribution
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
    public static final Distribution DEFAULT_THINK_TIME =
        new Distribution.Exponential(20_000, false);
    public static final double DEFAULT_ANOTHER = 0.3;
    public static final Duration DEFAULT_MAX_LENGTH = Duration.ofMinutes(30);

    public Sessions {
      required("arrivals", arrivals);
      browse = browse == null ? DEFAULT_BROWSE : Distribution.ofTime("browse", browse);
      burstSize =
          burstSize == null ? DEFAULT_BURST_SIZE : Distribution.ofCount("burstSize", burstSize);
      clickGap = clickGap == null ? DEFAULT_CLICK_GAP : Distribution.ofTime("clickGap", clickGap);
      thinkTime =
          thinkTime == null ? DEFAULT_THINK_TIME : Distribution.ofTime("thinkTime", thinkTime);
      if (!(another >= 0 && another <= 1)) {
        throw fail("another", "must be a probability in [0, 1], was " + another);
      }
      maxLength = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
      if (!positive(maxLength)) {
        throw fail("maxLength", "must be > 0, was " + Durations.format(maxLength));
      }
    }

    @JsonCreator
    static Sessions fromYaml(
        @JsonProperty("arrivals") RateProfile arrivals,
        @JsonProperty("browse") @JsonDeserialize(using = YamlValues.TimeDistribution.class)
            Distribution browse,
        @JsonProperty("burstSize") @JsonDeserialize(using = YamlValues.CountDistribution.class)
            Distribution burstSize,
        @JsonProperty("clickGap") @JsonDeserialize(using = YamlValues.TimeDistribution.class)
            Distribution clickGap,
        @JsonProperty("thinkTime") @JsonDeserialize(using = YamlValues.TimeDistribution.class)
            Distribution thinkTime,
        @JsonProperty("another") Double another,
        @JsonProperty("maxLength") Duration maxLength) {
      return new Sessions(
          arrivals,
          browse,
          burstSize,
          clickGap,
          thinkTime,
          another == null ? DEFAULT_ANOTHER : another,
          maxLength);
    }

    public Sessions withArrivals(RateProfile newArrivals) {
      return new Sessions(newArrivals, browse, burstSize, clickGap, thinkTime, another, maxLength);
    }
  }

  /**
   * How deliveries depart from event-time order. Every click is either in order, out of order, or
   * late (never two of these); independently, a share of clicks is delivered a second time.
   *
   * @param outOfOrder clicks delivered up to {@code maxDelay} after their event time; its maxDelay
   *     must be given
   * @param late clicks delivered after their window's end + grace + margin, which the pipeline
   *     drops once stream time has moved on
   * @param duplicates clicks delivered twice, up to {@code maxDelay} apart (default 1 s), as after
   *     an upstream producer's retry
   */
  public record Disorder(Delayed outOfOrder, Late late, Delayed duplicates) {
    public static final Duration DEFAULT_DUPLICATE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LATE_MARGIN = Duration.ofSeconds(10);
    // After the defaults it uses: static fields initialize in order.
    public static final Disorder NONE = new Disorder(null, null, null);

    @JsonCreator
    public Disorder {
      outOfOrder = outOfOrder == null ? new Delayed(0, Duration.ZERO) : outOfOrder;
      required("outOfOrder.maxDelay", outOfOrder.maxDelay());
      late = late == null ? new Late(0, DEFAULT_LATE_MARGIN) : late;
      duplicates =
          duplicates == null
              ? new Delayed(0, DEFAULT_DUPLICATE_DELAY)
              : duplicates.maxDelay() == null
                  ? new Delayed(duplicates.share(), DEFAULT_DUPLICATE_DELAY)
                  : duplicates;
      if (outOfOrder.share() + late.share() > 1) {
        throw fail(
            "late.share",
            "outOfOrder.share + late.share must be <= 1, was "
                + (outOfOrder.share() + late.share()));
      }
    }

    public boolean none() {
      return outOfOrder.share() == 0 && late.share() == 0 && duplicates.share() == 0;
    }
  }

  /**
   * A share of clicks delivered later than in order, by up to {@code maxDelay} (uniform, at least 1
   * ms). A null {@code maxDelay} takes the default of its place in {@link Disorder}.
   */
  public record Delayed(double share, Duration maxDelay) {
    public Delayed {
      Check.share("share", share);
      if (maxDelay != null && share > 0 && !positive(maxDelay)) {
        throw fail("maxDelay", "must be > 0 when share > 0, was " + Durations.format(maxDelay));
      }
    }

    @JsonCreator
    static Delayed fromYaml(
        @JsonProperty("share") @JsonDeserialize(using = YamlValues.Share.class) Double share,
        @JsonProperty("maxDelay") Duration maxDelay) {
      return new Delayed(required("share", share), maxDelay);
    }
  }

  /**
   * A share of clicks delivered at window end + grace + margin + a uniform extra in [0, margin),
   * after their window closed.
   */
  public record Late(double share, Duration margin) {
    public Late {
      Check.share("share", share);
      if (required("margin", margin).isNegative()) {
        throw fail("margin", "must be >= 0, was " + Durations.format(margin));
      }
    }

    @JsonCreator
    static Late fromYaml(
        @JsonProperty("share") @JsonDeserialize(using = YamlValues.Share.class) Double share,
        @JsonProperty("margin") Duration margin) {
      return new Late(
          required("share", share), margin == null ? Disorder.DEFAULT_LATE_MARGIN : margin);
    }
  }
}
