package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.scenario.Fault;
import dev.clicksim.wait.BoundedWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines {@code --profile compose} runs, recorded by fake {@code docker} and {@code
 * docker-compose} executables on a PATH of the test's own: there is no Docker engine here, and the
 * real thing is for the CI workflow.
 */
class ComposeServicesTest {

  @TempDir Path bin;
  @TempDir Path project;

  private final List<Duration> paused = new ArrayList<>();

  /**
   * An executable that appends its name and arguments to calls.log and exits as told; {@code
   * composeExit} is what it answers to {@code compose version} (Docker without the compose plugin
   * answers 1, as on this machine).
   */
  private void fake(String name, int composeVersionExit, int exit) throws IOException {
    Path script = bin.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"$(basename \"$0\") $*\" >> \""
            + bin.resolve("calls.log")
            + "\"\n"
            + "echo \"cwd $(pwd)\" >> \""
            + bin.resolve("cwd.log")
            + "\"\n"
            + "case \"$*\" in\n"
            + "  'compose version'|'version') exit "
            + composeVersionExit
            + " ;;\n"
            + "esac\n"
            + "echo 'Container clicksim-kafka-1  Killing'\n"
            + (exit == 0 ? "" : "echo 'no such service: kafka' >&2\n")
            + "exit "
            + exit
            + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> calls() throws IOException {
    Path log = bin.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private ComposeServices compose() {
    return new ComposeServices(
        "/nonexistent:" + bin, project, new BoundedWait(System::nanoTime, d -> paused.add(d)));
  }

  @Test
  void should_kill_the_container_then_start_it_again_as_a_supervisor() throws IOException {
    fake("docker", 0, 0);

    String what = compose().inject(Fault.Action.kill, Fault.Target.broker, null);

    assertThat(calls())
        .containsExactly(
            "docker compose version", "docker compose kill kafka", "docker compose start kafka");
    assertThat(paused).containsExactly(ComposeServices.RESTART_DELAY);
    assertThat(what)
        .isEqualTo(
            "docker compose kill kafka (SIGKILL of its container), then docker compose start"
                + " kafka after 1 s, as a supervisor would");
    String inProject = "cwd " + project.toRealPath();
    assertThat(Files.readAllLines(bin.resolve("cwd.log"))).allMatch(inProject::equals);
  }

  @Test
  void should_fall_back_to_docker_compose_when_docker_has_no_compose_plugin() throws IOException {
    fake("docker", 1, 0);
    fake("docker-compose", 0, 0);

    String what = compose().inject(Fault.Action.restart, Fault.Target.aggregation, null);

    assertThat(calls()).containsExactly("docker compose version", "docker-compose restart ksqldb");
    assertThat(what).isEqualTo("docker-compose restart ksqldb");
  }

  @Test
  void should_pause_for_the_faults_length_then_unpause() throws IOException {
    fake("docker-compose", 0, 0);

    String what =
        compose().inject(Fault.Action.pause, Fault.Target.postgres, Duration.ofSeconds(7));

    assertThat(calls())
        .containsExactly("docker-compose pause postgres", "docker-compose unpause postgres");
    assertThat(paused).containsExactly(Duration.ofSeconds(7));
    assertThat(what)
        .isEqualTo(
            "docker-compose pause postgres (its processes frozen) for 7 s, then docker-compose"
                + " unpause postgres");
  }

  @Test
  void should_unpause_when_the_pause_is_interrupted() throws IOException {
    fake("docker", 0, 0);
    ComposeServices interrupted =
        new ComposeServices(
            bin.toString(),
            project,
            new BoundedWait(
                System::nanoTime,
                d -> {
                  throw new InterruptedException("run stopped");
                }));

    try {
      assertThatThrownBy(
              () ->
                  interrupted.inject(
                      Fault.Action.pause, Fault.Target.connect, Duration.ofMinutes(1)))
          .extracting(e -> ((ClicksimFailure) e).kind())
          .isEqualTo(ClicksimFailure.Kind.INTERRUPTED);
      assertThat(calls())
          .endsWith("docker compose pause connect", "docker compose unpause connect");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void should_report_a_failed_command_with_composes_last_line() throws IOException {
    fake("docker", 0, 1);

    assertThatThrownBy(() -> compose().inject(Fault.Action.kill, Fault.Target.broker, null))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage("docker compose kill kafka failed (exit 1): no such service: kafka");
    assertThat(calls()).as("no start after a kill that failed").hasSize(2);
  }

  @Test
  void should_say_when_neither_compose_is_on_the_path() {
    assertThatThrownBy(() -> compose().inject(Fault.Action.kill, Fault.Target.connect, null))
        .hasMessage("--profile compose: neither docker compose nor docker-compose is on PATH");
  }

  @Test
  void should_name_the_compose_files_services() throws IOException {
    String file = Files.readString(Path.of("docker-compose.yml"));

    for (String service : ComposeServices.SERVICES.values()) {
      assertThat(file).as("docker-compose.yml").contains("\n  " + service + ":\n");
    }
  }
}
