package dev.clicksim.stack.embedded;

import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

/**
 * A real PostgreSQL server (zonky's packaged binaries) on 127.0.0.1, with the seed's database and
 * user. The superuser is reachable only from loopback without a password, for provisioning; the
 * application user needs its password (scram-sha-256), so a wrong password is refused as on a real
 * server.
 */
public final class EmbeddedPostgresServer implements StackComponent {

  public static final String DATABASE = "db_metrics";
  public static final String USER = "user_metrics";

  /** The application user's password, in the directory given to {@link #passwordIn(Path)}. */
  public static final String PASSWORD_FILE = "password";

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private final Secret password;
  private EmbeddedPostgres postgres;

  public EmbeddedPostgresServer(Path dataDir, Path logFile, int requestedPort, Secret password) {
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = Ports.pick(name(), requestedPort);
    this.password = password;
  }

  /**
   * The application user's password, made once and kept beside the data (mode 0600), where the
   * Connect worker reads it through its config provider. A file edited by hand is rewritten without
   * the surrounding whitespace: the provider reads the file as it is, the server gets it stripped.
   */
  public static Secret passwordIn(Path dir) {
    Path file = dir.resolve(PASSWORD_FILE);
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        String content = Files.readString(file);
        Secret password = Secret.of(content.strip());
        if (content.equals(password.reveal())) {
          Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        } else {
          writeOwnerOnly(dir, file, password);
        }
        return password;
      }
      Secret password = Secret.random();
      writeOwnerOnly(dir, file, password);
      return password;
    } catch (IOException e) {
      throw new ComponentStartException(
          "postgres", "cannot keep the password in " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeOwnerOnly(Path dir, Path file, Secret password) throws IOException {
    Path tmp =
        Files.createTempFile(
            dir, "password", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    Files.writeString(tmp, password.reveal());
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public String name() {
    return "postgres";
  }

  public DatabaseEndpoint endpoint() {
    return new DatabaseEndpoint(jdbcUrl(DATABASE), USER, password);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
  }

  @Override
  public synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      stopOrphanedServer();
      Ports.ensureFree(name(), port);
      Files.createDirectories(dataDir.getParent());
      Files.createDirectories(logFile.getParent());
      Path hba = dataDir.getParent().resolve("pg_hba.conf");
      Files.writeString(
          hba,
          String.join(
              "\n",
              "# Written by clicksim: the superuser from loopback only, everyone else with a password.",
              "local all postgres trust",
              "host all postgres 127.0.0.1/32 trust",
              "host all postgres ::1/128 trust",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              ""));
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", Ports.LOOPBACK)
              .setServerConfig("hba_file", hba.toAbsolutePath().toString())
              .setServerConfig("password_encryption", "scram-sha-256")
              .setServerConfig("max_connections", "100")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
              .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
              .start();
      createDatabaseAndUser();
    } catch (IOException | SQLException | RuntimeException e) {
      stop();
      throw new ComponentStartException(
          name(), EmbeddedKafka.rootMessage(e) + " (server log: " + logFile + ")", e);
    }
  }

  /**
   * A clicksim killed outright (SIGKILL, a closed terminal) leaves its PostgreSQL running on this
   * data. The caller holds the data directory's lock, so a live postmaster here is such an orphan:
   * stop it before starting a new one.
   *
   * <p>Fast shutdown (SIGINT), not smart (SIGTERM, what {@link ProcessHandle#destroy()} sends):
   * smart shutdown waits for every client to disconnect, and the clients of an orphan are what the
   * dead clicksim left behind, such as a run still polling the table, that may never let go. Fast
   * shutdown ends their sessions and stops cleanly; immediate shutdown (SIGQUIT) is the last
   * resort.
   */
  private void stopOrphanedServer() throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      return;
    }
    java.util.Optional<ProcessHandle> orphan =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return;
    }
    if (stopped(orphan.get(), "INT", ORPHAN_FAST_SHUTDOWN)
        || stopped(orphan.get(), "QUIT", ORPHAN_IMMEDIATE_SHUTDOWN)) {
      return;
    }
    throw new ComponentStartException(
        name(),
        "an earlier PostgreSQL (pid "
            + pid
            + ") still runs on "
            + dataDir
            + " and did not stop within "
            + ORPHAN_FAST_SHUTDOWN.plus(ORPHAN_IMMEDIATE_SHUTDOWN).toSeconds()
            + " s of fast and immediate shutdown",
        null);
  }

  /** Fast shutdown: sessions ended, a checkpoint written; seconds for clicksim's small data. */
  private static final Duration ORPHAN_FAST_SHUTDOWN = Duration.ofSeconds(30);

  /** Immediate shutdown: the server quits at once and recovers from its WAL at the next start. */
  private static final Duration ORPHAN_IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

  /** Sends a signal (kill(1): the JDK sends only SIGTERM and SIGKILL) and waits for the exit. */
  private static boolean stopped(ProcessHandle server, String signal, Duration bound)
      throws IOException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid()))
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      kill.waitFor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      server.onExit().get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !server.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !server.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentStartException(
          "postgres",
          "interrupted while stopping an earlier PostgreSQL (pid " + server.pid() + ")",
          e);
    }
  }

  private void createDatabaseAndUser() throws SQLException {
    java.util.Properties superuser = new java.util.Properties();
    superuser.setProperty("user", "postgres");
    superuser.setProperty("password", "");
    try (Connection c = dev.clicksim.db.Jdbc.connect(jdbcUrl("postgres"), superuser);
        Statement s = c.createStatement()) {
      if (!exists(c, "select 1 from pg_roles where rolname = ?", USER)) {
        s.execute("create role " + USER + " login");
      }
      // Set at every start, so a password file restored or replaced by hand takes effect.
      s.execute("alter role " + USER + " password '" + password.reveal().replace("'", "''") + "'");
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        s.execute("create database " + DATABASE + " owner " + USER);
      }
    }
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, value);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    EmbeddedPostgres stopping = postgres;
    postgres = null;
    try {
      stopping.close();
    } catch (IOException e) {
      throw new IllegalStateException(
          "embedded postgres did not stop cleanly: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return postgres != null;
  }

  public int port() {
    return port;
  }
}
