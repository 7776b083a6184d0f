package dev.clicksim.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that answers recorded responses: for each "METHOD /path" a queue of
 * (status, body), the last one repeated. It keeps every request it got, so tests can check what the
 * client sent.
 */
public final class RecordedServer implements AutoCloseable {

  public record Response(int status, String body, String contentType) {}

  /**
   * @param query the raw query string, null for none
   */
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body, String query) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(e -> e.getValue().get(0))
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Map<String, Deque<Response>> routes = new LinkedHashMap<>();
  public final List<Request> requests = new CopyOnWriteArrayList<>();

  public RecordedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          // The raw path keeps percent-encoding, as the client sent it.
          String path = exchange.getRequestURI().getRawPath();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  path,
                  Map.copyOf(exchange.getRequestHeaders()),
                  body,
                  exchange.getRequestURI().getRawQuery()));
          Response r = next(exchange.getRequestMethod() + " " + path);
          byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", r.contentType());
          exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  /** Answers {@code METHOD /path} with these responses in turn, repeating the last. */
  public RecordedServer on(String methodAndPath, Response... responses) {
    synchronized (routes) {
      routes.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).addAll(List.of(responses));
    }
    return this;
  }

  private Response next(String key) {
    synchronized (routes) {
      Deque<Response> queue = routes.get(key);
      if (queue == null || queue.isEmpty()) {
        return status(
            404, "{\"error_code\":40400,\"message\":\"no recorded response for " + key + "\"}");
      }
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  public static Response ok(String body) {
    return status(200, body);
  }

  public static Response status(int status, String body) {
    return new Response(status, body, "application/json");
  }

  /** A page of a web server that is not the service: HTML, as nginx or a wrong port answers. */
  public static Response html(int status, String body) {
    return new Response(status, body, "text/html");
  }

  /** A recorded body from src/test/resources/{area}/{name}. */
  public static String fixture(String area, String name) {
    try (InputStream in = RecordedServer.class.getResourceAsStream("/" + area + "/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + area + "/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests(String methodAndPath) {
    return requests.stream()
        .filter(r -> (r.method() + " " + r.path()).equals(methodAndPath))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
