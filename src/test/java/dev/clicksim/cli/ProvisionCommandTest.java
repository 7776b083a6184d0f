package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provision's help and dry run, which contact nothing. */
class ProvisionCommandTest {

  @TempDir Path tmp;

  @Test
  void should_offer_strict_on_provision_and_on_run_which_provisions_too() {
    for (String command : new String[] {"provision", "run"}) {
      String help = Cli.run(command, "--help").expectExit(0).out().replaceAll("\\s+", " ");
      assertThat(help)
          .as("%s --help", command)
          .contains(
              "--strict Refuse (exit 2), instead of warning, when the windowed count as it runs")
          .contains("EMIT FINAL")
          .contains("auto.offset.reset that can skip clicks");
    }
  }

  @Test
  void should_say_in_the_dry_run_plan_that_the_running_ksqldb_query_will_be_checked() {
    Cli.Result r =
        Cli.run(
                "provision",
                "--dry-run",
                "--strict",
                "--target",
                "external",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--connect-url",
                "http://127.0.0.1:1",
                "--ksqldb-url",
                "http://127.0.0.1:2",
                "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/db_metrics",
                "--state-dir",
                tmp.resolve("state").toString())
            .expectExit(0);

    assertThat(r.out())
        .contains("nothing will be changed")
        .contains(
            "   then read what runs (DESCRIBE click_counts_table EXTENDED, EXPLAIN its query,"
                + " DESCRIBE the stream it reads, SHOW PROPERTIES) and")
        .contains("     refuse windows other than 2 MINUTES with grace 1 MINUTES;")
        .contains("     warn (refuse with --strict) about a key format other than KAFKA");
    assertThat(r.out().lines().filter(l -> l.matches("\\d+\\. .*")))
        .as("the checks belong to the ksqlDB step, not a step of their own")
        .noneMatch(l -> l.contains("then read what runs"));
  }
}
