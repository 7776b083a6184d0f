package dev.clicksim.provision;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clicksim.failure.ClicksimFailure;

/**
 * The few calls of Kafka Connect's REST API that provisioning needs, over {@code java.net.http}. Kafka ships no public
 * REST client for Connect, so this one is written here; it talks to the embedded worker and to any remote worker alike.
 */
public final class ConnectRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI baseUrl;
  private final HttpClient http;

  public ConnectRestClient(URI baseUrl) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A connector's state and its tasks' states, with the first line of a failed task's trace. */
  public record ConnectorStatus(String connectorState, List<TaskStatus> tasks) {

    public boolean isRunning() {
      return "RUNNING".equals(connectorState) && !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    public Optional<TaskStatus> failedTask() {
      return tasks.stream().filter(t -> "FAILED".equals(t.state())).findFirst();
    }
  }

  public record TaskStatus(int id, String state, String trace) {}

  public List<String> connectorPluginClasses() {
    JsonNode plugins = send(HttpRequest.newBuilder(uri("/connector-plugins?connectorsOnly=true")).GET(), 200).orElseThrow();
    List<String> classes = new ArrayList<>();
    plugins.forEach(p -> classes.add(p.path("class").asText()));
    return classes;
  }

  /** Every connector's configuration ({@code GET /connectors?expand=info}). */
  public Map<String, Map<String, String>> allConnectorConfigs() {
    JsonNode all = send(HttpRequest.newBuilder(uri("/connectors?expand=info")).GET(), 200).orElseThrow();
    Map<String, Map<String, String>> out = new java.util.TreeMap<>();
    all.fields().forEachRemaining(e -> {
      Map<String, String> config = new LinkedHashMap<>();
      e.getValue().path("info").path("config").fields().forEachRemaining(c -> config.put(c.getKey(), c.getValue().asText()));
      out.put(e.getKey(), config);
    });
    return out;
  }

  public Optional<Map<String, String>> connectorConfig(String name) {
    return send(HttpRequest.newBuilder(uri("/connectors/" + name + "/config")).GET(), 200).map(node -> {
      Map<String, String> config = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      return config;
    });
  }

  /** Creates the connector or replaces its configuration ({@code PUT /connectors/{name}/config}). */
  public void putConnectorConfig(String name, Map<String, String> config) {
    String body;
    try {
      body = JSON.writeValueAsString(config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    send(HttpRequest.newBuilder(uri("/connectors/" + name + "/config"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), 200, 201);
  }

  public Optional<ConnectorStatus> status(String name) {
    return send(HttpRequest.newBuilder(uri("/connectors/" + name + "/status")).GET(), 200).map(node -> {
      List<TaskStatus> tasks = new ArrayList<>();
      node.path("tasks").forEach(t -> tasks.add(new TaskStatus(t.path("id").asInt(), t.path("state").asText(), t.path("trace").asText(""))));
      return new ConnectorStatus(node.path("connector").path("state").asText(), tasks);
    });
  }

  public void restartConnector(String name) {
    send(HttpRequest.newBuilder(uri("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
        .POST(HttpRequest.BodyPublishers.noBody()), 200, 202, 204);
  }

  private URI uri(String path) {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
  }

  /** Sends with a few retries on 409 (a worker rebalancing); 404 is an empty answer, other errors are one line. */
  private Optional<JsonNode> send(HttpRequest.Builder request, int... okCodes) {
    HttpRequest built = request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "cannot connect to Kafka Connect at " + baseUrl, e);
      } catch (IOException e) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "Kafka Connect at " + baseUrl + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "interrupted while calling Kafka Connect", e);
      }
      int code = response.statusCode();
      for (int ok : okCodes) {
        if (code == ok) {
          return Optional.of(parse(response.body()));
        }
      }
      if (code == 404) {
        return Optional.empty();
      }
      if (code == 409 && attempt < 20) {
        sleep(500);
        continue;
      }
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "Kafka Connect at " + baseUrl + " answered " + code + " to "
          + built.method() + " " + built.uri().getPath() + ": " + errorMessage(response.body()));
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "Kafka Connect answered something that is not JSON: "
          + body.lines().findFirst().orElse(""), e);
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node.hasNonNull("message")) {
        return node.get("message").asText().lines().findFirst().orElse("");
      }
    } catch (IOException e) {
      // not JSON: show its first line
    }
    return body == null ? "" : body.lines().findFirst().orElse("");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "interrupted", e);
    }
  }
}
