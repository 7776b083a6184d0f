package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.testing.Cli;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole docker-compose.yml stack end to end: provision over ksqlDB's and Connect's REST APIs, a
 * smoke run in Schema Registry's JSON Schema format, verify. It needs a Docker engine and is
 * skipped, saying so, where none runs (as on clicksim's CI machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

  @Container
  static final ComposeContainer STACK =
      new ComposeContainer(new File("docker-compose.yml"))
          .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))
          .waitingFor("ksqldb", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));

  @Test
  void should_provision_run_and_verify_smoke_on_the_compose_stack() throws Exception {
    Path runs = Files.createTempDirectory("clicksim-compose-runs");
    String[] target = {
      "--target", "external", "--profile", "compose", "--runs-dir", runs.toString()
    };
    Cli.Result provision = Cli.run(concat(new String[] {"provision"}, target)).expectExit(0);
    assertThat(provision.out()).contains("connector clicksim-postgres-sink");
    Cli.Result again = Cli.run(concat(new String[] {"provision"}, target)).expectExit(0);
    assertThat(again.out()).contains("nothing to change");
    Cli.Result run =
        Cli.run(concat(new String[] {"run", "--scenario", "smoke", "--progress", "none"}, target))
            .expectExit(0);
    assertThat(run.out()).contains("VERDICT: MATCH");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
