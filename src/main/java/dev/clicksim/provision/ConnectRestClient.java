package dev.clicksim.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.http.RestClient;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.wait.BoundedWait;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The few calls of Kafka Connect's REST API that provisioning needs. Kafka ships no public REST
 * client for Connect, so this one is written here over {@link RestClient}; it talks to the embedded
 * worker and to any remote worker alike.
 */
public final class ConnectRestClient {

  private static final String JSON = "application/json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A worker answers 409 while its group rebalances; that usually ends within seconds. */
  private static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration REBALANCE_RETRY = Duration.ofMillis(500);

  private final RestClient rest;
  private final BoundedWait wait;
  private final Duration rebalanceTimeout;

  public ConnectRestClient(URI baseUrl) {
    this(baseUrl, null, null);
  }

  /**
   * With basic auth when {@code user} is not empty; the password is only ever sent in the header.
   */
  public ConnectRestClient(URI baseUrl, String user, Secret password) {
    this(baseUrl, user, password, BoundedWait.system(), REBALANCE_TIMEOUT);
  }

  public ConnectRestClient(ServiceEndpoint endpoint) {
    this(endpoint.url(), endpoint.user(), endpoint.password());
  }

  ConnectRestClient(
      URI baseUrl, String user, Secret password, BoundedWait wait, Duration rebalanceTimeout) {
    this.rest = new RestClient("Kafka Connect", baseUrl, user, password, REQUEST_TIMEOUT);
    this.wait = wait;
    this.rebalanceTimeout = rebalanceTimeout;
  }

  public URI baseUrl() {
    return rest.baseUrl();
  }

  /** A connector's state and its tasks' states, with the first line of a failed task's trace. */
  public record ConnectorStatus(String connectorState, List<TaskStatus> tasks) {

    public boolean isRunning() {
      return "RUNNING".equals(connectorState)
          && !tasks.isEmpty()
          && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    public Optional<TaskStatus> failedTask() {
      return tasks.stream().filter(t -> "FAILED".equals(t.state())).findFirst();
    }
  }

  public record TaskStatus(int id, String state, String trace) {}

  public List<String> connectorPluginClasses() {
    JsonNode plugins = found("/connector-plugins?connectorsOnly=true");
    List<String> classes = new ArrayList<>();
    plugins.forEach(p -> classes.add(p.path("class").asText()));
    return classes;
  }

  /** Every connector's configuration ({@code GET /connectors?expand=info}). */
  public Map<String, Map<String, String>> allConnectorConfigs() {
    JsonNode all = found("/connectors?expand=info");
    Map<String, Map<String, String>> out = new TreeMap<>();
    all.fields()
        .forEachRemaining(
            e -> out.put(e.getKey(), strings(e.getValue().path("info").path("config"))));
    return out;
  }

  public Optional<Map<String, String>> connectorConfig(String name) {
    return send("GET", connector(name) + "/config", null, 200).map(ConnectRestClient::strings);
  }

  /**
   * Creates the connector or replaces its configuration ({@code PUT /connectors/{name}/config}).
   */
  public void putConnectorConfig(String name, Map<String, String> config) {
    send("PUT", connector(name) + "/config", config, 200, 201);
  }

  public Optional<ConnectorStatus> status(String name) {
    return send("GET", connector(name) + "/status", null, 200)
        .map(
            node -> {
              List<TaskStatus> tasks = new ArrayList<>();
              node.path("tasks")
                  .forEach(
                      t ->
                          tasks.add(
                              new TaskStatus(
                                  t.path("id").asInt(),
                                  t.path("state").asText(),
                                  t.path("trace").asText(""))));
              return new ConnectorStatus(node.path("connector").path("state").asText(), tasks);
            });
  }

  public void restartConnector(String name) {
    send(
        "POST",
        connector(name) + "/restart?includeTasks=true&onlyFailed=true",
        null,
        200,
        202,
        204);
  }

  /**
   * Restarts the connector and all its tasks, running or not ({@code POST
   * /connectors/{name}/restart?includeTasks=true&onlyFailed=false}, KIP-745, Kafka 3.0 on).
   *
   * @return whether the connector exists
   */
  public boolean restartConnectorAndAllTasks(String name) {
    return send(
            "POST",
            connector(name) + "/restart?includeTasks=true&onlyFailed=false",
            null,
            200,
            202,
            204)
        .isPresent();
  }

  /**
   * Restarts one task ({@code POST /connectors/{name}/tasks/{id}/restart}).
   *
   * @return whether the task exists
   */
  public boolean restartTask(String name, int task) {
    return send("POST", connector(name) + "/tasks/" + task + "/restart", null, 200, 202, 204)
        .isPresent();
  }

  /**
   * Pauses the connector and its tasks ({@code PUT /connectors/{name}/pause}): they stop consuming,
   * keep their offsets and report PAUSED.
   *
   * @return whether the connector exists
   */
  public boolean pauseConnector(String name) {
    return send("PUT", connector(name) + "/pause", null, 200, 202, 204).isPresent();
  }

  /**
   * Resumes a paused connector ({@code PUT /connectors/{name}/resume}).
   *
   * @return whether the connector exists
   */
  public boolean resumeConnector(String name) {
    return send("PUT", connector(name) + "/resume", null, 200, 202, 204).isPresent();
  }

  /**
   * A GET of a path every worker has: a 404 there means the URL is not a Connect worker's REST API.
   */
  private JsonNode found(String path) {
    return send("GET", path, null, 200)
        .orElseThrow(
            () ->
                new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    rest.name() + " answered 404 to GET " + path + "; is this Kafka Connect?"));
  }

  private static String connector(String name) {
    return "/connectors/" + RestClient.pathSegment(name);
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> config = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  /**
   * Retries 409 (a worker rebalancing) for a while; 404 is an empty answer, any other status a
   * one-line failure.
   */
  private Optional<JsonNode> send(String method, String path, Object body, int... okCodes) {
    String what = method + " " + path;
    RestClient.Reply[] last = {null};
    RestClient.Reply reply =
        wait.until(
            rebalanceTimeout,
            REBALANCE_RETRY,
            () -> {
              last[0] =
                  switch (method) {
                    case "GET" -> rest.get(path, JSON);
                    case "PUT" -> rest.put(path, body, JSON);
                    default -> rest.post(path, body, JSON);
                  };
              return last[0].status() == 409 ? Optional.empty() : Optional.of(last[0]);
            },
            () ->
                new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    rest.name()
                        + " still answered 409 (rebalancing) to "
                        + what
                        + " after "
                        + rebalanceTimeout.toSeconds()
                        + " s: "
                        + RestClient.errorText(last[0])));
    if (reply.hasStatus(okCodes)) {
      return Optional.of(reply.body());
    }
    if (reply.status() == 404) {
      return Optional.empty();
    }
    throw rest.unexpected(reply, what);
  }
}
