package dev.clicksim.http;

import static dev.clicksim.testing.RecordedServer.html;
import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;
import dev.clicksim.testing.RecordedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestClientTest {

  private static final String JSON = "application/json";
  private final RecordedServer server = new RecordedServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private RestClient client(String user, Secret password) {
    return new RestClient("Kafka Connect", server.url(), user, password, Duration.ofSeconds(10));
  }

  private static ClicksimFailure.Kind kindOf(Throwable e) {
    return ((ClicksimFailure) e).kind();
  }

  @Test
  void should_send_basic_auth_when_a_user_is_given() {
    server.on("GET /connectors", ok("[]"));

    client("clicksim", Secret.of("s3cret-pw")).get("/connectors", JSON);

    assertThat(server.requests.get(0).header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("clicksim:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void should_send_no_authorization_header_without_a_user() {
    server.on("GET /connectors", ok("[]"));

    client("", Secret.of("ignored")).get("/connectors", JSON);

    assertThat(server.requests.get(0).header("Authorization")).isNull();
  }

  @Test
  void should_send_a_body_as_json_of_the_given_type() {
    server.on("PUT /connectors/sink/config", status(201, "{}"));

    RestClient.Reply reply =
        client(null, null).put("/connectors/sink/config", Map.of("tasks.max", "1"), JSON);

    assertThat(reply.status()).isEqualTo(201);
    RecordedServer.Request sent = server.requests.get(0);
    assertThat(sent.body()).isEqualTo("{\"tasks.max\":\"1\"}");
    assertThat(sent.header("Content-Type")).isEqualTo(JSON);
    assertThat(sent.header("Accept")).isEqualTo(JSON);
  }

  @Test
  void should_read_an_empty_body_as_json_null() {
    server.on("POST /connectors/sink/restart", status(204, ""));

    RestClient.Reply reply = client(null, null).post("/connectors/sink/restart", null, JSON);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.body().isNull()).isTrue();
    assertThat(server.requests.get(0).header("Content-Type")).isNull();
  }

  @Test
  void should_fail_with_authentication_on_401_and_403_without_the_password() {
    server
        .on("GET /a", status(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"))
        .on("GET /b", status(403, "{\"error_code\":403,\"message\":\"Forbidden\"}"));
    RestClient client = client("clicksim", Secret.of("s3cret-pw"));

    assertThatThrownBy(() -> client.get("/a", JSON))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + " refused the credentials (401, user given): Unauthorized (error_code 401)");
    assertThatThrownBy(() -> client.get("/b", JSON))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessageContaining("(403, user given)")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void should_say_that_no_credentials_were_given_when_asked_for_some() {
    server.on("GET /a", status(401, ""));

    assertThatThrownBy(() -> client(null, null).get("/a", JSON))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + " refused the credentials (401, none were given): HTTP 401 with no body");
  }

  @Test
  void should_fail_in_one_line_naming_the_endpoint_when_the_answer_is_not_json() {
    server.on(
        "GET /connectors",
        html(
            200,
            "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n<body></body></html>"));

    assertThatThrownBy(() -> client(null, null).get("/connectors", JSON))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + ": answered something that is not JSON to GET /connectors (HTTP 200, text/html:"
                + " <!DOCTYPE html>); is this Kafka Connect?");
  }

  @Test
  void should_hand_a_server_error_page_to_the_caller_with_its_first_line() {
    server.on("GET /connectors", html(502, "<html><title>502 Bad Gateway</title>\n</html>"));
    RestClient client = client(null, null);

    RestClient.Reply reply = client.get("/connectors", JSON);

    assertThat(client.unexpected(reply, "GET /connectors"))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + " answered 502 to GET /connectors: <html><title>502 Bad Gateway</title>");
  }

  @Test
  void should_fail_with_infrastructure_naming_the_url_when_nothing_listens() throws IOException {
    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    RestClient client =
        new RestClient(
            "Schema Registry", closed, "u", Secret.of("s3cret-pw"), Duration.ofSeconds(10));

    assertThatThrownBy(() -> client.get("/subjects", JSON))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage("cannot connect to Schema Registry at " + closed);
  }

  @Test
  void should_fail_with_infrastructure_when_the_server_does_not_answer_in_time() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      RestClient client = new RestClient("ksqlDB", url, null, null, Duration.ofSeconds(1));
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket accepted = silent.accept()) {
                  accepted.getInputStream().readAllBytes();
                } catch (IOException e) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      assertThatThrownBy(() -> client.get("/info", JSON))
          .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
          .hasMessage("ksqlDB at " + url + " did not answer GET /info within 1 s");
    }
  }

  @Test
  void should_fail_as_interrupted_when_the_calling_thread_is_interrupted() {
    server.on("GET /info", ok("{}"));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client(null, null).get("/info", JSON))
          .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INTERRUPTED));
    } finally {
      Thread.interrupted();
    }
  }
}
