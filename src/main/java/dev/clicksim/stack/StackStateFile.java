package dev.clicksim.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of a running {@code clicksim up}, written where the other commands find them. It
 * holds the database password, so it is readable by its owner only (0600) and never printed.
 *
 * @param sinkPasswordReference what the sink connector's {@code connection.password} holds, a
 *     reference the stack's Connect worker resolves; null (a file of an older clicksim) sends the
 *     value
 */
public record StackStateFile(
    long pid,
    String bootstrapServers,
    URI connectUrl,
    DatabaseEndpoint database,
    String sinkPasswordReference,
    WindowSpec windows) {

  public static final String FILE_NAME = "stack.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path stateDir) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("pid", pid);
    doc.put("bootstrapServers", bootstrapServers);
    doc.put("connectUrl", connectUrl.toString());
    doc.put("jdbcUrl", database.jdbcUrl());
    doc.put("dbUser", database.user());
    doc.put("dbPassword", database.password().reveal());
    doc.put("sinkPasswordReference", sinkPasswordReference);
    doc.put("windowSizeMs", windows.sizeMs());
    doc.put("graceMs", windows.graceMs());
    try {
      Files.createDirectories(stateDir);
      Path tmp =
          Files.createTempFile(
              stateDir,
              "stack",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      JSON.writeValue(tmp.toFile(), doc);
      Files.move(
          tmp,
          stateDir.resolve(FILE_NAME),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(),
          e);
    }
  }

  /** The sink's database as the stack's Connect worker reaches it. */
  public SinkDatabaseEndpoint sinkDatabase() {
    return new SinkDatabaseEndpoint(database, sinkPasswordReference);
  }

  /**
   * The state of a {@code clicksim up} that is still running; a file left by a dead process is
   * removed.
   */
  public static Optional<StackStateFile> readLive(Path stateDir) {
    Path file = stateDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode doc = JSON.readTree(file.toFile());
      long pid = doc.path("pid").asLong();
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        Files.deleteIfExists(file);
        return Optional.empty();
      }
      return Optional.of(
          new StackStateFile(
              pid,
              doc.path("bootstrapServers").asText(),
              URI.create(doc.path("connectUrl").asText()),
              new DatabaseEndpoint(
                  doc.path("jdbcUrl").asText(),
                  doc.path("dbUser").asText(),
                  Secret.of(doc.path("dbPassword").asText())),
              doc.hasNonNull("sinkPasswordReference")
                  ? doc.get("sinkPasswordReference").asText()
                  : null,
              new WindowSpec(
                  Duration.ofMillis(doc.path("windowSizeMs").asLong()),
                  Duration.ofMillis(doc.path("graceMs").asLong()))));
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static void remove(Path stateDir) {
    try {
      Files.deleteIfExists(stateDir.resolve(FILE_NAME));
    } catch (IOException e) {
      // Best effort at shutdown: a stale file is detected by its dead pid next time.
    }
  }
}
