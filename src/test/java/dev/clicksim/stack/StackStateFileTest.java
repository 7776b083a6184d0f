package dev.clicksim.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file of a running clicksim up is trusted only when its process and ports say so. */
class StackStateFileTest {

  @TempDir Path stateDir;

  private final List<String> notices = new ArrayList<>();
  private ServerSocket kafka;
  private ServerSocket connect;
  private Process other;

  @BeforeEach
  void listen() throws IOException {
    kafka = listening();
    connect = listening();
  }

  @AfterEach
  void close() throws IOException {
    kafka.close();
    connect.close();
    if (other != null) {
      other.destroyForcibly();
    }
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }

  private Path write(long pid) {
    new StackStateFile(
            pid,
            "127.0.0.1:" + kafka.getLocalPort(),
            URI.create("http://127.0.0.1:" + connect.getLocalPort()),
            new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:1/db", "user", Secret.of("pw")),
            null,
            WindowSpec.DEFAULT,
            java.util.Map.of())
        .write(stateDir);
    return stateDir.resolve(StackStateFile.FILE_NAME);
  }

  private Optional<StackStateFile> readLive() {
    return StackStateFile.readLive(stateDir, notices::add);
  }

  @Test
  void should_trust_a_live_clicksim_whose_endpoints_answer() {
    Path file = write(ProcessHandle.current().pid());

    assertThat(readLive())
        .hasValueSatisfying(s -> assertThat(s.database().user()).isEqualTo("user"));
    assertThat(file).exists();
    assertThat(notices).isEmpty();
  }

  @Test
  void should_remove_a_file_whose_pid_now_belongs_to_another_process() throws Exception {
    other = new ProcessBuilder("sleep", "60").start();
    Path file = write(other.pid());
    // As if the clicksim up that wrote the file had died and its pid had gone to this process.
    Files.writeString(
        file,
        Files.readString(file)
            .replaceFirst(
                "\"processStart\"\\s*:\\s*\"[^\"]*\"",
                "\"processStart\" : \"2020-01-01T00:00:00Z\""));

    assertThat(readLive()).isEmpty();

    assertThat(file).doesNotExist();
    assertThat(notices)
        .containsExactly(
            "removed the stale "
                + file
                + ": its process "
                + other.pid()
                + " is not the clicksim up that wrote it (pid reused)");
  }

  @Test
  void should_record_the_writers_start_so_a_reused_pid_is_known() throws Exception {
    other = new ProcessBuilder("sleep", "60").start();
    Path file = write(other.pid());

    assertThat(Files.readString(file))
        .contains("\"processStart\"", other.info().startInstant().orElseThrow().toString());
  }

  @Test
  void should_remove_a_file_whose_kafka_does_not_answer() throws IOException {
    Path file = write(ProcessHandle.current().pid());
    int port = kafka.getLocalPort();
    kafka.close();

    assertThat(readLive()).isEmpty();

    assertThat(file).doesNotExist();
    assertThat(notices)
        .containsExactly(
            "removed the stale " + file + ": its Kafka (127.0.0.1:" + port + ") does not answer");
  }

  @Test
  void should_remove_a_file_whose_connect_does_not_answer() throws IOException {
    Path file = write(ProcessHandle.current().pid());
    connect.close();

    assertThat(readLive()).isEmpty();

    assertThat(file).doesNotExist();
    assertThat(notices).singleElement().asString().contains("its Kafka Connect (http://127.0.0.1:");
  }

  @Test
  void should_remove_a_file_whose_process_has_ended() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path file = write(ended.pid());

    assertThat(readLive()).isEmpty();

    assertThat(notices)
        .containsExactly(
            "removed the stale " + file + ": its process " + ended.pid() + " has ended");
  }

  @Test
  void should_remove_a_damaged_file() throws IOException {
    Path file = stateDir.resolve(StackStateFile.FILE_NAME);
    Files.writeString(file, "[1,2,3]");
    assertThat(readLive()).isEmpty();
    Files.writeString(file, "{\"pid\": 1}");
    assertThat(readLive()).isEmpty();

    assertThat(file).doesNotExist();
    assertThat(notices)
        .containsExactly(
            "removed the stale " + file + ": it is damaged",
            "removed the stale " + file + ": it is damaged");
  }

  @Test
  void should_keep_where_the_stacks_postgres_has_its_data() {
    new StackStateFile(
            ProcessHandle.current().pid(),
            "127.0.0.1:" + kafka.getLocalPort(),
            URI.create("http://127.0.0.1:" + connect.getLocalPort()),
            new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:1/db", "user", Secret.of("pw")),
            null,
            WindowSpec.DEFAULT,
            java.util.Map.of())
        .withPostgresDataDir(stateDir.resolve("embedded/postgres/data"))
        .withProcessDir(stateDir.resolve("embedded"))
        .write(stateDir);

    StackStateFile state = readLive().orElseThrow();

    assertThat(state.postgresDataDir())
        .isEqualTo(stateDir.resolve("embedded/postgres/data").toAbsolutePath());
    assertThat(state.processDir()).isEqualTo(stateDir.resolve("embedded").toAbsolutePath());
    assertThat(
            new AttachedStack(state, dev.clicksim.pipeline.PipelineNames.DEFAULT)
                .injectableFaults())
        .extracting(Object::toString)
        .contains("kill postgres", "restart postgres", "pause postgres")
        .contains("kill broker", "restart aggregation", "pause connect")
        .contains("restart sink-task", "pause sink-task")
        .doesNotContain("kill sink-task");
  }

  @Test
  void should_offer_no_process_faults_for_a_file_of_an_older_clicksim() {
    write(ProcessHandle.current().pid());

    StackStateFile older = readLive().orElseThrow();
    AttachedStack attached = new AttachedStack(older, dev.clicksim.pipeline.PipelineNames.DEFAULT);

    assertThat(older.postgresDataDir()).isNull();
    assertThat(older.processDir()).isNull();
    // Only what goes through Connect's REST API, which every stack has.
    assertThat(attached.injectableFaults())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("restart sink-task", "pause sink-task");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                attached.inject(
                    dev.clicksim.scenario.Fault.Action.kill,
                    dev.clicksim.scenario.Fault.Target.postgres,
                    null))
        .isInstanceOf(dev.clicksim.failure.ClicksimFailure.class)
        .hasMessageContaining("cannot kill postgres");
  }
}
