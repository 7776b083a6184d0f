package dev.clicksim.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConnectorConfigTest {

  private static final String PASSWORD = "9f1c0ffee0ddba11";
  private static final DatabaseEndpoint DB =
      new DatabaseEndpoint(
          "jdbc:postgresql://db:5432/db_metrics", "user_metrics", Secret.of(PASSWORD));

  private static Map<String, String> config(SinkDatabaseEndpoint sink) {
    return SinkConnectorConfig.debezium(PipelineNames.DEFAULT, CountsTable.DEFAULT, sink);
  }

  @Test
  void should_hold_the_password_reference_and_nowhere_the_password() {
    String reference = "${directory:/home/u/.clicksim/embedded/postgres:password}";

    Map<String, String> config = config(new SinkDatabaseEndpoint(DB, reference));

    assertThat(config).containsEntry("connection.password", reference);
    assertThat(config.values()).noneMatch(v -> v.contains(PASSWORD));
    assertThat(config).containsEntry("connection.username", "user_metrics");
  }

  @Test
  void should_send_the_password_only_to_a_sink_without_a_reference() {
    Map<String, String> config = config(SinkDatabaseEndpoint.sendingThePassword(DB));

    assertThat(config).containsEntry("connection.password", PASSWORD);
  }

  @Test
  void should_put_the_same_configuration_for_the_same_reference_so_provisioning_sees_no_change() {
    String reference = "${env:POSTGRES_PASSWORD}";
    DatabaseEndpoint sameDbOtherPasswordHere =
        new DatabaseEndpoint(DB.jdbcUrl(), DB.user(), Secret.of("rotated"));

    assertThat(config(new SinkDatabaseEndpoint(DB, reference)))
        .isEqualTo(config(new SinkDatabaseEndpoint(sameDbOtherPasswordHere, reference)));
  }

  @Test
  void should_recognise_whole_config_provider_references_only() {
    assertThat(SinkDatabaseEndpoint.isReference("${env:POSTGRES_PASSWORD}")).isTrue();
    assertThat(SinkDatabaseEndpoint.isReference("${file:/etc/secrets/db.properties:password}"))
        .isTrue();
    assertThat(SinkDatabaseEndpoint.isReference("${directory:/data/postgres:password}")).isTrue();

    assertThat(SinkDatabaseEndpoint.isReference("password_metrics")).isFalse();
    assertThat(SinkDatabaseEndpoint.isReference("${password_metrics}")).isFalse();
    assertThat(SinkDatabaseEndpoint.isReference("pre${env:X}")).isFalse();
    assertThat(SinkDatabaseEndpoint.isReference("${env:}")).isFalse();
    assertThat(SinkDatabaseEndpoint.isReference("")).isFalse();
    assertThat(SinkDatabaseEndpoint.isReference(null)).isFalse();
  }
}
