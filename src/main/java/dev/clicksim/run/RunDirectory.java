package dev.clicksim.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.truth.TruthFile;
import dev.clicksim.truth.TruthJournal;
import dev.clicksim.truth.WindowTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code runs/<id>/}: what one run sent and must be counted. {@code run.json} holds the scenario,
 * seed, anchor and campaign prefix; {@code truth.csv} the expected count of every (campaign,
 * window). While a run sends, {@code truth.journal} records the truth of its acknowledged clicks as
 * they are acknowledged; a run that could not write run.json and truth.csv when it ended (a run
 * directory made read-only, a halted process) is read from its journal instead.
 */
public final class RunDirectory {

  public static final String RUN_FILE = "run.json";
  public static final String TRUTH_FILE = "truth.csv";
  public static final String JOURNAL_FILE = "truth.journal";

  /** When each window completed and the table caught up, on the run's clock, for verify. */
  public static final String TIMELINE_FILE = "timeline.json";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper ONE_LINE_JSON = new ObjectMapper();

  private final Path dir;

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * Information about a run, as written in {@code run.json}.
   *
   * @param faults the faults that fired, in the order they fired; empty when none did
   */
  public record RunInfo(
      String runId,
      String scenario,
      long seed,
      long anchorMs,
      String campaignPrefix,
      long windowSizeMs,
      long graceMs,
      long clicksSent,
      long clicksExpected,
      long clicksDroppedLate,
      long duplicates,
      String target,
      Map<String, String> settings,
      List<RunFault> faults) {

    public RunInfo {
      settings = settings == null ? Map.of() : Map.copyOf(settings);
      faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** A run during which no fault fired. */
    public RunInfo(
        String runId,
        String scenario,
        long seed,
        long anchorMs,
        String campaignPrefix,
        long windowSizeMs,
        long graceMs,
        long clicksSent,
        long clicksExpected,
        long clicksDroppedLate,
        long duplicates,
        String target,
        Map<String, String> settings) {
      this(
          runId,
          scenario,
          seed,
          anchorMs,
          campaignPrefix,
          windowSizeMs,
          graceMs,
          clicksSent,
          clicksExpected,
          clicksDroppedLate,
          duplicates,
          target,
          settings,
          List.of());
    }
  }

  /**
   * A new run directory named after the start time and scenario, e.g. {@code
   * runs/20261128-010203-smoke}.
   */
  public static RunDirectory create(Path runsDir, Instant start, String scenario) {
    String base = ID_TIME.format(start) + "-" + scenario;
    try {
      Files.createDirectories(runsDir);
      for (int i = 0; ; i++) {
        Path candidate = runsDir.resolve(i == 0 ? base : base + "-" + i);
        try {
          Files.createDirectory(candidate);
          return new RunDirectory(candidate);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // two runs in the same second: take the next suffix
        }
      }
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot create a run directory in " + runsDir + ": " + e.getMessage(),
          e);
    }
  }

  /** A run directory given by the user; what is missing is named exactly. */
  public static RunDirectory open(Path dir) {
    if (!Files.exists(dir)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE, "run directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "run directory " + dir + " is not a directory");
    }
    Optional<String> missing = missing(dir);
    if (missing.isPresent() && !Files.isRegularFile(dir.resolve(JOURNAL_FILE))) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "run directory " + dir + " has no " + missing.get());
    }
    return new RunDirectory(dir);
  }

  /**
   * Whether this run's truth comes from its journal: it lacks run.json or truth.csv (it could not
   * write them when it ended) and has a journal.
   */
  public boolean readsJournal() {
    return missing(dir).isPresent() && Files.isRegularFile(dir.resolve(JOURNAL_FILE));
  }

  /** Which of run.json and truth.csv the directory lacks, e.g. "truth.csv". */
  private static Optional<String> missing(Path dir) {
    boolean info = Files.isRegularFile(dir.resolve(RUN_FILE));
    boolean truth = Files.isRegularFile(dir.resolve(TRUTH_FILE));
    if (info && truth) {
      return Optional.empty();
    }
    if (!info && !truth) {
      return Optional.of(RUN_FILE + " and no " + TRUTH_FILE);
    }
    return Optional.of(info ? TRUTH_FILE : RUN_FILE);
  }

  /**
   * The run {@link #latest} picked, and the run directories newer than it that it passed over
   * because they are incomplete (a run interrupted before it wrote its truth, or still running).
   *
   * @param passedOver each such directory and what it lacks, the newest first
   */
  public record LatestRun(RunDirectory run, List<Incomplete> passedOver) {

    public LatestRun {
      passedOver = List.copyOf(passedOver);
    }

    /**
     * One line saying which run is used and why, e.g. "runs/X has no truth.csv (interrupted?);
     * verifying runs/Y, the latest complete run".
     *
     * @param using what the command does with the run: "verifying"
     */
    public String describe(String using) {
      String picked = using + " " + run.path() + ", the latest complete run";
      if (passedOver.isEmpty()) {
        return picked;
      }
      String more =
          passedOver.size() == 1
              ? ""
              : ", and "
                  + (passedOver.size() - 1)
                  + " more run "
                  + (passedOver.size() == 2 ? "directory" : "directories")
                  + " newer than "
                  + run.path()
                  + " "
                  + (passedOver.size() == 2 ? "is" : "are")
                  + " incomplete";
      return passedOver.get(0).describe() + more + "; " + picked;
    }
  }

  /** A run directory without its run.json or truth.csv. */
  public record Incomplete(Path dir, String missing) {
    /**
     * E.g. "runs/X has no truth.csv (interrupted?)", or, when it has a journal, "runs/X has no
     * truth.csv (interrupted, or still running?; verify --run runs/X reads its truth.journal)".
     */
    public String describe() {
      return dir
          + " has no "
          + missing
          + (Files.isRegularFile(dir.resolve(JOURNAL_FILE))
              ? " (interrupted, or still running?; verify --run "
                  + dir
                  + " reads its "
                  + JOURNAL_FILE
                  + ")"
              : " (interrupted?)");
    }
  }

  /**
   * The most recent complete run under {@code runsDir}: the one whose truth was written last (the
   * truth is written when a run ends), and the incomplete directories newer than it.
   */
  public static LatestRun latest(Path runsDir) {
    if (!Files.isDirectory(runsDir)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "no runs in " + runsDir + "; run clicksim run first or give --run DIR");
    }
    List<Path> dirs;
    try (Stream<Path> listed = Files.list(runsDir)) {
      dirs = listed.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "cannot list " + runsDir + ": " + e.getMessage(),
          e);
    }
    Comparator<Path> byTruthTime =
        Comparator.comparing((Path d) -> lastModified(d.resolve(TRUTH_FILE)))
            .thenComparing(d -> d.getFileName().toString());
    Optional<Path> latest = dirs.stream().filter(d -> missing(d).isEmpty()).max(byTruthTime);
    java.nio.file.attribute.FileTime since =
        latest
            .map(d -> lastModified(d.resolve(TRUTH_FILE)))
            .orElse(java.nio.file.attribute.FileTime.fromMillis(Long.MIN_VALUE));
    // A directory's time is that of its last new entry: for a run, when it last wrote a file.
    List<Incomplete> passedOver =
        dirs.stream()
            .filter(d -> missing(d).isPresent() && lastModified(d).compareTo(since) > 0)
            .sorted(
                Comparator.comparing(RunDirectory::lastModified)
                    .thenComparing(d -> d.getFileName().toString())
                    .reversed())
            .map(d -> new Incomplete(d, missing(d).orElseThrow()))
            .toList();
    if (latest.isEmpty()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "no complete run in "
              + runsDir
              + (passedOver.isEmpty() ? "" : " (" + passedOver.get(0).describe() + ")")
              + "; run clicksim run first or give --run DIR");
    }
    return new LatestRun(new RunDirectory(latest.get()), passedOver);
  }

  private static java.nio.file.attribute.FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  public Path path() {
    return dir;
  }

  public String id() {
    return dir.getFileName().toString();
  }

  public void writeTruth(List<WindowTruth> windows) {
    TruthFile.write(dir.resolve(TRUTH_FILE), windows);
  }

  /** truth.csv, or the truth its journal holds when the run could not write truth.csv. */
  public List<WindowTruth> readTruth() {
    Path truth = dir.resolve(TRUTH_FILE);
    if (!Files.exists(truth) && Files.isRegularFile(dir.resolve(JOURNAL_FILE))) {
      return TruthJournal.read(dir.resolve(JOURNAL_FILE)).windows();
    }
    return TruthFile.read(truth);
  }

  /**
   * Starts the run's journal, which records the truth as clicks are acknowledged.
   *
   * @param info the run as far as it is known before sending: the clicks' counts are taken from the
   *     journal's windows when it is read
   */
  public TruthJournal startJournal(RunInfo info) {
    try {
      return TruthJournal.create(
          dir.resolve(JOURNAL_FILE), ONE_LINE_JSON.writeValueAsString(document(info)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("run.json of " + dir + " cannot be written as JSON", e);
    }
  }

  /**
   * Writes how the table kept up during the run, as the verification right after it measured it: a
   * later verify reads it back.
   */
  public void writeTimeline(dev.clicksim.verify.TableTimeline timeline) {
    Path file = dir.resolve(TIMELINE_FILE);
    try {
      ONE_LINE_JSON.writeValue(file.toFile(), timeline);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write " + file + ": " + TruthFile.describe(e),
          e);
    }
  }

  /** The timeline a verification right after the run wrote; empty when there is none. */
  public Optional<dev.clicksim.verify.TableTimeline> readTimeline() {
    Path file = dir.resolve(TIMELINE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ONE_LINE_JSON.readValue(file.toFile(), dev.clicksim.verify.TableTimeline.class));
    } catch (IOException | RuntimeException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "cannot read " + file + ": it is not a timeline clicksim wrote",
          e);
    }
  }

  /** Removes the journal once run.json and truth.csv hold all it did; a failure changes nothing. */
  public void removeJournal() {
    try {
      Files.deleteIfExists(dir.resolve(JOURNAL_FILE));
    } catch (IOException e) {
      // the journal says the same as the two files, and verify reads the files first
    }
  }

  public void writeInfo(RunInfo info) {
    try {
      JSON.writeValue(dir.resolve(RUN_FILE).toFile(), document(info));
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write " + dir.resolve(RUN_FILE) + ": " + TruthFile.describe(e),
          e);
    }
  }

  private static Map<String, Object> document(RunInfo info) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("runId", info.runId());
    doc.put("scenario", info.scenario());
    doc.put("seed", info.seed());
    doc.put("anchorMs", info.anchorMs());
    doc.put("anchor", Instant.ofEpochMilli(info.anchorMs()).toString());
    doc.put("campaignPrefix", info.campaignPrefix());
    doc.put("windowSizeMs", info.windowSizeMs());
    doc.put("graceMs", info.graceMs());
    doc.put("clicksSent", info.clicksSent());
    doc.put("clicksExpected", info.clicksExpected());
    doc.put("clicksDroppedLate", info.clicksDroppedLate());
    doc.put("duplicates", info.duplicates());
    doc.put("target", info.target());
    doc.put("settings", new java.util.TreeMap<>(info.settings()));
    List<Map<String, Object>> faults = new java.util.ArrayList<>();
    for (RunFault f : info.faults()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fault", f.fault());
      m.put("action", f.action());
      m.put("target", f.target());
      m.put("for", f.length());
      m.put("at", f.at());
      m.put("scenarioOffsetMs", f.scenarioOffsetMs());
      m.put("firedAtMs", f.firedAtMs());
      m.put(
          "firedAt", f.firedAtMs() == null ? null : Instant.ofEpochMilli(f.firedAtMs()).toString());
      m.put("secondsSinceSendStart", f.firedSeconds());
      m.put("doneSecondsSinceSendStart", f.doneSeconds());
      m.put("what", f.what());
      m.put("failed", f.failed());
      faults.add(m);
    }
    doc.put("faults", faults);
    return doc;
  }

  /**
   * What a run directory says: its run.json and its truth, each read once and checked, so that a
   * damaged run is refused before any stack starts.
   */
  public record Loaded(RunDirectory directory, RunInfo info, List<WindowTruth> truth) {

    public Loaded {
      truth = List.copyOf(truth);
    }

    public Path path() {
      return directory.path();
    }

    public String id() {
      return directory.id();
    }
  }

  /** Reads and checks run.json, then truth.csv. */
  public Loaded load() {
    RunInfo info = readInfo();
    return new Loaded(this, info, readTruth());
  }

  /**
   * run.json, every field checked: a run without its campaign prefix would verify every run. A run
   * that could not write run.json is described by its journal, its click counts summed from the
   * journal's windows.
   */
  public RunInfo readInfo() {
    Path file = dir.resolve(RUN_FILE);
    Path journal = dir.resolve(JOURNAL_FILE);
    if (!Files.exists(file) && Files.isRegularFile(journal)) {
      return infoFromJournal(journal);
    }
    JsonNode d;
    try {
      d = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          file
              + ": not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"),
          e);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return info(new RunInfoFields(file, d));
  }

  private static RunInfo infoFromJournal(Path journal) {
    TruthJournal.Contents contents = TruthJournal.read(journal);
    JsonNode d;
    try {
      d = JSON.readTree(contents.run());
    } catch (JsonProcessingException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          journal + ", line 2: the run's description is not valid JSON",
          e);
    }
    RunInfo started = info(new RunInfoFields(journal, d));
    List<WindowTruth> windows = contents.windows();
    return new RunInfo(
        started.runId(),
        started.scenario(),
        started.seed(),
        started.anchorMs(),
        started.campaignPrefix(),
        started.windowSizeMs(),
        started.graceMs(),
        windows.stream().mapToLong(WindowTruth::sent).sum(),
        windows.stream().mapToLong(WindowTruth::expectedCount).sum(),
        windows.stream().mapToLong(WindowTruth::droppedLate).sum(),
        windows.stream().mapToLong(WindowTruth::duplicates).sum(),
        started.target(),
        started.settings(),
        started.faults());
  }

  private static RunInfo info(RunInfoFields f) {
    return new RunInfo(
        f.text("runId"),
        f.text("scenario"),
        f.integer("seed"),
        f.integer("anchorMs"),
        f.text("campaignPrefix"),
        f.positive("windowSizeMs"),
        f.count("graceMs"),
        f.count("clicksSent"),
        f.count("clicksExpected"),
        f.count("clicksDroppedLate"),
        f.count("duplicates"),
        f.text("target"),
        f.settings(),
        f.faults());
  }

  /** The fields of one run.json, each refused with the file and the field's name. */
  private static final class RunInfoFields {
    private final Path file;
    private final JsonNode doc;

    RunInfoFields(Path file, JsonNode doc) {
      this.file = file;
      this.doc = doc;
      if (doc == null || !doc.isObject()) {
        throw invalid(
            "expected a JSON object, got "
                + (doc == null || doc.isMissingNode()
                    ? "nothing"
                    : doc.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
      }
    }

    private ClicksimFailure invalid(String problem) {
      return new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, file + ": " + problem);
    }

    private JsonNode required(String field) {
      JsonNode value = doc.get(field);
      if (value == null || value.isNull()) {
        throw invalid(field + " is missing");
      }
      return value;
    }

    String text(String field) {
      JsonNode value = required(field);
      if (!value.isTextual()) {
        throw invalid(field + " is not a string: " + value);
      }
      if (value.asText().isBlank()) {
        throw invalid(field + " is empty");
      }
      return value.asText();
    }

    long integer(String field) {
      JsonNode value = required(field);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw invalid(field + " is not an integer: " + value);
      }
      return value.asLong();
    }

    long count(String field) {
      long value = integer(field);
      if (value < 0) {
        throw invalid(field + " is negative: " + value);
      }
      return value;
    }

    long positive(String field) {
      long value = integer(field);
      if (value <= 0) {
        throw invalid(field + " must be > 0, was " + value);
      }
      return value;
    }

    /**
     * Optional: a run.json written before faults were recorded as data has none, and its {@code
     * fault.N} settings, one line per fault, are read back instead.
     */
    List<RunFault> faults() {
      JsonNode node = doc.get("faults");
      if (node == null || node.isNull()) {
        List<RunFault> described = new java.util.ArrayList<>();
        Map<String, String> settings = settings();
        for (int i = 1; settings.containsKey("fault." + i); i++) {
          RunFault.fromDescription(settings.get("fault." + i)).ifPresent(described::add);
        }
        return described;
      }
      if (!node.isArray()) {
        throw invalid("faults is not a list: " + node);
      }
      List<RunFault> faults = new java.util.ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode f = node.get(i);
        String at = "faults[" + i + "]";
        if (!f.isObject()) {
          throw invalid(at + " is not an object: " + f);
        }
        faults.add(
            new RunFault(
                text(f, at, "fault", false),
                text(f, at, "action", false),
                text(f, at, "target", false),
                text(f, at, "for", true),
                text(f, at, "at", false),
                number(f, at, "scenarioOffsetMs", false).longValue(),
                optionalLong(f, at, "firedAtMs"),
                number(f, at, "secondsSinceSendStart", false).doubleValue(),
                optionalDouble(f, at, "doneSecondsSinceSendStart"),
                text(f, at, "what", false),
                bool(f, at, "failed")));
      }
      return faults;
    }

    private String text(JsonNode f, String at, String field, boolean nullable) {
      JsonNode v = f.get(field);
      if (v == null || v.isNull()) {
        if (nullable) {
          return null;
        }
        throw invalid(at + "." + field + " is missing");
      }
      if (!v.isTextual()) {
        throw invalid(at + "." + field + " is not a string: " + v);
      }
      return v.asText();
    }

    private Number number(JsonNode f, String at, String field, boolean nullable) {
      JsonNode v = f.get(field);
      if (v == null || v.isNull()) {
        if (nullable) {
          return null;
        }
        throw invalid(at + "." + field + " is missing");
      }
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw invalid(at + "." + field + " is not a number: " + v);
      }
      if (field.endsWith("Ms") && (!v.isIntegralNumber() || !v.canConvertToLong())) {
        throw invalid(at + "." + field + " is not an integer: " + v);
      }
      return v.numberValue();
    }

    private Long optionalLong(JsonNode f, String at, String field) {
      Number n = number(f, at, field, true);
      return n == null ? null : n.longValue();
    }

    private Double optionalDouble(JsonNode f, String at, String field) {
      Number n = number(f, at, field, true);
      return n == null ? null : n.doubleValue();
    }

    private boolean bool(JsonNode f, String at, String field) {
      JsonNode v = f.get(field);
      if (v == null || v.isNull()) {
        throw invalid(at + "." + field + " is missing");
      }
      if (!v.isBoolean()) {
        throw invalid(at + "." + field + " is not true or false: " + v);
      }
      return v.asBoolean();
    }

    /** Optional: run.json files written before the settings were recorded have none. */
    Map<String, String> settings() {
      JsonNode node = doc.get("settings");
      Map<String, String> m = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return m;
      }
      if (!node.isObject()) {
        throw invalid("settings is not an object: " + node);
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isValueNode() || e.getValue().isNull()) {
          throw invalid("settings." + e.getKey() + " is not a value: " + e.getValue());
        }
        m.put(e.getKey(), e.getValue().asText());
      }
      return m;
    }
  }
}
