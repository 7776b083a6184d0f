package dev.clicksim.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.truth.TruthFile;
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
 * window).
 */
public final class RunDirectory {

  public static final String RUN_FILE = "run.json";
  public static final String TRUTH_FILE = "truth.csv";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /** Information about a run, as written in {@code run.json}. */
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
      Map<String, String> settings) {

    public RunInfo {
      settings = settings == null ? Map.of() : Map.copyOf(settings);
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

  public static RunDirectory open(Path dir) {
    if (!Files.isRegularFile(dir.resolve(RUN_FILE))
        || !Files.isRegularFile(dir.resolve(TRUTH_FILE))) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "run directory " + dir + " has no " + RUN_FILE + " and " + TRUTH_FILE);
    }
    return new RunDirectory(dir);
  }

  /**
   * The most recent complete run under {@code runsDir}: ids start with the UTC start time, so the
   * greatest name.
   */
  public static RunDirectory latest(Path runsDir) {
    if (!Files.isDirectory(runsDir)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "no runs in " + runsDir + "; run clicksim run first or give --run DIR");
    }
    try (Stream<Path> dirs = Files.list(runsDir)) {
      Optional<Path> latest =
          dirs.filter(
                  d ->
                      Files.isRegularFile(d.resolve(TRUTH_FILE))
                          && Files.isRegularFile(d.resolve(RUN_FILE)))
              .max(
                  Comparator.comparing((Path d) -> lastModified(d.resolve(TRUTH_FILE)))
                      .thenComparing(d -> d.getFileName().toString()));
      return new RunDirectory(
          latest.orElseThrow(
              () ->
                  new ClicksimFailure(
                      ClicksimFailure.Kind.MISSING_RESOURCE,
                      "no complete run in "
                          + runsDir
                          + "; run clicksim run first or give --run DIR")));
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "cannot list " + runsDir + ": " + e.getMessage(),
          e);
    }
  }

  /** The truth is written when a run ends, so the latest run is the one whose truth is newest. */
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

  public List<WindowTruth> readTruth() {
    return TruthFile.read(dir.resolve(TRUTH_FILE));
  }

  public void writeInfo(RunInfo info) {
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
    try {
      JSON.writeValue(dir.resolve(RUN_FILE).toFile(), doc);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write " + dir.resolve(RUN_FILE) + ": " + e.getMessage(),
          e);
    }
  }

  private static Map<String, String> settings(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  public RunInfo readInfo() {
    Path file = dir.resolve(RUN_FILE);
    try {
      JsonNode d = JSON.readTree(file.toFile());
      return new RunInfo(
          d.path("runId").asText(),
          d.path("scenario").asText(),
          d.path("seed").asLong(),
          d.path("anchorMs").asLong(),
          d.path("campaignPrefix").asText(),
          d.path("windowSizeMs").asLong(),
          d.path("graceMs").asLong(),
          d.path("clicksSent").asLong(),
          d.path("clicksExpected").asLong(),
          d.path("clicksDroppedLate").asLong(),
          d.path("duplicates").asLong(),
          d.path("target").asText(),
          settings(d.path("settings")));
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
