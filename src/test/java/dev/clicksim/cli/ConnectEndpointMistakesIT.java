package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import dev.clicksim.testing.RecordedServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --target external} with a wrong {@code --connect-url}: a port nothing listens on, and a
 * plain web server that is not Connect. Connect is reached only after Kafka (provision) or the
 * database (verify) answered, so the rest of the target is the real embedded stack; the command
 * fails in one line naming the endpoint, exit 4.
 */
class ConnectEndpointMistakesIT {

  private static final String NGINX_PAGE =
      "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head></html>\n";

  private static Path root;
  private static EmbeddedStack stack;
  private static RecordedServer notConnect;
  private static URI closed;
  private static Path run;

  @BeforeAll
  static void startStack() throws Exception {
    root = Files.createTempDirectory("clicksim-connect-mistakes-it");
    stack = EmbeddedStackFixture.startProvisioned(root.resolve("fixture"));
    Files.writeString(root.resolve("db-password"), stack.database().password().reveal());
    notConnect =
        new RecordedServer()
            .on("GET /connector-plugins", RecordedServer.html(200, NGINX_PAGE))
            .on(
                "GET /connectors/clicksim-postgres-sink/status",
                RecordedServer.html(200, NGINX_PAGE));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    Cli.run("run", "--dry-run", "--runs-dir", root.resolve("runs").toString()).expectExit(0);
    try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
  }

  @AfterAll
  static void stopStack() {
    if (notConnect != null) {
      notConnect.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Cli.Result external(URI connectUrl, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--target",
            "external",
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--connect-url",
            connectUrl.toString(),
            "--jdbc-url",
            stack.database().jdbcUrl(),
            "--db-user",
            stack.database().user(),
            "--db-password-file",
            root.resolve("db-password").toString(),
            "--state-dir",
            root.resolve("state").toString()));
    return Cli.run(args.toArray(String[]::new)).expectExit(ExitCode.INFRASTRUCTURE.code());
  }

  private static String onlyLine(Cli.Result r) {
    assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
    return r.err().strip();
  }

  @Test
  void should_name_the_connect_url_nothing_listens_on_when_provisioning() {
    assertThat(onlyLine(external(closed, "provision")))
        .isEqualTo("clicksim: cannot connect to Kafka Connect at " + closed);
  }

  @Test
  void should_name_the_connect_url_nothing_listens_on_when_verifying() {
    assertThat(onlyLine(external(closed, "verify", "--run", run.toString())))
        .isEqualTo("clicksim: cannot connect to Kafka Connect at " + closed);
  }

  @Test
  void should_ask_whether_a_web_server_is_connect_when_provisioning() {
    assertThat(onlyLine(external(notConnect.url(), "provision")))
        .startsWith("clicksim: Kafka Connect at " + notConnect.url())
        .contains("text/html")
        .endsWith("is this Kafka Connect?");
  }

  @Test
  void should_ask_whether_a_web_server_is_connect_when_verifying() {
    assertThat(onlyLine(external(notConnect.url(), "verify", "--run", run.toString())))
        .startsWith("clicksim: Kafka Connect at " + notConnect.url())
        .endsWith("is this Kafka Connect?");
  }
}
