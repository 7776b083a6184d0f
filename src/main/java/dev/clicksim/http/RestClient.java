package dev.clicksim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Secret;
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

/**
 * The one HTTP layer of clicksim's REST clients (Kafka Connect, ksqlDB, Schema Registry): JSON in
 * and out, basic auth when a user is given, and every failure below the service's own answers as a
 * one-line {@link ClicksimFailure} naming the service and its URL, never the password. A status is
 * the caller's to read, except two that no caller can do anything with: 401/403 (AUTHENTICATION)
 * and a body that is not JSON (the URL points at something else).
 */
public final class RestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One client for the JVM: each {@link HttpClient} has its own selector thread and connection
   * pool.
   */
  private static final class Shared {
    static final HttpClient HTTP =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** A response: its status, its body as JSON (a JSON null node when empty) and as text. */
  public record Reply(int status, JsonNode body, String rawBody) {

    public boolean hasStatus(int... codes) {
      for (int code : codes) {
        if (status == code) {
          return true;
        }
      }
      return false;
    }
  }

  private final String service;
  private final URI baseUrl;
  private final String authorization;
  private final Duration requestTimeout;

  /**
   * @param service the service's name in messages: "Kafka Connect", "ksqlDB", "Schema Registry"
   * @param user basic auth's user, or null or empty for none; the password is only ever put in the
   *     header
   */
  public RestClient(
      String service, URI baseUrl, String user, Secret password, Duration requestTimeout) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.authorization =
        user == null || user.isEmpty()
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + (password == null ? "" : password.reveal()))
                            .getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = requestTimeout;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** "Kafka Connect at http://connect:8083", the start of every message about this service. */
  public String name() {
    return service + " at " + baseUrl;
  }

  public Reply get(String path, String accept) {
    return send("GET", path, null, accept);
  }

  /**
   * A POST with {@code body} as JSON of {@code contentType} (also the accepted type), or with no
   * body when it is null.
   */
  public Reply post(String path, Object body, String contentType) {
    return send("POST", path, body, contentType);
  }

  public Reply put(String path, Object body, String contentType) {
    return send("PUT", path, body, contentType);
  }

  /**
   * The failure for a status the caller did not expect: "ksqlDB at ... answered 500 to POST /ksql:
   * Server Error".
   */
  public ClicksimFailure unexpected(Reply reply, String what) {
    return new ClicksimFailure(
        ClicksimFailure.Kind.INFRASTRUCTURE,
        name() + " answered " + reply.status() + " to " + what + ": " + errorText(reply));
  }

  private Reply send(String method, String path, Object body, String mediaType) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(path)).timeout(requestTimeout).header("Accept", mediaType);
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", mediaType)
          .method(method, HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8));
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response =
          Shared.HTTP.send(
              builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot connect to " + name(), e);
    } catch (HttpTimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          name()
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + requestTimeout.toSeconds()
              + " s",
          e);
    } catch (IOException e) {
      String why =
          e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          name() + " failed " + method + " " + path + ": " + why,
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while calling " + name(), e);
    }
    int status = response.statusCode();
    String raw = response.body() == null ? "" : response.body();
    JsonNode parsed = parse(raw);
    if (status == 401 || status == 403) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.AUTHENTICATION,
          name()
              + " refused the credentials ("
              + status
              + (authorization == null ? ", none were given" : ", user given")
              + "): "
              + errorText(new Reply(status, orNull(parsed), raw)));
    }
    if (parsed == null && status < 500) {
      // A 5xx without JSON is usually a proxy's error page and says enough; anything else means the
      // URL is wrong.
      String type = response.headers().firstValue("Content-Type").map(t -> ", " + t).orElse("");
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          name()
              + ": answered something that is not JSON to "
              + method
              + " "
              + path
              + " (HTTP "
              + status
              + type
              + ": "
              + shorten(firstLine(raw))
              + "); is this "
              + service
              + "?");
    }
    return new Reply(status, orNull(parsed), raw);
  }

  private URI uri(String path) {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a request body as JSON", e);
    }
  }

  /** The body as JSON, a JSON null node when it is empty, or null when it is not JSON. */
  private static JsonNode parse(String body) {
    if (body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonNode orNull(JsonNode parsed) {
    return parsed == null ? JSON.nullNode() : parsed;
  }

  /**
   * The server's own error text: {@code message} (with {@code error_code}) when the body has one,
   * else its first line.
   */
  public static String errorText(Reply reply) {
    JsonNode body = reply.body();
    if (body != null && body.hasNonNull("message")) {
      String message = firstLine(body.get("message").asText());
      return body.hasNonNull("error_code")
          ? message + " (error_code " + body.get("error_code").asText() + ")"
          : message;
    }
    String raw = shorten(firstLine(reply.rawBody()));
    return raw.isEmpty() ? "HTTP " + reply.status() + " with no body" : raw;
  }

  public static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    return s.strip().lines().findFirst().orElse("").strip();
  }

  /** A path segment, percent-encoded (spaces as {@code %20}, not {@code +}). */
  public static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String shorten(String s) {
    return s.length() > 100 ? s.substring(0, 97) + "..." : s;
  }
}
