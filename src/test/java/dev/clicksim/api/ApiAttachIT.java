package dev.clicksim.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.EmbeddedStackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API attached to a running stack at given endpoints, as a test that started the compose stack
 * with Testcontainers would: here an embedded stack started apart, its windowed count already
 * running, reached only through its endpoints.
 */
class ApiAttachIT {

  private static EmbeddedStack stack;
  private static ClicksimPipeline pipeline;

  @BeforeAll
  static void attach() throws Exception {
    Path root = Files.createTempDirectory("clicksim-api-it");
    stack = EmbeddedStackFixture.startProvisioned(root.resolve("running"));
    DatabaseEndpoint db = stack.database();
    pipeline =
        ClicksimPipeline.start(
            PipelineConfig.attach(
                    new Endpoints(
                        stack.bootstrapServers(),
                        stack.connectUrl(),
                        null,
                        null,
                        db.jdbcUrl(),
                        db.user(),
                        db.password().reveal(),
                        null,
                        stack.sinkPasswordReference(),
                        null,
                        Map.of()))
                .ksql(Path.of("ksql"))
                .sinkConfig(Path.of("connect", "postgres-sink.json"))
                .stateDir(root.resolve("state"))
                .runsDir(root.resolve("runs")));
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void should_provision_run_and_verify_smoke_through_the_endpoints() {
    assertThat(pipeline.grace()).hasMinutes(1);
    assertThat(pipeline.describeEndpoints()).anyMatch(l -> l.contains(stack.bootstrapServers()));
    pipeline.provision();

    RunReport report =
        pipeline.run(ScenarioRun.of("smoke").seed(42)).assertMatched().assertSlosMet();

    assertThat(report.exitCode()).isZero();
    assertThat(report.windows()).hasSize(12).allMatch(WindowResult::matched);
    assertThat(report.reportHtml()).exists();
    assertThat(report.runDirectory().resolve("verify.json")).exists();
    assertThat(pipeline.verify(report.runDirectory(), ScenarioRun.of("smoke")).verdict())
        .isEqualTo(Verdict.MATCH);
  }
}
