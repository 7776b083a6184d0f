package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.ProcessingGuarantee;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.testing.Cli;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which engine profile the embedded windowed count runs: --engine-profile, else the scenario's
 * pipeline.engineProfile, else ksqldb; the commit, cache and linger options go on top of it; and a
 * running clicksim up keeps the profile it was started with.
 */
class EngineProfileOptionTest {

  @TempDir Path tmp;

  private static StackOptions parsed(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.stackOptions;
  }

  @Test
  void should_run_ksqldbs_defaults_when_nothing_asks_for_another_profile() {
    StackOptions options = parsed();

    assertThat(options.engineProfile()).isEqualTo(EngineProfile.ksqldb);
    assertThat(options.streamsSettings()).isEqualTo(EngineProfile.ksqldb.settings());
  }

  @Test
  void should_prefer_the_option_to_the_scenario_and_the_scenario_to_the_default() {
    StackOptions scenarioOnly = parsed();
    scenarioOnly.scenarioEngineProfile("s", EngineProfile.fast);
    StackOptions both = parsed("--engine-profile", "ksqldb");
    both.scenarioEngineProfile("s", EngineProfile.fast);

    assertThat(scenarioOnly.engineProfile()).isEqualTo(EngineProfile.fast);
    assertThat(scenarioOnly.engineProfileSource()).isEqualTo("scenario s (pipeline.engineProfile)");
    assertThat(both.engineProfile()).isEqualTo(EngineProfile.ksqldb);
    assertThat(both.engineProfileSource()).isEqualTo("--engine-profile");
  }

  @Test
  void should_put_the_commit_cache_and_linger_options_on_top_of_the_profile() {
    StreamsSettings s =
        parsed(
                "--engine-profile",
                "fast",
                "--commit-interval",
                "500ms",
                "--cache-max-bytes",
                "0",
                "--streams-linger",
                "20")
            .streamsSettings();

    assertThat(s.commitIntervalMs()).isEqualTo(500);
    assertThat(s.cacheMaxBytes()).isZero();
    assertThat(s.producerLingerMs()).isEqualTo(20);
    assertThat(s.streamThreads()).isEqualTo(EngineProfile.fast.settings().streamThreads());
  }

  @Test
  void should_take_the_processing_guarantee_from_the_option_then_the_scenario_then_the_profile() {
    StackOptions none = parsed();
    StackOptions scenario = parsed();
    scenario.scenarioProcessingGuarantee("s", ProcessingGuarantee.exactly_once_v2);
    StackOptions option = parsed("--processing-guarantee", "at_least_once");
    option.scenarioProcessingGuarantee("s", ProcessingGuarantee.exactly_once_v2);

    assertThat(none.streamsSettings().processingGuarantee()).isEqualTo("at_least_once");
    assertThat(scenario.streamsSettings().processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(option.streamsSettings().processingGuarantee()).isEqualTo("at_least_once");
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }

  @Test
  void should_refuse_a_profile_other_than_the_running_ups_before_sending_anything()
      throws IOException {
    Path state = tmp.resolve("state");
    try (ServerSocket kafka = listening();
        ServerSocket connect = listening()) {
      new StackStateFile(
              ProcessHandle.current().pid(),
              "127.0.0.1:" + kafka.getLocalPort(),
              URI.create("http://127.0.0.1:" + connect.getLocalPort()),
              new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:1/db", "user", Secret.of("pw")),
              null,
              WindowSpec.DEFAULT,
              Map.of("engine.profile", "ksqldb"))
          .write(state);

      Cli.Result r =
          Cli.run(
                  "run",
                  "--state-dir",
                  state.toString(),
                  "--runs-dir",
                  tmp.resolve("runs").toString(),
                  "--engine-profile",
                  "fast")
              .expectExit(ExitCode.INVALID_INPUT.code());

      assertThat(r.err().strip())
          .isEqualTo(
              "clicksim: --engine-profile asks for engine profile fast, but the running clicksim up"
                  + " (pid "
                  + ProcessHandle.current().pid()
                  + ") runs ksqldb; restart it with --engine-profile fast, or run without asking"
                  + " for one");
      assertThat(tmp.resolve("runs"))
          .satisfiesAnyOf(
              p -> assertThat(p).doesNotExist(), p -> assertThat(Files.list(p)).isEmpty());
    }
  }
}
