package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.testing.Cli;
import dev.clicksim.testing.EmbeddedStackFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database password stays out of Kafka Connect's REST API, its config topic and every file of
 * the embedded stack but its own two: the sink's configuration holds a config provider reference,
 * which the worker resolves, and the stack's directories are closed to other users. The stack is
 * started and announced as {@code clicksim up} does, so provision and run below attach to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECTOR = SinkConnectorConfig.CONNECTOR_NAME;

  private static Path root;
  private static Path stateDir;
  private static Path runsDir;
  private static EmbeddedStack stack;
  private static String password;
  private static String reference;

  @BeforeAll
  static void startStack() throws IOException {
    root = Files.createTempDirectory("clicksim-secrets-it");
    stateDir = root.resolve("state");
    runsDir = root.resolve("runs");
    stack = EmbeddedStackFixture.startProvisioned(stateDir);
    password = stack.database().password().reveal();
    reference = stack.sinkPasswordReference();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Cli.Result clicksim(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state-dir", stateDir.toString(), "--runs-dir", runsDir.toString()));
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    assertThat(r.out() + r.err()).as("clicksim's output").doesNotContain(password);
    return r;
  }

  @Test
  @Order(1)
  void should_find_the_connector_unchanged_when_provisioned_again_through_the_running_stack() {
    Cli.Result r = clicksim("provision").expectExit(0);

    // An attached provision that sent the value would see a different config and replace it.
    assertThat(r.out())
        .contains("unchanged  connector " + CONNECTOR)
        .doesNotContain("holds the database password as its value");
  }

  @Test
  @Order(2)
  void should_match_a_smoke_run_whose_sink_got_the_password_through_the_config_provider() {
    Cli.Result r = clicksim("run", "--scenario", "smoke", "--progress", "none").expectExit(0);

    assertThat(r.out()).contains("VERDICT: MATCH - 12 of 12 windows matched");
  }

  @Test
  @Order(3)
  void should_show_the_reference_and_never_the_password_through_connects_rest_api()
      throws Exception {
    String config = get("/connectors/" + CONNECTOR + "/config");
    String all = get("/connectors?expand=info");
    String tasks = get("/connectors/" + CONNECTOR + "/tasks");

    assertThat(List.of(config, all, tasks))
        .allSatisfy(body -> assertThat(body).doesNotContain(password));
    assertThat(JSON.readTree(config).path("connection.password").asText()).isEqualTo(reference);
    assertThat(
            JSON.readTree(all)
                .path(CONNECTOR)
                .path("info")
                .path("config")
                .path("connection.password")
                .asText())
        .isEqualTo(reference);
    JsonNode task = JSON.readTree(tasks).path(0).path("config");
    assertThat(task.path("connection.password").asText())
        .as("the task's config as Connect stores it")
        .isEqualTo(reference);
  }

  @Test
  @Order(4)
  void should_keep_the_password_only_in_its_own_file_and_stack_json() throws IOException {
    Path passwordFile = stateDir.resolve("embedded/postgres/password");
    Path stackJson = stateDir.resolve(StackStateFile.FILE_NAME);
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);

    List<Path> scanned = regularFiles(stateDir);
    List<Path> holding = new ArrayList<>();
    for (Path f : scanned) {
      if (contains(f, secret)) {
        holding.add(f);
      }
    }

    assertThat(holding).containsExactlyInAnyOrder(passwordFile, stackJson);
    // The scan read the Connect config topic's log segments, and they hold the reference.
    List<Path> configTopicSegments =
        scanned.stream()
            .filter(
                f -> f.getParent().getFileName().toString().equals("clicksim-connect-configs-0"))
            .filter(f -> f.getFileName().toString().endsWith(".log"))
            .toList();
    assertThat(configTopicSegments).isNotEmpty();
    boolean referenceStored = false;
    for (Path segment : configTopicSegments) {
      referenceStored |= contains(segment, reference.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(referenceStored).as("the config topic holds the reference").isTrue();
    for (Path f : regularFiles(runsDir)) {
      assertThat(contains(f, secret)).as("run file %s holds the password", f).isFalse();
    }
    // Failsafe points clicksim's log (Kafka, Connect, Debezium) at a file of its own.
    Path appLog = Path.of(System.getProperty("clicksim.log.file"));
    assertThat(contains(appLog, secret)).as("%s holds the password", appLog).isFalse();
  }

  @Test
  @Order(5)
  void should_keep_the_data_and_log_directories_and_the_secret_files_to_their_owner()
      throws IOException {
    var ownerOnlyDirectory = PosixFilePermissions.fromString("rwx------");
    var ownerOnlyFile = PosixFilePermissions.fromString("rw-------");

    assertThat(Files.getPosixFilePermissions(stateDir.resolve("embedded")))
        .isEqualTo(ownerOnlyDirectory);
    assertThat(Files.getPosixFilePermissions(stateDir.resolve("logs")))
        .isEqualTo(ownerOnlyDirectory);
    assertThat(Files.getPosixFilePermissions(stateDir.resolve("embedded/postgres/password")))
        .isEqualTo(ownerOnlyFile);
    assertThat(Files.getPosixFilePermissions(stateDir.resolve(StackStateFile.FILE_NAME)))
        .isEqualTo(ownerOnlyFile);
  }

  private static String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.connectUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  /**
   * Every regular file under {@code dir}; one removed while walking (a rolled segment) is skipped.
   */
  private static List<Path> regularFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return files;
  }

  /**
   * Whether the file's bytes contain {@code needle}, read in chunks: Kafka preallocates its index
   * files (10 MB each), so the state directory is far larger than what was written.
   */
  private static boolean contains(Path file, byte[] needle) throws IOException {
    byte[] buffer = new byte[1 << 20];
    int kept = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer, kept, buffer.length - kept)) > 0) {
        int filled = kept + read;
        if (indexOf(buffer, filled, needle) >= 0) {
          return true;
        }
        // Keep the tail that could begin a match split across two chunks.
        kept = Math.min(needle.length - 1, filled);
        System.arraycopy(buffer, filled - kept, buffer, 0, kept);
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    return false;
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
