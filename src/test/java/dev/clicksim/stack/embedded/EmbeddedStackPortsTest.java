package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails keeps no ports for the next one. Its failure is made in PostgreSQL's start,
 * the first component's, so nothing real starts.
 */
class EmbeddedStackPortsTest {

  @TempDir Path dir;

  private EmbeddedStackOptions options(Path logDir, int kafkaPort, int connectPort) {
    return new EmbeddedStackOptions(
        dir.resolve("embedded"),
        logDir,
        kafkaPort,
        connectPort,
        0,
        PipelineNames.DEFAULT,
        WindowSpec.DEFAULT,
        EngineProfile.fast,
        EngineProfile.fast.settings());
  }

  @Test
  void should_remember_no_ports_of_a_start_that_failed() throws IOException {
    Path ports = dir.resolve("embedded").resolve(EmbeddedStack.PORTS_FILE);
    Files.createDirectories(ports.getParent());
    String lastSuccessfulStart = "kafka=40001\nconnect=40002\n";
    Files.writeString(ports, lastSuccessfulStart);
    // PostgreSQL cannot use a data directory where a file is: its start fails at once.
    Files.createDirectories(dir.resolve("embedded/postgres"));
    Files.writeString(dir.resolve("embedded/postgres/data"), "");
    int kafka = Ports.pick("test", 0);
    int connect = Ports.pickOtherThan("test", java.util.Set.of(kafka));

    assertThatThrownBy(
            () -> EmbeddedStack.start(options(dir.resolve("logs"), kafka, connect), true, l -> {}))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageStartingWith("embedded postgres could not start");

    assertThat(ports).hasContent(lastSuccessfulStart);
  }

  @Test
  void should_refuse_equal_ports_before_anything_starts_and_release_the_data() {
    assertThatThrownBy(
            () -> EmbeddedStack.start(options(dir.resolve("logs"), 19555, 19555), true, l -> {}))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage("embedded kafka and connect were both given port 19555");
    assertThat(dir.resolve("logs")).doesNotExist();
    assertThat(dir.resolve("embedded").resolve(EmbeddedStack.PORTS_FILE)).doesNotExist();
    // The data directory's lock was released: the next start gets past it to the same refusal.
    assertThatThrownBy(
            () -> EmbeddedStack.start(options(dir.resolve("logs"), 19555, 19555), true, l -> {}))
        .hasMessage("embedded kafka and connect were both given port 19555");
  }
}
