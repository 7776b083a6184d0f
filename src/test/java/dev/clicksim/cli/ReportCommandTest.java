package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.report.RunSummary;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.report.WindowRow;
import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  @TempDir Path runs;

  /** The registered clicksim command line, output captured. */
  private static Cli.Result clicksim(String... args) {
    return Cli.run(args);
  }

  private Path runDir(String name, boolean verified) throws Exception {
    Path dir = Files.createDirectories(runs.resolve(name));
    Files.writeString(dir.resolve("run.json"), "{}");
    Files.writeString(dir.resolve("truth.csv"), "");
    if (verified) {
      RunSummary run =
          new RunSummary(
              name,
              "smoke",
              1,
              Instant.parse("2026-11-28T00:00:00Z"),
              "c-",
              60_000,
              10_000,
              "embedded",
              3,
              3,
              0,
              0,
              Map.of());
      WindowRow row = new WindowRow("c-1", 0, 60_000, 3, 3L, 0, WindowRow.MATCHED);
      VerifyJson.write(
          new VerificationReport(
              run,
              VerificationReport.MATCH,
              0,
              "upsert",
              "counts",
              List.of(row),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              Instant.parse("2026-11-28T00:10:00Z")),
          dir);
    }
    return dir;
  }

  @Test
  void should_regenerate_the_html_and_junit_reports_of_the_given_run() throws Exception {
    Path dir = runDir("20261128-000000-smoke", true);

    Cli.Result r = clicksim("report", "--run", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(dir.resolve("report.html").toString());
    assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"verdict\"", "MATCH");
    assertThat(dir.resolve("junit.xml")).isRegularFile();
  }

  @Test
  void should_take_the_latest_run_under_runs_dir_by_default() throws Exception {
    runDir("20261127-000000-smoke", true);
    Path latest = runDir("20261128-000000-smoke", true);

    Cli.Result r = clicksim("report", "--runs-dir", runs.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(latest.resolve("report.html").toString());
  }

  @Test
  void should_tell_to_run_verify_first_when_the_run_has_no_verify_json() throws Exception {
    Path dir = runDir("20261128-000000-smoke", false);

    Cli.Result r = clicksim("report", "--run", dir.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err())
        .contains("run directory " + dir + " has no verify.json; run clicksim verify first");
    assertThat(dir.resolve("report.html")).doesNotExist();
  }
}
