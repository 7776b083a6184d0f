package dev.clicksim.provision;

import static dev.clicksim.testing.RecordedServer.html;
import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.testing.RecordedServer;
import dev.clicksim.wait.BoundedWait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Connect client against a recorded worker: the bodies follow Kafka Connect's REST API
 * reference.
 */
class ConnectRestClientTest {

  private static final String STATUS = "GET /connectors/clicksim-sink/status";
  private static final String RUNNING =
      """
      {"name":"clicksim-sink","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},
       "tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"}],"type":"sink"}""";
  private static final String REBALANCING =
      "{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale"
          + " configuration (typically caused by a concurrent config change)\"}";

  private final RecordedServer server = new RecordedServer();
  private long now;

  @AfterEach
  void stop() {
    server.close();
  }

  /** Retries without pausing, on a clock that the pauses move. */
  private ConnectRestClient client(String user, Secret password) {
    return new ConnectRestClient(
        server.url(),
        user,
        password,
        new BoundedWait(() -> now, d -> now += d.toNanos()),
        Duration.ofSeconds(10));
  }

  private static ClicksimFailure.Kind kindOf(Throwable e) {
    return ((ClicksimFailure) e).kind();
  }

  @Test
  void should_send_basic_auth_to_connect_when_a_user_is_given() {
    server.on(STATUS, ok(RUNNING));

    new ConnectRestClient(ServiceEndpoint.of(server.url())).status("clicksim-sink");
    new ConnectRestClient(new ServiceEndpoint(server.url(), "clicksim", Secret.of("s3cret-pw")))
        .status("clicksim-sink");

    assertThat(server.requests(STATUS))
        .extracting(r -> r.header("Authorization"))
        .containsExactly(
            null,
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("clicksim:s3cret-pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void should_read_a_connectors_status() {
    server.on(STATUS, ok(RUNNING));

    ConnectRestClient.ConnectorStatus status =
        client(null, null).status("clicksim-sink").orElseThrow();

    assertThat(status.isRunning()).isTrue();
    assertThat(status.tasks()).containsExactly(new ConnectRestClient.TaskStatus(0, "RUNNING", ""));
  }

  @Test
  void should_answer_empty_for_a_missing_connector() {
    server.on(
        "GET /connectors/clicksim-sink/config",
        status(404, "{\"error_code\":404,\"message\":\"Connector clicksim-sink not found\"}"));

    assertThat(client(null, null).connectorConfig("clicksim-sink")).isEmpty();
  }

  @Test
  void should_put_the_configuration_as_json() {
    server.on(
        "PUT /connectors/clicksim-sink/config",
        status(201, "{\"name\":\"clicksim-sink\",\"config\":{},\"tasks\":[]}"));

    client(null, null).putConnectorConfig("clicksim-sink", Map.of("tasks.max", "1"));

    RecordedServer.Request sent = server.requests("PUT /connectors/clicksim-sink/config").get(0);
    assertThat(sent.body()).isEqualTo("{\"tasks.max\":\"1\"}");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void
      should_fail_with_authentication_when_connect_refuses_the_credentials_without_showing_the_password() {
    server.on(STATUS, status(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));

    assertThatThrownBy(() -> client("clicksim", Secret.of("s3cret-pw")).status("clicksim-sink"))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.AUTHENTICATION))
        .hasMessageStartingWith("Kafka Connect at " + server.url() + " refused the credentials")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void should_fail_in_one_line_naming_the_url_when_a_web_server_that_is_not_connect_answers() {
    // The recorded server matches paths without their query: this is any plain web server's 404
    // page.
    server.on("GET /connectors", html(404, "<html>\n<body>Not Found</body>\n</html>"));

    assertThatThrownBy(() -> client("clicksim", Secret.of("s3cret-pw")).allConnectorConfigs())
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessageNotContaining("s3cret-pw")
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + ": answered something that is not JSON to GET /connectors?expand=info"
                + " (HTTP 404, text/html: <html>); is this Kafka Connect?");
  }

  @Test
  void should_retry_while_the_worker_rebalances_then_succeed() {
    server.on(STATUS, status(409, REBALANCING), status(409, REBALANCING), ok(RUNNING));

    assertThat(client(null, null).status("clicksim-sink"))
        .hasValueSatisfying(s -> assertThat(s.isRunning()).isTrue());
    assertThat(server.requests(STATUS)).hasSize(3);
  }

  @Test
  void should_give_up_on_a_rebalance_that_does_not_end() {
    server.on(STATUS, status(409, REBALANCING));

    assertThatThrownBy(() -> client(null, null).status("clicksim-sink"))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + " still answered 409 (rebalancing) to GET /connectors/clicksim-sink/status"
                + " after 10 s: Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config"
                + " change) (error_code 409)");
    assertThat(now).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void should_name_the_call_and_the_workers_message_on_a_server_error() {
    server.on(
        "PUT /connectors/clicksim-sink/config",
        status(500, "{\"error_code\":500,\"message\":\"Request timed out\"}"));

    assertThatThrownBy(() -> client(null, null).putConnectorConfig("clicksim-sink", Map.of()))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            "Kafka Connect at "
                + server.url()
                + " answered 500 to PUT /connectors/clicksim-sink/config: Request timed out"
                + " (error_code 500)");
  }

  @Test
  void should_fail_with_infrastructure_naming_the_url_when_connect_is_not_running()
      throws IOException {
    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }

    assertThatThrownBy(
            () ->
                new ConnectRestClient(closed, "clicksim", Secret.of("s3cret-pw"))
                    .connectorPluginClasses())
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage("cannot connect to Kafka Connect at " + closed);
  }
}
