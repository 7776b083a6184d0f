package dev.clicksim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads scenario YAML. Unknown keys, missing required fields and invalid values are rejected with an
 * {@link InvalidScenarioException} whose one-line message names the file, the field path (list indices from 0) and the
 * problem, plus line and column when the YAML parser knows them.
 */
public final class ScenarioLoader {
  /** The classpath index of shipped scenario names, one per line: {@code scenarios/index.txt} in the source tree. */
  static final String INDEX = "/scenarios/index.txt";

  private static final Pattern BUILT_IN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private static final ObjectMapper MAPPER = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ScenarioLoader() {}

  /** Loads a scenario file; the message of any error names the file as given. */
  public static Scenario load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidScenarioException("scenario " + source + ": file not found", e);
    } catch (IOException e) {
      throw new InvalidScenarioException("scenario " + source + ": cannot read: " + e, e);
    }
    return parse(bytes, source, baseName(file.getFileName().toString()));
  }

  /**
   * Loads a built-in scenario: {@code scenarios/<name>.yaml} in the working directory if it exists (so an edited copy
   * wins), else the classpath resource {@code /scenarios/<name>.yaml}.
   */
  public static Scenario loadBuiltIn(String name) {
    if (name == null || !BUILT_IN_NAME.matcher(name).matches()) {
      throw new InvalidScenarioException("scenario '" + name + "': not a valid built-in scenario name");
    }
    Path local = Path.of("scenarios", name + ".yaml");
    if (Files.isRegularFile(local)) {
      return load(local);
    }
    String resource = "/scenarios/" + name + ".yaml";
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidScenarioException("scenario " + name + ": no built-in scenario named '" + name
            + "' (looked for " + local + " and classpath " + resource + ")");
      }
      return parse(in.readAllBytes(), name + ".yaml", name);
    } catch (IOException e) {
      throw new InvalidScenarioException("scenario " + name + ".yaml: cannot read " + resource + ": " + e, e);
    }
  }

  /**
   * A scenario named on the command line: a file when it ends with {@code .yaml}/{@code .yml} or names an existing file,
   * else a built-in scenario.
   */
  public static Scenario resolve(String nameOrFile) {
    if (nameOrFile == null || nameOrFile.isBlank()) {
      throw new InvalidScenarioException("scenario: no scenario name or file given");
    }
    Path file = Path.of(nameOrFile);
    if (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.isRegularFile(file)) {
      return load(file);
    }
    return loadBuiltIn(nameOrFile);
  }

  /** A shipped scenario: its name and where it was found. */
  public record BuiltIn(String name, String location) {}

  /**
   * The shipped scenarios: the {@code *.yaml} files of {@code scenarios/} in the working directory if that folder exists,
   * else the names listed in the classpath resource {@code /scenarios/index.txt} (inside the jar), sorted by name.
   */
  public static List<BuiltIn> listBuiltIn() {
    Path dir = Path.of("scenarios");
    if (Files.isDirectory(dir)) {
      return listDirectory(dir);
    }
    return listClasspath();
  }

  static List<BuiltIn> listDirectory(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
          .map(f -> new BuiltIn(baseName(f.getFileName().toString()), f.toString()))
          .sorted(java.util.Comparator.comparing(BuiltIn::name))
          .toList();
    } catch (IOException e) {
      throw new InvalidScenarioException("scenarios: cannot list " + dir + ": " + e, e);
    }
  }

  static List<BuiltIn> listClasspath() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .sorted()
          .map(n -> new BuiltIn(n, "classpath /scenarios/" + n + ".yaml"))
          .toList();
    } catch (IOException e) {
      throw new InvalidScenarioException("scenarios: cannot read " + INDEX + ": " + e, e);
    }
  }

  /** Parses scenario YAML; {@code source} names it in error messages, {@code defaultName} is used when it has no name. */
  public static Scenario parse(byte[] yaml, String source, String defaultName) {
    ScenarioFile raw;
    try {
      raw = MAPPER.readValue(yaml, ScenarioFile.class);
    } catch (MismatchedInputException e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content to map")) {
        throw new InvalidScenarioException("scenario " + source + ": file is empty", e);
      }
      throw fromJackson(source, e);
    } catch (JsonProcessingException e) {
      throw fromJackson(source, e);
    } catch (IOException e) {
      throw new InvalidScenarioException("scenario " + source + ": cannot read: " + e, e);
    }
    if (raw == null) {
      throw new InvalidScenarioException("scenario " + source + ": file is empty");
    }
    Scenario scenario = toScenario(raw, new Problems(source), defaultName);
    validate(scenario, source);
    return scenario;
  }

  /** Checks the rules a loaded scenario obeys; for scenarios built in code. */
  public static void validate(Scenario s, String source) {
    Problems p = new Problems(source);
    if (s.name().isBlank()) {
      p.fail("name", "must not be blank");
    }
    if (s.duration().isNegative() || s.duration().isZero()) {
      p.fail("duration", "must be > 0, was " + Durations.format(s.duration()));
    }
    if (!(s.speed() > 0)) {
      p.fail("speed", "must be > 0, or max; was " + s.speed());
    }
    if (s.sessionMode()) {
      if (s.clicks() != 0) {
        p.fail("clicks", "cannot be combined with sessions: (clicks: spreads a total uniformly, sessions: simulates"
            + " shoppers; give one)");
      }
      validateSessions(s.sessions(), p);
    } else if (s.clicks() <= 0) {
      p.fail("clicks", "must be > 0, was " + s.clicks());
    }
    if (s.shoppers() <= 0) {
      p.fail("shoppers", "must be > 0, was " + s.shoppers());
    }
    if (s.campaigns().isEmpty()) {
      p.fail("campaigns", "must list at least one campaign");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < s.campaigns().size(); i++) {
      Scenario.Campaign c = s.campaigns().get(i);
      String at = "campaigns[" + i + "]";
      if (c.id().isBlank()) {
        p.fail(at + ".id", "must not be blank");
      }
      if (!ids.add(c.id())) {
        p.fail(at + ".id", "duplicate campaign id '" + c.id() + "'");
      }
      if (!(c.weight() > 0) || Double.isInfinite(c.weight())) {
        p.fail(at + ".weight", "must be > 0, was " + c.weight());
      }
      if (c.items().isEmpty()) {
        p.fail(at + ".items", "must list at least one item");
      }
      for (int j = 0; j < c.items().size(); j++) {
        if (c.items().get(j) == null || c.items().get(j).isBlank()) {
          p.fail(at + ".items[" + j + "]", "must not be blank");
        }
      }
      if (!s.sessionMode() && !c.active().isEmpty()) {
        p.fail(at + ".active", "needs sessions: (with clicks: every campaign runs for the whole scenario)");
      }
      if (!s.sessionMode() && c.boost() != null) {
        p.fail(at + ".boost", "needs sessions: (with clicks: weights are constant)");
      }
      for (int j = 0; j < c.active().size(); j++) {
        Scenario.Interval iv = c.active().get(j);
        if (iv.from().isNegative()) {
          p.fail(at + ".active[" + j + "].from", "must be >= 0, was " + iv.from());
        }
        if (iv.to().compareTo(iv.from()) <= 0) {
          p.fail(at + ".active[" + j + "].to", "must be after from (" + Durations.format(iv.from()) + "), was "
              + Durations.format(iv.to()));
        }
      }
    }
    for (int i = 0; i < s.pinnedClicks().size(); i++) {
      Scenario.PinnedClick pc = s.pinnedClicks().get(i);
      String at = "pinnedClicks[" + i + "]";
      if (!ids.contains(pc.campaign())) {
        p.fail(at + ".campaign", "unknown campaign '" + pc.campaign() + "' (campaigns: "
            + s.campaigns().stream().map(Scenario.Campaign::id).collect(Collectors.joining(", ")) + ")");
      }
      if (pc.at().isNegative()) {
        p.fail(at + ".at", "must be >= 0, was " + pc.at());
      }
      if (pc.at().compareTo(s.duration()) >= 0) {
        p.fail(at + ".at", "must be < duration (" + Durations.format(s.duration()) + "), was "
            + Durations.format(pc.at()));
      }
    }
    if (!s.sessionMode() && s.pinnedClicks().size() > s.clicks()) {
      p.fail("clicks", "must be >= the number of pinned clicks (" + s.pinnedClicks().size() + "), was " + s.clicks());
    }
    validateDisorder(s.disorder(), p);
    validateSlos(s.slos(), p);
  }

  private static void validateSessions(Scenario.Sessions ss, Problems p) {
    if (!(ss.another() >= 0 && ss.another() <= 1)) {
      p.fail("sessions.another", "must be a probability in [0, 1], was " + ss.another());
    }
    if (ss.maxLength().isNegative() || ss.maxLength().isZero()) {
      p.fail("sessions.maxLength", "must be > 0, was " + Durations.format(ss.maxLength()));
    }
  }

  private static void validateSlos(Scenario.Slos slos, Problems p) {
    if (slos.minMatch() != null) {
      try {
        Shares.parse(slos.minMatch());
      } catch (IllegalArgumentException e) {
        p.fail("slos.minMatch", e.getMessage());
      }
    }
    for (var e : java.util.Map.of("slos.maxP99Ack", java.util.Optional.ofNullable(slos.maxP99Ack()),
        "slos.maxP99WindowCompletion", java.util.Optional.ofNullable(slos.maxP99WindowCompletion()),
        "slos.maxP99Visibility", java.util.Optional.ofNullable(slos.maxP99Visibility())).entrySet()) {
      if (e.getValue().isPresent() && (e.getValue().get().isNegative() || e.getValue().get().isZero())) {
        p.fail(e.getKey(), "must be > 0, was " + Durations.format(e.getValue().get()));
      }
    }
  }

  private static void validateDisorder(Scenario.Disorder d, Problems p) {
    share(p, "disorder.outOfOrder.share", d.outOfOrder().share());
    share(p, "disorder.late.share", d.late().share());
    share(p, "disorder.duplicates.share", d.duplicates().share());
    if (d.outOfOrder().share() + d.late().share() > 1) {
      p.fail("disorder.late.share", "outOfOrder.share + late.share must be <= 1, was "
          + (d.outOfOrder().share() + d.late().share()));
    }
    if (d.outOfOrder().share() > 0 && !positive(d.outOfOrder().maxDelay())) {
      p.fail("disorder.outOfOrder.maxDelay", "must be > 0 when share > 0, was "
          + Durations.format(d.outOfOrder().maxDelay()));
    }
    if (d.duplicates().share() > 0 && !positive(d.duplicates().maxDelay())) {
      p.fail("disorder.duplicates.maxDelay", "must be > 0 when share > 0, was "
          + Durations.format(d.duplicates().maxDelay()));
    }
    if (d.late().margin().isNegative()) {
      p.fail("disorder.late.margin", "must be >= 0, was " + Durations.format(d.late().margin()));
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void share(Problems p, String path, double v) {
    if (!(v >= 0 && v <= 1)) {
      p.fail(path, "must be a share in [0, 1], was " + v);
    }
  }

  private static Scenario toScenario(ScenarioFile raw, Problems p, String defaultName) {
    List<Scenario.Campaign> campaigns = new ArrayList<>();
    List<CampaignEntry> rawCampaigns = p.required("campaigns", raw.campaigns);
    for (int i = 0; i < rawCampaigns.size(); i++) {
      String at = "campaigns[" + i + "]";
      CampaignEntry c = p.required(at, rawCampaigns.get(i));
      List<Scenario.Interval> active = new ArrayList<>();
      List<IntervalEntry> rawActive = c.active == null ? List.of() : c.active;
      for (int j = 0; j < rawActive.size(); j++) {
        String ai = at + ".active[" + j + "]";
        IntervalEntry iv = p.required(ai, rawActive.get(j));
        active.add(new Scenario.Interval(p.required(ai + ".from", iv.from), p.required(ai + ".to", iv.to)));
      }
      campaigns.add(new Scenario.Campaign(
          p.required(at + ".id", c.id),
          c.weight == null ? 1.0 : c.weight,
          p.required(at + ".items", c.items),
          active,
          c.boost));
    }
    List<Scenario.PinnedClick> pinned = new ArrayList<>();
    List<PinnedEntry> rawPinned = raw.pinnedClicks == null ? List.of() : raw.pinnedClicks;
    for (int i = 0; i < rawPinned.size(); i++) {
      String at = "pinnedClicks[" + i + "]";
      PinnedEntry pc = p.required(at, rawPinned.get(i));
      pinned.add(new Scenario.PinnedClick(p.required(at + ".campaign", pc.campaign), p.required(at + ".at", pc.at)));
    }
    Scenario.Sessions sessions = null;
    if (raw.sessions != null) {
      if (raw.clicks != null) {
        p.fail("sessions", "cannot be combined with clicks: (clicks: spreads a total uniformly, sessions: simulates"
            + " shoppers; give one)");
      }
      SessionsEntry se = raw.sessions;
      sessions = new Scenario.Sessions(p.required("sessions.arrivals", se.arrivals), se.browse, se.burstSize,
          se.clickGap, se.thinkTime, se.another == null ? Scenario.Sessions.DEFAULT_ANOTHER : se.another,
          se.maxLength);
    } else if (raw.clicks == null) {
      p.fail("clicks", "is required (or sessions: for a session model)");
    }
    Scenario.Disorder disorder = Scenario.Disorder.NONE;
    if (raw.disorder != null) {
      DisorderEntry d = raw.disorder;
      disorder = new Scenario.Disorder(
          d.outOfOrder == null ? null : new Scenario.Delayed(
              p.required("disorder.outOfOrder.share", d.outOfOrder.share),
              p.required("disorder.outOfOrder.maxDelay", d.outOfOrder.maxDelay)),
          d.late == null ? null : new Scenario.Late(p.required("disorder.late.share", d.late.share),
              d.late.margin == null ? Scenario.Disorder.DEFAULT_LATE_MARGIN : d.late.margin),
          d.duplicates == null ? null : new Scenario.Delayed(p.required("disorder.duplicates.share", d.duplicates.share),
              d.duplicates.maxDelay == null ? Scenario.Disorder.DEFAULT_DUPLICATE_DELAY : d.duplicates.maxDelay));
    }
    return new Scenario(
        raw.name == null ? defaultName : raw.name,
        raw.description,
        p.required("seed", raw.seed),
        p.required("duration", raw.duration),
        raw.speed == null ? Scenario.MAX_SPEED : raw.speed,
        raw.clicks == null ? 0 : raw.clicks,
        campaigns,
        raw.shoppers == null ? Scenario.DEFAULT_SHOPPERS : raw.shoppers,
        pinned,
        sessions,
        disorder,
        raw.slos == null ? Scenario.Slos.NONE : new Scenario.Slos(raw.slos.minMatch, raw.slos.maxP99Ack, raw.slos.maxP99WindowCompletion,
            raw.slos.maxP99Visibility));
  }

  private static InvalidScenarioException fromJackson(String source, JsonProcessingException e) {
    String path = "";
    String problem;
    if (e instanceof UnrecognizedPropertyException u) {
      path = pathOf(u);
      Set<String> known = new TreeSet<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      }
      problem = "unknown field '" + u.getPropertyName() + "' (known fields: " + String.join(", ", known) + ")";
    } else {
      if (e instanceof JsonMappingException m) {
        path = pathOf(m);
      }
      problem = firstLine(e.getOriginalMessage());
    }
    StringBuilder msg = new StringBuilder("scenario ").append(source).append(", ");
    if (!path.isEmpty()) {
      msg.append(path).append(": ");
    }
    msg.append(problem);
    JsonLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      msg.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
    }
    return new InvalidScenarioException(msg.toString(), e);
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid YAML";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String baseName(String fileName) {
    return fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
        : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }

  /** Fails fast with the file and path in the message. */
  private static final class Problems {
    private final String source;

    Problems(String source) {
      this.source = source;
    }

    <T> T required(String path, T value) {
      if (value == null) {
        fail(path, "is required");
      }
      return value;
    }

    void fail(String path, String problem) {
      throw new InvalidScenarioException("scenario " + source + ", " + path + ": " + problem);
    }
  }

  // The file's shape. Boxed types so a missing field is told apart from zero.
  static final class ScenarioFile {
    public String name;
    public String description;
    public Long seed;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration duration;
    @JsonDeserialize(using = YamlValues.SpeedDeserializer.class)
    public Double speed;
    public Long clicks;
    public Long shoppers;
    public List<CampaignEntry> campaigns;
    public List<PinnedEntry> pinnedClicks;
    public SessionsEntry sessions;
    public DisorderEntry disorder;
    public SlosEntry slos;
  }

  static final class SlosEntry {
    public String minMatch;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration maxP99Ack;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration maxP99WindowCompletion;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration maxP99Visibility;
  }

  static final class CampaignEntry {
    public String id;
    public Double weight;
    public List<String> items;
    public List<IntervalEntry> active;
    @JsonDeserialize(using = YamlValues.RateProfileDeserializer.class)
    public RateProfile boost;
  }

  static final class IntervalEntry {
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration from;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration to;
  }

  static final class PinnedEntry {
    public String campaign;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration at;
  }

  static final class SessionsEntry {
    @JsonDeserialize(using = YamlValues.RateProfileDeserializer.class)
    public RateProfile arrivals;
    @JsonDeserialize(using = YamlValues.TimeDistributionDeserializer.class)
    public Distribution browse;
    @JsonDeserialize(using = YamlValues.CountDistributionDeserializer.class)
    public Distribution burstSize;
    @JsonDeserialize(using = YamlValues.TimeDistributionDeserializer.class)
    public Distribution clickGap;
    @JsonDeserialize(using = YamlValues.TimeDistributionDeserializer.class)
    public Distribution thinkTime;
    public Double another;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration maxLength;
  }

  static final class DisorderEntry {
    public DelayedEntry outOfOrder;
    public LateEntry late;
    public DelayedEntry duplicates;
  }

  static final class DelayedEntry {
    public Double share;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration maxDelay;
  }

  static final class LateEntry {
    public Double share;
    @JsonDeserialize(using = YamlValues.DurationDeserializer.class)
    public Duration margin;
  }
}
