package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.truth.WindowTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory names exactly what it lacks or what is wrong in it. */
class RunDirectoryTest {

  @TempDir Path runs;

  private static final RunDirectory.RunInfo INFO =
      new RunDirectory.RunInfo(
          "20261128-010000-smoke",
          "smoke",
          7,
          1_700_000_000_000L,
          "rabc12.",
          120_000,
          60_000,
          10,
          9,
          1,
          0,
          "embedded",
          Map.of("streams.cache.max.bytes", "0"));

  private static final List<WindowTruth> TRUTH =
      List.of(new WindowTruth("rabc12.spring-sale", 0, 120_000, 10, 9, 1, 0));

  /** A run as clicksim writes it, started at {@code hhmmss} on 2026-11-28. */
  private Path complete(String hhmmss, long truthWrittenAtMs) throws IOException {
    Instant start =
        Instant.parse(
            "2026-11-28T"
                + hhmmss.substring(0, 2)
                + ":"
                + hhmmss.substring(2, 4)
                + ":"
                + hhmmss.substring(4)
                + "Z");
    RunDirectory run = RunDirectory.create(runs, start, "smoke");
    run.writeTruth(TRUTH);
    run.writeInfo(INFO);
    Files.setLastModifiedTime(
        run.path().resolve(RunDirectory.TRUTH_FILE), FileTime.fromMillis(truthWrittenAtMs));
    return run.path();
  }

  private Path incomplete(String name, long lastWriteMs, String... files) throws IOException {
    Path dir = Files.createDirectories(runs.resolve(name));
    for (String f : files) {
      Files.writeString(dir.resolve(f), "");
    }
    Files.setLastModifiedTime(dir, FileTime.fromMillis(lastWriteMs));
    return dir;
  }

  private static void assertFailure(Runnable action, ClicksimFailure.Kind kind, String message) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(ClicksimFailure.class, f -> assertThat(f.kind()).isEqualTo(kind))
        .hasMessage(message);
  }

  @Test
  void should_say_a_run_directory_does_not_exist() {
    Path missing = runs.resolve("20261128-000000-smoke");
    assertFailure(
        () -> RunDirectory.open(missing),
        ClicksimFailure.Kind.MISSING_RESOURCE,
        "run directory " + missing + " does not exist");
  }

  @Test
  void should_name_the_one_file_a_run_directory_lacks() throws IOException {
    Path noTruth = incomplete("a", 0, RunDirectory.RUN_FILE);
    Path noInfo = incomplete("b", 0, RunDirectory.TRUTH_FILE);
    Path neither = incomplete("c", 0);

    assertFailure(
        () -> RunDirectory.open(noTruth),
        ClicksimFailure.Kind.MISSING_RESOURCE,
        "run directory " + noTruth + " has no truth.csv");
    assertFailure(
        () -> RunDirectory.open(noInfo),
        ClicksimFailure.Kind.MISSING_RESOURCE,
        "run directory " + noInfo + " has no run.json");
    assertFailure(
        () -> RunDirectory.open(neither),
        ClicksimFailure.Kind.MISSING_RESOURCE,
        "run directory " + neither + " has no run.json and no truth.csv");
  }

  @Test
  void should_load_what_it_wrote() throws IOException {
    RunDirectory.Loaded loaded = RunDirectory.open(complete("010000", 0)).load();
    assertThat(loaded.info()).isEqualTo(INFO);
    assertThat(loaded.truth()).isEqualTo(TRUTH);
  }

  @Test
  void should_refuse_a_run_json_that_is_not_an_object() throws IOException {
    Path dir = complete("010000", 0);
    Path file = dir.resolve(RunDirectory.RUN_FILE);
    Files.writeString(file, "[1,2,3]");
    assertFailure(
        () -> RunDirectory.open(dir).load(),
        ClicksimFailure.Kind.INVALID_INPUT,
        file + ": expected a JSON object, got array");

    Files.writeString(file, "{\"runId\": ");
    assertThatThrownBy(() -> RunDirectory.open(dir).readInfo())
        .hasMessageStartingWith(file + ": not valid JSON (line 1, column ");
  }

  @Test
  void should_name_the_file_and_the_field_of_a_run_json_that_lacks_one() throws IOException {
    Path dir = complete("010000", 0);
    Path file = dir.resolve(RunDirectory.RUN_FILE);
    String written = Files.readString(file);

    Files.writeString(file, written.replaceAll("\"campaignPrefix\"\\s*:\\s*\"[^\"]*\",", ""));
    assertFailure(
        () -> RunDirectory.open(dir).readInfo(),
        ClicksimFailure.Kind.INVALID_INPUT,
        file + ": campaignPrefix is missing");

    Files.writeString(file, written.replace("\"rabc12.\"", "\"\""));
    assertFailure(
        () -> RunDirectory.open(dir).readInfo(),
        ClicksimFailure.Kind.INVALID_INPUT,
        file + ": campaignPrefix is empty");

    Files.writeString(file, written.replaceAll("\"seed\"\\s*:\\s*7", "\"seed\": \"seven\""));
    assertFailure(
        () -> RunDirectory.open(dir).readInfo(),
        ClicksimFailure.Kind.INVALID_INPUT,
        file + ": seed is not an integer: \"seven\"");

    Files.writeString(file, written.replaceAll("\"clicksSent\"\\s*:\\s*10", "\"clicksSent\": -1"));
    assertFailure(
        () -> RunDirectory.open(dir).readInfo(),
        ClicksimFailure.Kind.INVALID_INPUT,
        file + ": clicksSent is negative: -1");
  }

  @Test
  void should_read_a_run_json_without_settings_as_older_runs_wrote_it() throws IOException {
    Path dir = complete("010000", 0);
    Path file = dir.resolve(RunDirectory.RUN_FILE);
    Files.writeString(
        file, Files.readString(file).replaceAll(",\\s*\"settings\"\\s*:\\s*\\{[^}]*\\}", ""));
    assertThat(RunDirectory.open(dir).readInfo().settings()).isEmpty();
  }

  @Test
  void should_pick_the_latest_complete_run_and_name_the_newer_incomplete_ones() throws IOException {
    complete("010000", 1_000_000);
    Path picked = complete("020000", 2_000_000);
    incomplete("005000", 500_000); // older than the pick: not mentioned
    Path interrupted = incomplete("030000", 3_000_000, "latency.hlog");

    RunDirectory.LatestRun latest = RunDirectory.latest(runs);

    assertThat(latest.run().path()).isEqualTo(picked);
    assertThat(latest.describe("verifying"))
        .isEqualTo(
            interrupted
                + " has no run.json and no truth.csv (interrupted?); verifying "
                + picked
                + ", the latest complete run");
  }

  @Test
  void should_count_further_incomplete_runs_newer_than_the_pick() throws IOException {
    Path picked = complete("020000", 2_000_000);
    incomplete("030000", 3_000_000, RunDirectory.TRUTH_FILE);
    Path newest = incomplete("040000", 4_000_000, RunDirectory.RUN_FILE);
    incomplete("035000", 3_500_000);

    assertThat(RunDirectory.latest(runs).describe("verifying"))
        .isEqualTo(
            newest
                + " has no truth.csv (interrupted?), and 2 more run directories newer than "
                + picked
                + " are incomplete; verifying "
                + picked
                + ", the latest complete run");
  }

  @Test
  void should_only_name_the_pick_when_nothing_newer_is_incomplete() throws IOException {
    Path picked = complete("020000", 2_000_000);
    assertThat(RunDirectory.latest(runs).describe("verifying"))
        .isEqualTo("verifying " + picked + ", the latest complete run");
  }

  @Test
  void should_say_why_there_is_no_complete_run() throws IOException {
    Path interrupted = incomplete("030000", 3_000_000);
    assertFailure(
        () -> RunDirectory.latest(runs),
        ClicksimFailure.Kind.MISSING_RESOURCE,
        "no complete run in "
            + runs
            + " ("
            + interrupted
            + " has no run.json and no truth.csv (interrupted?)); run clicksim run first or give --run DIR");
  }

  @Test
  void should_write_the_faults_that_fired_as_data_and_read_them_back() throws IOException {
    RunDirectory run = RunDirectory.create(runs, Instant.parse("2026-11-28T01:00:00Z"), "smoke");
    List<RunFault> faults =
        List.of(
            new RunFault(
                "pause:postgres@30%/5s",
                "pause",
                "postgres",
                "5s",
                "30%",
                144_000,
                1_764_291_600_123L,
                12.3,
                17.4,
                "SIGSTOP of postgres (pid 12), SIGCONT after 5s",
                false),
            new RunFault(
                "kill:broker@50%",
                "kill",
                "broker",
                null,
                "50%",
                240_000,
                1_764_291_610_000L,
                22.0,
                22.0,
                "broker unreachable",
                true));
    run.writeTruth(TRUTH);
    run.writeInfo(
        new RunDirectory.RunInfo(
            INFO.runId(),
            INFO.scenario(),
            INFO.seed(),
            INFO.anchorMs(),
            INFO.campaignPrefix(),
            INFO.windowSizeMs(),
            INFO.graceMs(),
            INFO.clicksSent(),
            INFO.clicksExpected(),
            INFO.clicksDroppedLate(),
            INFO.duplicates(),
            INFO.target(),
            INFO.settings(),
            faults));

    assertThat(Files.readString(run.path().resolve(RunDirectory.RUN_FILE)))
        .contains("\"firedAt\" : \"2025-11-28T01:00:00.123Z\"")
        .contains("\"for\" : null");
    assertThat(RunDirectory.open(run.path()).readInfo().faults()).isEqualTo(faults);
  }

  @Test
  void should_read_the_faults_of_an_older_run_json_from_its_fault_settings() throws IOException {
    Path dir = complete("010000", 1_000);
    String json = Files.readString(dir.resolve(RunDirectory.RUN_FILE));
    Files.writeString(
        dir.resolve(RunDirectory.RUN_FILE),
        json.replace("\"faults\" : [ ]", "\"faults\" : null")
            .replace(
                "\"streams.cache.max.bytes\" : \"0\"",
                "\"fault.1\" : \"kill:postgres@30% at scenario 2m24s (+12.3 s): SIGKILL of postgres"
                    + " (pid 1234)\", \"fault.2\" : \"pause:postgres@50%/5s at scenario 4m (+20.0 s):"
                    + " FAILED: not running\", \"streams.cache.max.bytes\" : \"0\""));

    List<RunFault> faults = RunDirectory.open(dir).readInfo().faults();

    assertThat(faults)
        .containsExactly(
            new RunFault(
                "kill:postgres@30%",
                "kill",
                "postgres",
                null,
                "30%",
                144_000,
                null,
                12.3,
                null,
                "SIGKILL of postgres (pid 1234)",
                false),
            new RunFault(
                "pause:postgres@50%/5s",
                "pause", "postgres", "5s", "50%", 240_000, null, 20.0, null, "not running", true));
  }

  @Test
  void should_name_the_field_of_a_damaged_fault() throws IOException {
    Path dir = complete("010000", 1_000);
    String json = Files.readString(dir.resolve(RunDirectory.RUN_FILE));
    Files.writeString(
        dir.resolve(RunDirectory.RUN_FILE),
        json.replace("\"faults\" : [ ]", "\"faults\" : [ {\"fault\" : \"kill:postgres@1m\"} ]"));

    assertFailure(
        () -> RunDirectory.open(dir).readInfo(),
        ClicksimFailure.Kind.INVALID_INPUT,
        dir.resolve(RunDirectory.RUN_FILE) + ": faults[0].action is missing");
  }
}
