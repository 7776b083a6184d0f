package dev.clicksim.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The endpoints of a running {@code clicksim up}, written where the other commands find them. It
 * holds the database password, so it is readable by its owner only (0600) and never printed.
 *
 * @param sinkPasswordReference what the sink connector's {@code connection.password} holds, a
 *     reference the stack's Connect worker resolves; null (a file of an older clicksim) sends the
 *     value
 * @param settings what run.json records of the stack's windowed count (its engine profile and
 *     Streams settings); empty in a file of an older clicksim
 * @param postgresDataDir where the stack's PostgreSQL keeps its data, so that a run attached from
 *     another process can find its postmaster (faults on postgres); null in a file of an older
 *     clicksim, which then offers no such faults
 * @param processDir where the stack's component JVMs (broker, Connect, topology) have their pid
 *     files, so that a run attached from another process can signal them (faults on broker,
 *     connect, aggregation); null in a file of an older clicksim, which then offers no such faults
 */
public record StackStateFile(
    long pid,
    String bootstrapServers,
    URI connectUrl,
    DatabaseEndpoint database,
    String sinkPasswordReference,
    WindowSpec windows,
    Map<String, String> settings,
    Path postgresDataDir,
    Path processDir) {

  public StackStateFile {
    settings = Map.copyOf(settings);
  }

  /** Without the PostgreSQL data directory, as an older clicksim wrote it. */
  public StackStateFile(
      long pid,
      String bootstrapServers,
      URI connectUrl,
      DatabaseEndpoint database,
      String sinkPasswordReference,
      WindowSpec windows,
      Map<String, String> settings) {
    this(
        pid,
        bootstrapServers,
        connectUrl,
        database,
        sinkPasswordReference,
        windows,
        settings,
        null,
        null);
  }

  /** The same state, with where the stack's PostgreSQL keeps its data. */
  public StackStateFile withPostgresDataDir(Path dataDir) {
    return new StackStateFile(
        pid,
        bootstrapServers,
        connectUrl,
        database,
        sinkPasswordReference,
        windows,
        settings,
        dataDir.toAbsolutePath(),
        processDir);
  }

  /** The same state, with where the stack's component JVMs have their pid files. */
  public StackStateFile withProcessDir(Path dir) {
    return new StackStateFile(
        pid,
        bootstrapServers,
        connectUrl,
        database,
        sinkPasswordReference,
        windows,
        settings,
        postgresDataDir,
        dir.toAbsolutePath());
  }

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
    doc.put("settings", new java.util.TreeMap<>(settings));
    if (postgresDataDir != null) {
      doc.put("postgresDataDir", postgresDataDir.toString());
    }
    if (processDir != null) {
      doc.put("processDir", processDir.toString());
    }
    // With the pid, the process's start identifies it: a pid reused by another process has another.
    startOf(pid).ifPresent(start -> doc.put("processStart", start.toString()));
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
   * The state of a {@code clicksim up} that is still running. The file is not trusted: its process
   * must be alive and a clicksim, and its Kafka and Kafka Connect must accept a connection. A file
   * that fails any of these (a killed {@code up}, its pid since reused by another process, a
   * damaged file) is removed, and {@code notices} is told so in one line.
   */
  public static Optional<StackStateFile> readLive(Path stateDir, Consumer<String> notices) {
    Path file = stateDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    StackStateFile state;
    Optional<java.time.Instant> recordedStart;
    try {
      JsonNode doc = JSON.readTree(file.toFile());
      state = parse(doc);
      recordedStart =
          doc.hasNonNull("processStart")
              ? Optional.of(java.time.Instant.parse(doc.get("processStart").asText()))
              : Optional.empty();
    } catch (JsonProcessingException
        | IllegalArgumentException
        | java.time.format.DateTimeParseException e) {
      return stale(file, "it is damaged", notices);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    Optional<ProcessHandle> process = ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return stale(file, "its process " + state.pid() + " has ended", notices);
    }
    if (!isTheWriter(process.get(), recordedStart)) {
      return stale(
          file,
          "its process " + state.pid() + " is not the clicksim up that wrote it (pid reused)",
          notices);
    }
    Optional<String> silent = silentEndpoint(state);
    if (silent.isPresent()) {
      return stale(file, silent.get() + " does not answer", notices);
    }
    return Optional.of(state);
  }

  private static Optional<StackStateFile> stale(
      Path file, String reason, Consumer<String> notices) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot remove the stale " + file + " (" + reason + "): " + e.getMessage(),
          e);
    }
    notices.accept("removed the stale " + file + ": " + reason);
    return Optional.empty();
  }

  private static StackStateFile parse(JsonNode doc) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    return new StackStateFile(
        required(doc, "pid").asLong(),
        required(doc, "bootstrapServers").asText(),
        URI.create(required(doc, "connectUrl").asText()),
        new DatabaseEndpoint(
            required(doc, "jdbcUrl").asText(),
            required(doc, "dbUser").asText(),
            Secret.of(required(doc, "dbPassword").asText())),
        doc.hasNonNull("sinkPasswordReference") ? doc.get("sinkPasswordReference").asText() : null,
        new WindowSpec(
            Duration.ofMillis(required(doc, "windowSizeMs").asLong()),
            Duration.ofMillis(required(doc, "graceMs").asLong())),
        settingsOf(doc.get("settings")),
        doc.hasNonNull("postgresDataDir") ? Path.of(doc.get("postgresDataDir").asText()) : null,
        doc.hasNonNull("processDir") ? Path.of(doc.get("processDir").asText()) : null);
  }

  private static Map<String, String> settingsOf(JsonNode node) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    }
    return settings;
  }

  private static JsonNode required(JsonNode doc, String field) {
    JsonNode value = doc.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  /** When the process with this pid started, where the system says. */
  private static Optional<java.time.Instant> startOf(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
  }

  /**
   * Whether the live process with the file's pid is the one that wrote the file: the same start
   * time. Where the system does not say a start time (then or now), the endpoints alone decide.
   */
  static boolean isTheWriter(ProcessHandle process, Optional<java.time.Instant> recordedStart) {
    Optional<java.time.Instant> start = process.info().startInstant();
    return recordedStart.isEmpty() || start.isEmpty() || recordedStart.equals(start);
  }

  /** How long an endpoint of a running stack on this host may take to accept a connection. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** The first of Kafka and Kafka Connect that does not accept a TCP connection, if any. */
  private static Optional<String> silentEndpoint(StackStateFile state) {
    String servers = state.bootstrapServers();
    String broker =
        (servers.indexOf(',') < 0 ? servers : servers.substring(0, servers.indexOf(','))).strip();
    int colon = broker.lastIndexOf(':');
    if (colon < 0 || !accepts(broker.substring(0, colon), broker.substring(colon + 1))) {
      return Optional.of("its Kafka (" + broker + ")");
    }
    URI connect = state.connectUrl();
    if (connect.getHost() == null
        || !accepts(connect.getHost(), Integer.toString(connect.getPort()))) {
      return Optional.of("its Kafka Connect (" + connect + ")");
    }
    return Optional.empty();
  }

  private static boolean accepts(String host, String port) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(host, Integer.parseInt(port)), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false; // refused, timed out, or not a port at all
    }
  }

  public static void remove(Path stateDir) {
    try {
      Files.deleteIfExists(stateDir.resolve(FILE_NAME));
    } catch (IOException e) {
      // Best effort at shutdown: the next command finds the file stale and removes it.
    }
  }
}
