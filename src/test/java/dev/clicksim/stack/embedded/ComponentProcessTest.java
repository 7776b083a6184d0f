package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.ComponentProcessHandle;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentProcessTest {

  @TempDir Path dir;

  private static Map<String, String> parsed(List<String> arguments) {
    assertThat(arguments.get(0)).isEqualTo(ComponentProcessHandle.MAIN_CLASS);
    return ComponentProcess.parse(arguments.subList(1, arguments.size()).toArray(String[]::new));
  }

  @Test
  void should_name_the_main_class_the_handles_look_for() {
    assertThat(ComponentProcess.class.getName()).isEqualTo(ComponentProcessHandle.MAIN_CLASS);
  }

  @Test
  void should_pass_the_topologys_names_windows_and_settings_as_key_values() {
    List<String> args =
        ComponentProcess.streamsArguments(
            "127.0.0.1:9092",
            dir.resolve("streams"),
            PipelineNames.DEFAULT,
            new WindowSpec(Duration.ofMinutes(2), Duration.ofSeconds(30)),
            EngineProfile.fast.settings());

    Map<String, String> v = parsed(args);

    assertThat(args.get(1)).isEqualTo("streams");
    assertThat(v)
        .containsEntry("bootstrapServers", "127.0.0.1:9092")
        .containsEntry("applicationId", PipelineNames.DEFAULT.applicationId())
        .containsEntry("windowSizeMs", "120000")
        .containsEntry("graceMs", "30000")
        .containsEntry("commitIntervalMs", "100")
        .containsEntry("processingGuarantee", "at_least_once")
        .containsEntry("streamThreads", "1");
    assertThat(ComponentProcess.create("streams", v).name()).isEqualTo("streams");
  }

  @Test
  void should_build_each_component_from_its_arguments() {
    Map<String, String> kafka = parsed(ComponentProcess.kafkaArguments(dir.resolve("kafka"), 0, 0));
    Map<String, String> connect =
        parsed(
            ComponentProcess.connectArguments(
                "127.0.0.1:1", dir.resolve("connect"), 0, dir.resolve("postgres")));

    assertThat(ComponentProcess.create("kafka", kafka).name()).isEqualTo("kafka");
    assertThat(ComponentProcess.create("connect", connect).name()).isEqualTo("connect");
    assertThat(connect).containsEntry("secretsDir", dir.resolve("postgres").toString());
  }

  @Test
  void should_refuse_an_argument_that_is_not_key_value_and_an_unknown_component() {
    assertThatThrownBy(() -> ComponentProcess.parse(new String[] {"kafka", "logDir"}))
        .hasMessageContaining("not key=value: logDir");
    assertThatThrownBy(() -> ComponentProcess.create("zookeeper", Map.of()))
        .hasMessageContaining("no embedded component named zookeeper");
  }

  @Test
  void should_never_trust_a_pid_file_whose_process_is_no_component_jvm() throws Exception {
    // This test's own JVM is alive, but it is no component's: a reused pid is never signalled.
    Files.writeString(
        ComponentProcessHandle.pidFile(dir, "streams"), ProcessHandle.current().pid() + "\n");
    Files.writeString(ComponentProcessHandle.pidFile(dir, "kafka"), "not a pid\n");

    assertThat(ComponentProcessHandle.of(dir, "streams")).isEmpty();
    assertThat(ComponentProcessHandle.of(dir, "kafka")).isEmpty();
    assertThat(ComponentProcessHandle.of(dir, "connect")).isEmpty();
  }

  @Test
  void should_recognise_a_component_jvm_by_its_command_line() throws Exception {
    Process p =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "sleep 30; :",
                "-cp",
                "x".repeat(10_000),
                ComponentProcessHandle.MAIN_CLASS,
                "streams")
            .start();
    try {
      Files.writeString(ComponentProcessHandle.pidFile(dir, "streams"), p.pid() + "\n");
      Files.writeString(ComponentProcessHandle.pidFile(dir, "kafka"), p.pid() + "\n");

      // Until the fork has exec'd sh, /proc shows this JVM's command line.
      org.awaitility.Awaitility.await("the pid file's process recognised as the streams JVM")
          .atMost(Duration.ofSeconds(10))
          .until(() -> ComponentProcessHandle.of(dir, "streams").isPresent());
      assertThat(ComponentProcessHandle.of(dir, "streams")).map(h -> h.pid()).contains(p.pid());
      assertThat(ComponentProcessHandle.of(dir, "kafka")).as("another component's").isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void should_say_how_a_component_jvm_ended() {
    assertThat(ComponentJvm.exitDescription(137)).isEqualTo("killed by SIGKILL");
    assertThat(ComponentJvm.exitDescription(143)).isEqualTo("stopped by SIGTERM");
    assertThat(ComponentJvm.exitDescription(2)).isEqualTo("exit 2");
  }
}
