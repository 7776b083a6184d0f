package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
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
        new ExternalStack(e, PipelineNames.DEFAULT, WindowSpec.DEFAULT, StreamsSettings.DEFAULT)
            .describeEndpoints();

    assertThat(endpoints)
        .anyMatch(line -> line.contains("http://connect:8083 (user sink)"))
        .noneMatch(line -> line.contains("c0nnect-pw"));
  }
}
