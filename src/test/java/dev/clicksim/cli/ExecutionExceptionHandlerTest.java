package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.failure.ClicksimFailure;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ExecutionExceptionHandlerTest {

  @Test
  void should_map_a_kafka_client_setting_the_client_refused_to_invalid_input_naming_the_option() {
    Exception refused =
        new KafkaException(
            "Failed to create new KafkaAdminClient",
            new ConfigException("Invalid url in bootstrap.servers: not a host"));

    assertThat(ExecutionExceptionHandler.exitCode(refused)).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExecutionExceptionHandler.message(refused))
        .isEqualTo("--bootstrap-servers: Invalid url in bootstrap.servers: not a host");
  }

  @Test
  void should_point_at_the_properties_for_any_other_kafka_setting() {
    Exception refused =
        new ConfigException("security.protocol", "FOO", "String must be one of: PLAINTEXT, SSL");

    assertThat(ExecutionExceptionHandler.exitCode(refused)).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExecutionExceptionHandler.message(refused))
        .startsWith("a Kafka client setting (--properties or --profile): ")
        .contains("security.protocol");
  }

  @Test
  void should_keep_the_kind_of_a_clicksim_failure_that_wraps_a_kafka_setting() {
    Exception wrapped =
        new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            "embedded kafka could not start: its configuration was refused",
            new ConfigException("Invalid value -1 for configuration port"));

    assertThat(ExecutionExceptionHandler.exitCode(wrapped)).isEqualTo(ExitCode.INFRASTRUCTURE);
    assertThat(ExecutionExceptionHandler.message(wrapped))
        .isEqualTo("embedded kafka could not start: its configuration was refused");
  }
}
