package dev.clicksim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    if (s.clicks() <= 0) {
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
    if (s.pinnedClicks().size() > s.clicks()) {
      p.fail("clicks", "must be >= the number of pinned clicks (" + s.pinnedClicks().size() + "), was " + s.clicks());
    }
  }

  private static Scenario toScenario(ScenarioFile raw, Problems p, String defaultName) {
    List<Scenario.Campaign> campaigns = new ArrayList<>();
    List<CampaignEntry> rawCampaigns = p.required("campaigns", raw.campaigns);
    for (int i = 0; i < rawCampaigns.size(); i++) {
      String at = "campaigns[" + i + "]";
      CampaignEntry c = p.required(at, rawCampaigns.get(i));
      campaigns.add(new Scenario.Campaign(
          p.required(at + ".id", c.id),
          c.weight == null ? 1.0 : c.weight,
          p.required(at + ".items", c.items)));
    }
    List<Scenario.PinnedClick> pinned = new ArrayList<>();
    List<PinnedEntry> rawPinned = raw.pinnedClicks == null ? List.of() : raw.pinnedClicks;
    for (int i = 0; i < rawPinned.size(); i++) {
      String at = "pinnedClicks[" + i + "]";
      PinnedEntry pc = p.required(at, rawPinned.get(i));
      pinned.add(new Scenario.PinnedClick(
          p.required(at + ".campaign", pc.campaign),
          p.duration(at + ".at", p.required(at + ".at", pc.at))));
    }
    return new Scenario(
        raw.name == null ? defaultName : raw.name,
        raw.description,
        p.required("seed", raw.seed),
        p.duration("duration", p.required("duration", raw.duration)),
        p.required("clicks", raw.clicks),
        campaigns,
        p.required("shoppers", raw.shoppers),
        pinned);
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

    Duration duration(String path, String text) {
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidScenarioException("scenario " + source + ", " + path + ": " + e.getMessage());
      }
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
    public String duration;
    public Long clicks;
    public List<CampaignEntry> campaigns;
    public Long shoppers;
    public List<PinnedEntry> pinnedClicks;
  }

  static final class CampaignEntry {
    public String id;
    public Double weight;
    public List<String> items;
  }

  static final class PinnedEntry {
    public String campaign;
    public String at;
  }
}
