package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.ExitCode;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.testing.Cli;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code --target external} pointed at the embedded stack's Kafka, Connect and PostgreSQL, as at
 * any cluster: only the windowed count is already running (no ksqlDB here); provisioning creates
 * the table and the connector over JDBC and Connect's REST API, and a smoke run verifies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalTargetIT {

  private static Path root;
  private static EmbeddedStack stack;
  private static List<String> external;

  @BeforeAll
  static void startStack() throws Exception {
    root = Files.createTempDirectory("clicksim-external-it");
    stack =
        EmbeddedStack.start(
            new EmbeddedStackOptions(
                root.resolve("embedded"),
                root.resolve("logs"),
                0,
                0,
                0,
                PipelineNames.DEFAULT,
                WindowSpec.DEFAULT,
                EngineProfile.fast,
                EngineProfile.fast.settings()),
            false,
            line -> {});
    try (Admin admin = Admin.create(stack.kafkaClientProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("click_events", 3, (short) 1),
                  new NewTopic("click_counts_table_output", 3, (short) 1)))
          .all()
          .get();
    }
    stack.component("streams").start();
    Path password = root.resolve("db-password");
    Files.writeString(password, stack.database().password().reveal());
    external =
        List.of(
            "--target",
            "external",
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--connect-url",
            stack.connectUrl().toString(),
            "--jdbc-url",
            stack.database().jdbcUrl(),
            "--db-user",
            stack.database().user(),
            "--db-password-file",
            password.toString(),
            "--state-dir",
            root.resolve("state").toString(),
            "--runs-dir",
            root.resolve("runs").toString());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Cli.Result clicksim(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(external);
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void should_create_the_table_and_connector_over_jdbc_and_connect_rest() {
    Cli.Result r = clicksim("provision").expectExit(0);
    assertThat(r.out())
        .contains("stack: external (Kafka " + stack.bootstrapServers())
        .contains("unchanged  topic click_events")
        .contains("created    table click_counts")
        .contains("created    connector clicksim-postgres-sink");
  }

  @Test
  @Order(2)
  void should_change_nothing_the_second_time() {
    assertThat(clicksim("provision").expectExit(0).out()).contains("nothing to change");
  }

  @Test
  @Order(3)
  void should_verify_a_smoke_run_sent_to_the_external_target() {
    Cli.Result r = clicksim("run", "--scenario", "smoke", "--progress", "none").expectExit(0);
    assertThat(r.out()).contains("VERDICT: MATCH - 12 of 12 windows matched");
    assertThat(root.resolve("state")).doesNotExist();
    assertThat(r.out()).doesNotContain(stack.database().password().reveal());
  }

  @Test
  @Order(4)
  void should_name_the_missing_endpoint_in_one_line() {
    Cli.Result r =
        Cli.run(
                "provision",
                "--target",
                "external",
                "--bootstrap-servers",
                stack.bootstrapServers())
            .expectExit(ExitCode.INVALID_INPUT.code());
    assertThat(r.err().strip())
        .isEqualTo(
            "clicksim: --target external needs --connect-url (or clicksim.connect.url in --properties, or --profile compose)");
  }

  @Test
  @Order(5)
  void should_say_which_broker_is_unreachable() {
    Cli.Result r =
        Cli.run(
                "provision",
                "--target",
                "external",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--connect-url",
                "http://127.0.0.1:2",
                "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:3/x")
            .expectExit(ExitCode.INFRASTRUCTURE.code());
    assertThat(r.err().strip()).startsWith("clicksim: cannot reach Kafka at 127.0.0.1:1");
    assertThat(r.err().strip().lines()).hasSize(1);
  }
}
