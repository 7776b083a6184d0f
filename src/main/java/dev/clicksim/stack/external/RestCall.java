package dev.clicksim.stack.external;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;

/**
 * The HTTP plumbing the ksqlDB and Schema Registry clients share: JSON in and out, optional basic auth, and transport
 * failures turned into one-line {@link ClicksimFailure}s that name the service and its URL (never the password).
 */
final class RestCall {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status code and parsed body (a JSON null node when the body is empty or not JSON). */
  record Reply(int status, JsonNode body, String rawBody) {}

  private final String service;
  private final URI baseUrl;
  private final String authorization;
  private final HttpClient http;
  private final Duration requestTimeout;

  RestCall(String service, URI baseUrl, String user, Secret password, Duration requestTimeout) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.authorization = user == null || user.isEmpty() ? null
        : "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + (password == null ? "" : password.reveal())).getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  }

  String service() {
    return service;
  }

  URI baseUrl() {
    return baseUrl;
  }

  URI uri(String path) {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
  }

  static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Reply get(String path, String accept) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), accept);
  }

  Reply post(String path, Object body, String contentType) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), contentType);
  }

  private Reply send(HttpRequest.Builder builder, String accept) {
    builder.timeout(requestTimeout).header("Accept", accept);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "cannot connect to " + service + " at " + baseUrl, e);
    } catch (HttpTimeoutException e) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, service + " at " + baseUrl + " did not answer "
          + request.method() + " " + request.uri().getPath() + " within " + requestTimeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, service + " at " + baseUrl + " failed: " + firstLine(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "interrupted while calling " + service, e);
    }
    Reply reply = new Reply(response.statusCode(), parse(response.body()), response.body());
    if (reply.status() == 401 || reply.status() == 403) {
      throw new ClicksimFailure(ClicksimFailure.Kind.AUTHENTICATION, service + " at " + baseUrl + " refused the credentials ("
          + reply.status() + (authorization == null ? ", none were given" : ", user given") + "): " + errorText(reply));
    }
    return reply;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.nullNode();
    }
  }

  /** The server's own error text: {@code message} (with {@code error_code}) when the body has one, else its first line. */
  static String errorText(Reply reply) {
    JsonNode body = reply.body();
    if (body != null && body.hasNonNull("message")) {
      String message = firstLine(body.get("message").asText());
      return body.hasNonNull("error_code") ? message + " (error_code " + body.get("error_code").asText() + ")" : message;
    }
    String raw = firstLine(reply.rawBody());
    return raw.isEmpty() ? "HTTP " + reply.status() + " with no body" : raw;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    return s.strip().lines().findFirst().orElse("").strip();
  }

  /** A wait without a fixed sleep in callers: the interval comes from the caller, and interruption is reported. */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "interrupted", e);
    }
  }
}
