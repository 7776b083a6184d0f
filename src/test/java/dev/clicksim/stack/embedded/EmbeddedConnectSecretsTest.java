package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded worker's config provider resolves the sink's reference to the password file, and
 * reads nothing outside the password's directory.
 */
class EmbeddedConnectSecretsTest {

  @TempDir Path data;

  /** The provider as the worker builds it from its {@code config.providers.*} properties. */
  private static ConfigTransformer workersTransformer(EmbeddedConnect connect) throws Exception {
    Map<String, String> worker = connect.workerProperties();
    String name = worker.get("config.providers");
    ConfigProvider provider =
        (ConfigProvider)
            Class.forName(worker.get("config.providers." + name + ".class"))
                .getDeclaredConstructor()
                .newInstance();
    String paramPrefix = "config.providers." + name + ".param.";
    Map<String, String> params = new HashMap<>();
    worker.forEach(
        (k, v) -> {
          if (k.startsWith(paramPrefix)) {
            params.put(k.substring(paramPrefix.length()), v);
          }
        });
    provider.configure(params);
    return new ConfigTransformer(Map.of(name, provider));
  }

  @Test
  void should_resolve_the_sinks_reference_to_the_password_in_its_owner_only_file()
      throws Exception {
    Path postgres = data.resolve("postgres");
    Secret password = EmbeddedPostgresServer.passwordIn(postgres);
    EmbeddedConnect connect =
        new EmbeddedConnect("127.0.0.1:1", data.resolve("connect"), 0, postgres);
    String reference = connect.referenceTo(EmbeddedPostgresServer.PASSWORD_FILE);

    Map<String, String> resolved =
        workersTransformer(connect).transform(Map.of("connection.password", reference)).data();

    assertThat(reference).doesNotContain(password.reveal()).startsWith("${directory:");
    assertThat(resolved).containsEntry("connection.password", password.reveal());
    assertThat(Files.getPosixFilePermissions(postgres.resolve("password")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void should_limit_the_provider_to_the_passwords_directory() throws Exception {
    Path postgres = data.resolve("postgres");
    EmbeddedPostgresServer.passwordIn(postgres);
    Path elsewhere = Files.createDirectories(data.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("secret"), "not-for-connectors");
    EmbeddedConnect connect =
        new EmbeddedConnect("127.0.0.1:1", data.resolve("connect"), 0, postgres);

    Map<String, String> resolved =
        workersTransformer(connect)
            .transform(Map.of("x", "${directory:" + elsewhere + ":secret}"))
            .data();

    assertThat(connect.workerProperties())
        .containsEntry("config.providers.directory.class", DirectoryConfigProvider.class.getName());
    assertThat(resolved.get("x")).doesNotContain("not-for-connectors");
  }

  @Test
  void should_rewrite_a_hand_edited_password_file_without_its_trailing_newline()
      throws IOException {
    Path postgres = Files.createDirectories(data.resolve("postgres"));
    Files.writeString(postgres.resolve("password"), "restored-by-hand\n");

    Secret password = EmbeddedPostgresServer.passwordIn(postgres);

    assertThat(password.reveal()).isEqualTo("restored-by-hand");
    assertThat(Files.readString(postgres.resolve("password"))).isEqualTo("restored-by-hand");
    assertThat(Files.getPosixFilePermissions(postgres.resolve("password")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void should_refuse_a_data_directory_the_reference_syntax_cannot_hold() {
    Path odd = data.resolve("a:b");

    assertThatThrownBy(() -> new EmbeddedConnect("127.0.0.1:1", data.resolve("connect"), 0, odd))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("contains ':' or '}'");
  }
}
