package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.external.ExternalEndpoints;
import dev.clicksim.stack.external.ExternalStack;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExternalOptionsTest {

  @TempDir Path dir;

  private static ExternalEndpoints resolve(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of("--bootstrap-servers", "kafka:9092", "--jdbc-url", "jdbc:postgresql://db/x"));
    all.addAll(List.of(args));
    ExternalOptions options = new ExternalOptions();
    new CommandLine(options).parseArgs(all.toArray(String[]::new));
    return options.resolve(true);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void should_carry_each_services_user_and_password_file_from_the_options() throws IOException {
    ExternalEndpoints e =
        resolve(
            "--connect-url",
            "http://connect:8083",
            "--connect-user",
            "sink",
            "--connect-password-file",
            file("connect", "c0nnect-pw\n").toString(),
            "--ksqldb-url",
            "http://ksqldb:8088",
            "--ksqldb-user",
            "ksql",
            "--ksqldb-password-file",
            file("ksqldb", "ksql-pw").toString(),
            "--schema-registry-url",
            "http://sr:8081",
            "--schema-registry-user",
            "sr",
            "--schema-registry-password-file",
            file("sr", "sr-pw\n").toString());

    assertThat(e.connect().user()).isEqualTo("sink");
    assertThat(e.connect().password().reveal()).isEqualTo("c0nnect-pw");
    assertThat(e.ksqlDb().user()).isEqualTo("ksql");
    assertThat(e.ksqlDb().password().reveal()).isEqualTo("ksql-pw");
    assertThat(e.schemaRegistry().user()).isEqualTo("sr");
    assertThat(e.schemaRegistry().password().reveal()).isEqualTo("sr-pw");
    assertThat(e.connectUrl()).isEqualTo(URI.create("http://connect:8083"));
    assertThat(e.toString()).doesNotContain("c0nnect-pw", "ksql-pw", "sr-pw");
  }

  @Test
  void should_read_credentials_from_the_properties_file_and_let_an_option_override_the_user()
      throws IOException {
    Path props =
        file(
            "external.properties",
            """
        clicksim.connect.url=http://connect:8083
        clicksim.connect.user=from-file
        clicksim.connect.password=c0nnect-pw
        clicksim.schema-registry.url=http://sr:8081
        clicksim.schema-registry.user=sr
        clicksim.schema-registry.password=sr-pw
        """);

    ExternalEndpoints e =
        resolve("--properties", props.toString(), "--connect-user", "from-option");

    assertThat(e.connect())
        .isEqualTo(
            new ServiceEndpoint(
                URI.create("http://connect:8083"), "from-option", e.connect().password()));
    assertThat(e.connect().password().reveal()).isEqualTo("c0nnect-pw");
    assertThat(e.schemaRegistry().password().reveal()).isEqualTo("sr-pw");
    assertThat(e.ksqlDb()).isNull();
  }

  @Test
  void should_send_no_credentials_when_no_user_is_given() {
    ExternalEndpoints e = resolve("--connect-url", "http://connect:8083");

    assertThat(e.connect()).isEqualTo(ServiceEndpoint.of(URI.create("http://connect:8083")));
  }

  @Test
  void should_refuse_a_password_without_a_user() throws IOException {
    String pw = file("pw", "c0nnect-pw").toString();

    assertThatThrownBy(
            () -> resolve("--connect-url", "http://connect:8083", "--connect-password-file", pw))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "a password for Kafka Connect is given but no user: --connect-user (or clicksim.connect.user in --properties)");
  }

  @Test
  void should_refuse_a_user_for_a_service_without_a_url() {
    assertThatThrownBy(
            () -> resolve("--connect-url", "http://connect:8083", "--ksqldb-user", "ksql"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "a user for ksqlDB is given but no URL: --ksqldb-url (or clicksim.ksqldb.url in --properties)");
  }

  @Test
  void should_name_an_unreadable_password_file() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(
            () ->
                resolve(
                    "--schema-registry-url",
                    "http://sr:8081",
                    "--schema-registry-user",
                    "sr",
                    "--schema-registry-password-file",
                    missing.toString(),
                    "--connect-url",
                    "http://connect:8083"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageStartingWith("--schema-registry-password-file: cannot read " + missing);
  }

  @Test
  void should_hand_connects_credentials_to_whoever_builds_a_connect_client_from_the_stack()
      throws IOException {
    ExternalEndpoints e =
        resolve(
            "--connect-url",
            "http://connect:8083",
            "--connect-user",
            "sink",
            "--connect-password-file",
            file("connect", "c0nnect-pw").toString());

    // The stack's Connect endpoint is the one every Connect client (provisioning, pre-flight, sink
    // health) is built from.
    List<String> endpoints =
        new ExternalStack(
                e, PipelineNames.DEFAULT, WindowSpec.DEFAULT, EngineProfile.fast.settings())
            .describeEndpoints();

    assertThat(endpoints)
        .anyMatch(line -> line.contains("http://connect:8083 (user sink)"))
        .noneMatch(line -> line.contains("c0nnect-pw"));
  }

  @Test
  void should_send_the_password_value_to_a_sink_without_a_reference() {
    ExternalEndpoints e = resolve("--connect-url", "http://connect:8083");

    assertThat(e.sinkDatabase().sendsThePassword()).isTrue();
  }

  @Test
  void should_tell_the_stack_its_parts_are_compose_services_only_with_the_compose_profile() {
    ExternalOptions compose = new ExternalOptions();
    new CommandLine(compose).parseArgs("--profile", "compose");

    assertThat(compose.resolve(true).compose()).isTrue();
    assertThat(resolve("--connect-url", "http://connect:8083").compose()).isFalse();
  }

  @Test
  void should_give_the_compose_sink_the_env_reference_its_connect_worker_resolves() {
    ExternalOptions options = new ExternalOptions();
    new CommandLine(options).parseArgs("--profile", "compose");

    ExternalEndpoints e = options.resolve(true);

    assertThat(e.sinkDatabase().passwordReference()).isEqualTo("${env:POSTGRES_PASSWORD}");
    assertThat(e.sinkDatabase().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/db_metrics");
    assertThat(e.database().password().reveal())
        .as("clicksim itself still connects with the password")
        .isNotEmpty();
  }

  @Test
  void should_carry_the_sinks_password_reference_from_the_option_over_the_properties_file()
      throws IOException {
    Path props =
        file(
            "external.properties",
            "clicksim.sink.jdbc.password-ref=${file:/from/file.properties:password}\n");

    assertThat(
            resolve("--connect-url", "http://connect:8083", "--properties", props.toString())
                .sinkDatabase()
                .passwordReference())
        .isEqualTo("${file:/from/file.properties:password}");
    assertThat(
            resolve(
                    "--connect-url",
                    "http://connect:8083",
                    "--properties",
                    props.toString(),
                    "--sink-db-password-ref",
                    "${file:/etc/secrets/db.properties:password}")
                .sinkDatabase()
                .passwordReference())
        .isEqualTo("${file:/etc/secrets/db.properties:password}");
  }

  @Test
  void should_refuse_a_sink_password_reference_that_is_a_literal_without_repeating_it() {
    assertThatThrownBy(
            () ->
                resolve(
                    "--connect-url", "http://connect:8083", "--sink-db-password-ref", "hunter2"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageStartingWith(
            "--sink-db-password-ref (or clicksim.sink.jdbc.password-ref): not a config provider reference")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void should_show_the_reference_syntax_in_the_help_without_resolving_it() {
    String help =
        new CommandLine(new ExternalOptions()).getUsageMessage().replaceAll("\\s*\\n\\s*", "");

    assertThat(help)
        .contains("--sink-db-password-ref")
        .contains("${file:/etc/secrets/db.properties:password}")
        .contains("${env:POSTGRES_PASSWORD}");
  }

  @Test
  void should_plan_the_sinks_password_as_its_reference_and_mask_a_value() throws IOException {
    ExternalOptions compose = new ExternalOptions();
    new CommandLine(compose).parseArgs("--profile", "compose");
    ExternalStack withReference =
        new ExternalStack(
            compose.resolve(true),
            PipelineNames.DEFAULT,
            WindowSpec.DEFAULT,
            EngineProfile.fast.settings());
    ExternalStack withValue =
        new ExternalStack(
            resolve(
                "--connect-url",
                "http://connect:8083",
                "--db-password-file",
                file("db", "db-pw-value").toString()),
            PipelineNames.DEFAULT,
            WindowSpec.DEFAULT,
            EngineProfile.fast.settings());

    assertThat(withReference.provisioningPlan(withReference.countsTable()))
        .contains("     connection.password=${env:POSTGRES_PASSWORD}");
    assertThat(withValue.provisioningPlan(withValue.countsTable()))
        .contains("     connection.password=******")
        .noneMatch(line -> line.contains("db-pw-value"));
  }
}
