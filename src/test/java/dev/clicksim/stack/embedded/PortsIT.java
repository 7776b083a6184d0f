package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real embedded stack keeps the ports of a start that succeeded for the next one, and a start
 * that fails once Kafka is up (the shape of the start that used to wedge a directory) keeps
 * nothing.
 */
class PortsIT {

  @TempDir Path state;

  private EmbeddedStackOptions options(int kafkaPort, int connectPort) {
    return new EmbeddedStackOptions(
        state.resolve("embedded"),
        state.resolve("logs"),
        kafkaPort,
        connectPort,
        0,
        PipelineNames.DEFAULT,
        WindowSpec.DEFAULT,
        EngineProfile.fast,
        EngineProfile.fast.settings());
  }

  private record Endpoints(String kafka, URI connect, String jdbcUrl) {}

  private Endpoints startAndStop(EmbeddedStackOptions options) {
    try (EmbeddedStack stack = EmbeddedStack.start(options, true, line -> {})) {
      return new Endpoints(
          stack.bootstrapServers(), stack.connectUrl(), stack.database().jdbcUrl());
    }
  }

  @Test
  void should_reuse_the_ports_of_the_last_start_that_succeeded_and_only_those() throws IOException {
    Endpoints first = startAndStop(options(0, 0));
    Path remembered = state.resolve("embedded").resolve(EmbeddedStack.PORTS_FILE);
    String kept = Files.readString(remembered);

    // Connect cannot make its directory where a file is: it fails after PostgreSQL and Kafka
    // started, on ports other than the remembered ones.
    Path connectDir = state.resolve("embedded").resolve("connect");
    Files.move(connectDir, state.resolve("connect-aside"));
    Files.writeString(connectDir, "");
    int kafka = Ports.pick("test", 0);
    int connect = Ports.pickOtherThan("test", Set.of(kafka));
    assertThatThrownBy(() -> startAndStop(options(kafka, connect)))
        .isInstanceOf(ComponentStartException.class)
        .hasMessageStartingWith("embedded connect could not start");
    assertThat(remembered).hasContent(kept);

    Files.delete(connectDir);
    Files.move(state.resolve("connect-aside"), connectDir);
    assertThat(startAndStop(options(0, 0))).isEqualTo(first);
  }
}
