package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The launcher's class-data training runs the one-shot commands' code end to end, without a stack,
 * and stays hidden.
 */
class ClassCacheTrainingCommandTest {

  @TempDir Path scratch;

  @Test
  void should_dry_run_verify_and_report_a_smoke_run_without_a_stack() throws Exception {
    Cli.Result result = Cli.run("class-cache-training", scratch.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
    List<Path> runs;
    try (Stream<Path> dirs = Files.list(scratch)) {
      runs = dirs.toList();
    }
    assertThat(runs).hasSize(1);
    Path run = runs.get(0);
    assertThat(run.resolve("truth.csv")).isRegularFile();
    assertThat(run.resolve("report.html")).isRegularFile();
    assertThat(run.resolve("junit.xml")).isRegularFile();
    VerificationReport report = VerifyJson.read(run);
    assertThat(report.verdict()).isEqualTo(VerificationReport.MATCH);
    assertThat(report.windows())
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.kind()).isEqualTo("matched"));
  }

  @Test
  void should_not_be_listed_in_the_help() {
    assertThat(Cli.run("--help").out()).doesNotContain("class-cache-training").contains("verify");
  }
}
