package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** run --delivery-timeout: refused below what the producer needs, in one line, before any stack. */
class DeliveryTimeoutOptionTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--dry-run", "--no-verify"})
  void should_refuse_a_delivery_timeout_too_short_for_a_request_and_its_retry(String mode) {
    Cli.Result r =
        Cli.run(
                "run",
                mode,
                "--delivery-timeout",
                "1500ms",
                "--state-dir",
                dir.resolve("state").toString(),
                "--runs-dir",
                dir.resolve("runs").toString())
            .expectExit(ExitCode.INVALID_INPUT.code());

    assertThat(r.err().lines())
        .containsExactly("clicksim: --delivery-timeout must be at least 2 s, was 1500 ms");
    assertThat(dir.resolve("runs")).doesNotExist();
    assertThat(dir.resolve("state")).as("no stack started").doesNotExist();
  }

  @Test
  void should_say_in_the_help_what_the_delivery_timeout_bounds() {
    Cli.Result r = Cli.run("run", "--help").expectExit(ExitCode.OK.code());

    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--delivery-timeout=DURATION", "exit 4 naming the broker");
  }
}
