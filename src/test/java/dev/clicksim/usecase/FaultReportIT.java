package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.report.FaultRow;
import dev.clicksim.report.HtmlReport;
import dev.clicksim.report.JUnitXml;
import dev.clicksim.report.Timeline;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paced smoke run on a transient embedded stack with a restart and a pause of PostgreSQL on its
 * clock: verify.json, junit.xml, report.html and the console tell each fault's story, with a
 * recovery time that the outage makes longer than nothing and the pipeline keeps bounded.
 */
class FaultReportIT {

  /**
   * Above a fast shutdown and start, the sink's reconnect (its pool retries ~30 s) and a commit.
   */
  private static final double RECOVERY_BOUND_SECONDS = 90;

  @TempDir Path root;

  @Test
  void should_tell_the_recovery_and_cost_of_a_restart_and_a_pause_of_postgres() throws Exception {
    Cli.Result r =
        Cli.run(
            "run",
            "--scenario",
            "smoke",
            "--speed",
            "16",
            "--fault",
            "restart:postgres@30%",
            "--fault",
            "pause:postgres@60%/3s",
            "--progress",
            "none",
            "--state-dir",
            root.resolve("state").toString(),
            "--runs-dir",
            root.resolve("runs").toString());

    keepForHumans(r.out());
    assertThat(r.exitCode()).as("out:%n%s%nerr:%n%s", r.out(), r.err()).isZero();
    Path runDir;
    try (Stream<Path> dirs = Files.list(root.resolve("runs"))) {
      runDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    VerificationReport report = VerifyJson.read(runDir);
    Timeline timeline = report.timeline();
    assertThat(timeline).as("verify.json's timeline").isNotNull();
    List<FaultRow> faults = timeline.faults();
    assertThat(faults)
        .extracting(FaultRow::fault)
        .containsExactly("restart:postgres@30%", "pause:postgres@60%/3s");
    for (FaultRow f : faults) {
      assertThat(f.failed()).as("fault %s: %s", f.fault(), f.what()).isFalse();
      assertThat(f.firedAt()).as("when %s fired", f.fault()).isNotNull();
      assertThat(f.recoverySeconds())
          .as("recovery of %s (%s)", f.fault(), f.recoveryProblem())
          .isNotNull()
          .isPositive()
          .isLessThan(RECOVERY_BOUND_SECONDS);
      assertThat(f.caughtUpSeconds()).isGreaterThan(f.firedSeconds());
      assertThat(f.cost()).as("a matching run's faults cost nothing").isEmpty();
      assertThat(r.out())
          .containsPattern(
              "(?m)^fault "
                  + f.number()
                  + " "
                  + java.util.regex.Pattern.quote(f.fault())
                  + " fired at \\+[0-9.]+ s: .*; table caught up in [0-9.]+ s; no click lost or"
                  + " added$");
    }
    FaultRow pause = faults.get(1);
    assertThat(pause.doneSeconds() - pause.firedSeconds())
        .as("the pause is done when it has lasted its 3 s")
        .isGreaterThanOrEqualTo(3.0);
    assertThat(pause.recoverySeconds())
        .as("the table cannot catch up before the pause ends")
        .isGreaterThanOrEqualTo(3.0);
    assertThat(timeline.windowCompletion()).isNotEmpty();

    String html = Files.readString(runDir.resolve(HtmlReport.FILE));
    assertThat(html)
        .contains("<h2>Faults and recovery</h2>")
        .contains("<code>restart:postgres@30%</code>")
        .contains("<code>pause:postgres@60%/3s</code>")
        .contains("data-chart=\"window-completion\"");
    assertThat(html.split("<g class=\"fault\"", -1)).as("two faults on two charts").hasSize(5);
    String junit = Files.readString(runDir.resolve(JUnitXml.FILE));
    assertThat(junit)
        .contains("name=\"fault 1 restart:postgres@30%\" classname=\"clicksim.smoke.faults\"")
        .contains("name=\"fault 2 pause:postgres@60%/3s\" classname=\"clicksim.smoke.faults\"");

    Cli.Result again =
        Cli.run(
            "verify", "--run", runDir.toString(), "--state-dir", root.resolve("state").toString());
    assertThat(again.exitCode()).as("out:%n%s%nerr:%n%s", again.out(), again.err()).isZero();
    assertThat(VerifyJson.read(runDir).timeline().faults())
        .as("a later verify tells the same story from the run directory")
        .isEqualTo(faults);
  }

  /** CI can archive target/fault-report-it.out: the console of the run the test checked. */
  private static void keepForHumans(String out) throws java.io.IOException {
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("fault-report-it.out"), out);
    }
  }
}
