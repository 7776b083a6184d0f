package dev.clicksim.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive {@code ./mvnw package} makes, unpacked into a temporary directory and
 * run from another one, with nothing on the PATH but a JDK and the system's tools: no source tree,
 * no Maven.
 */
class DistributionIT {

  @TempDir static Path temp;

  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      archive =
          files
              .filter(f -> f.getFileName().toString().endsWith("-dist.tar.gz"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no target/*-dist.tar.gz: ./mvnw package makes it"));
    }
    Path unpacked = Files.createDirectory(temp.resolve("opt"));
    Process tar =
        new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString())
            .directory(unpacked.toFile())
            .inheritIO()
            .start();
    assertThat(tar.waitFor(2, TimeUnit.MINUTES)).as("tar ended within 2 minutes").isTrue();
    assertThat(tar.exitValue()).as("tar's exit code").isZero();
    try (Stream<Path> dirs = Files.list(unpacked)) {
      home = dirs.findFirst().orElseThrow();
    }
  }

  @Test
  void should_hold_the_launcher_libraries_scenarios_statements_sink_readme_and_completion() {
    for (String entry :
        List.of(
            "bin/clicksim",
            "lib",
            "scenarios/smoke.yaml",
            "ksql/02-click-counts-table.sql",
            "connect/postgres-sink.json",
            "README.md",
            "completion/clicksim.bash")) {
      assertThat(home.resolve(entry)).as(entry).exists();
    }
    assertThat(home.resolve("bin/clicksim")).isExecutable();
    assertThat(home.resolve("lib").toFile().list((d, n) -> n.startsWith("clicksim-")))
        .as("clicksim's own jar in lib/")
        .hasSize(1);
    assertThat(home.resolve("lib").toFile().list((d, n) -> n.startsWith("junit")))
        .as("JUnit is the using project's, not the distribution's")
        .isEmpty();
  }

  @Test
  void should_complete_the_commands_in_bash() throws Exception {
    Process bash =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$1\" && COMP_WORDS=(clicksim ru) COMP_CWORD=1 && _complete_clicksim"
                    + " && printf '%s\\n' \"${COMPREPLY[@]}\"",
                "completion",
                home.resolve("completion/clicksim.bash").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out.lines()).as(out).contains("run");
  }

  @Test
  void should_run_a_smoke_run_to_a_match_from_another_directory() throws Exception {
    Path work = Files.createDirectory(temp.resolve("work"));
    // Kept beside the other integration tests' logs: what a user of the archive sees.
    Path output =
        Files.createDirectories(Path.of("target", "it-logs")).resolve("distribution-smoke.out");
    ProcessBuilder clicksim =
        new ProcessBuilder(
                home.resolve("bin/clicksim").toString(),
                "run",
                "--scenario",
                "smoke",
                "--engine-profile",
                "fast",
                "--progress",
                "plain")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = clicksim.environment();
    env.clear();
    // A JDK and the system's tools, nothing of the build: no Maven, no source tree.
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", work.toString());
    Process run = clicksim.start();
    boolean ended = run.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(ended).as("the smoke run ended within 5 minutes:%n%s", out).isTrue();
    assertThat(run.exitValue()).as("exit code; output:%n%s", out).isZero();
    assertThat(out).contains("VERDICT: MATCH");
    assertThat(work.resolve("runs")).isDirectory();
    assertThat(owner(work.resolve(".clicksim"))).doesNotContain(PosixFilePermission.OTHERS_READ);
  }

  private static java.util.Set<PosixFilePermission> owner(Path dir) throws IOException {
    return Files.getPosixFilePermissions(dir.resolve("embedded"));
  }
}
