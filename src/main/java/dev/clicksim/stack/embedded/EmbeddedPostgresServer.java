package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Postmaster;
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
import java.util.List;
import java.util.Optional;
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
  private Postmaster postmaster;
  private List<ProcessHandle> children = List.of();

  /** Between a start and a stop the stack asked for: a postmaster that ends meanwhile died. */
  private boolean supervised;

  private boolean killedByFault;
  private long lastPid;
  private int looksSinceChildren;

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
      startServer();
      supervised = true;
    } catch (IOException | SQLException | RuntimeException e) {
      stop();
      throw new ComponentStartException(
          name(), EmbeddedKafka.rootMessage(e) + " (server log: " + logFile + ")", e);
    }
  }

  private void startServer() throws IOException, SQLException {
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
            // fsync off: a crash of the server process (a fault's SIGKILL) loses nothing the OS
            // holds, and only an OS crash could. Commits stay synchronous, though: with
            // synchronous_commit off a commit is acknowledged before its WAL leaves the server's
            // shared memory, and a SIGKILL of the postmaster lost the sink's last writes after the
            // connector had committed their offsets (9 of 300 clicks, seen once).
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "on")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
            .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
            .start();
    postmaster =
        Postmaster.of(dataDir)
            .orElseThrow(
                () -> new IOException("no live postmaster in " + dataDir + " after its start"));
    children = postmaster.children();
    killedByFault = false;
    createDatabaseAndUser();
  }

  /**
   * The postmaster this server started, when it should run and does not: killed, crashed, or
   * stopped by someone else. Empty while it runs, and once {@link #stop()} has begun. Each look
   * also notes the server's children, so that a restart can wait for those a dead postmaster left
   * behind.
   */
  synchronized Optional<Supervisor.Death> death() {
    if (!supervised) {
      return Optional.empty();
    }
    if (postmaster == null) {
      return Optional.of(new Supervisor.Death(lastPid, "")); // an earlier restart failed
    }
    if (postmaster.isAlive()) {
      if (++looksSinceChildren >= LOOKS_PER_CHILDREN_LISTING) {
        looksSinceChildren = 0;
        children = postmaster.children();
      }
      return Optional.empty();
    }
    return Optional.of(
        new Supervisor.Death(postmaster.pid(), killedByFault ? "SIGKILL by a fault" : ""));
  }

  /**
   * Starts the server again after its postmaster died, on the same port and data. Its orphaned
   * backends hold the old shared memory, which a new postmaster refuses to share: they notice the
   * death and exit by themselves within moments; one that does not is killed.
   */
  synchronized void restartAfterDeath() {
    if (!supervised) {
      return;
    }
    if (postmaster != null) {
      lastPid = postmaster.pid();
    }
    postmaster = null;
    if (postgres != null) {
      EmbeddedPostgres dead = postgres;
      postgres = null;
      try {
        dead.close(); // its pg_ctl stop finds no server; this releases zonky's lock on the data
      } catch (IOException e) {
        // nothing runs any more to stop
      }
    }
    for (ProcessHandle orphan : children) {
      try {
        orphan.onExit().get(ORPHAN_EXIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        orphan.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ComponentStartException(name(), "interrupted while restarting", e);
      }
    }
    try {
      startServer();
    } catch (IOException | SQLException | RuntimeException e) {
      if (postgres != null) {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the start failure is what counts
        }
        postgres = null;
      }
      postmaster = null;
      throw new ComponentStartException(
          name(), EmbeddedKafka.rootMessage(e) + " (server log: " + logFile + ")", e);
    }
  }

  /**
   * SIGKILL of the postmaster: no shutdown, no checkpoint, as a crash. The supervisor then restarts
   * it.
   *
   * @return what was done, for the run's output
   */
  String kill() {
    Postmaster target;
    synchronized (this) {
      target = runningPostmaster();
      killedByFault = true;
    }
    target.kill(FAULT_EXIT);
    return "SIGKILL of postgres (pid " + target.pid() + ")";
  }

  /** A clean restart: fast shutdown (SIGINT, through pg_ctl), then a start on the same data. */
  synchronized String restart() {
    long before = runningPostmaster().pid();
    long started = System.nanoTime();
    stop();
    start();
    return String.format(
        "restart of postgres (pid %d): fast shutdown (SIGINT), then started again as pid %d in"
            + " %.1f s",
        before, postmaster.pid(), (System.nanoTime() - started) / 1e9);
  }

  /**
   * Freezes the postmaster and its backends for {@code length} (SIGSTOP, then SIGCONT). Not under
   * this server's lock: a frozen process is alive, and the supervisor keeps looking.
   */
  String pause(Duration length) {
    Postmaster target;
    synchronized (this) {
      target = runningPostmaster();
    }
    int children = target.pause(length);
    return "SIGSTOP of postgres (pid "
        + target.pid()
        + " and its "
        + children
        + " child processes) for "
        + Supervisor.seconds(length)
        + ", then SIGCONT";
  }

  private Postmaster runningPostmaster() {
    if (postmaster == null || !postmaster.isAlive()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "postgres is not running (being restarted?)");
    }
    return postmaster;
  }

  /** How long a dead postmaster's children get to exit before a restart kills them. */
  private static final Duration ORPHAN_EXIT = Duration.ofSeconds(10);

  /** How long a fault's signal may take to end the process. */
  private static final Duration FAULT_EXIT = Duration.ofSeconds(30);

  /** Listing children walks every process on the host: every few looks is enough. */
  private static final int LOOKS_PER_CHILDREN_LISTING = 4;

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
    Optional<Postmaster> orphan = Postmaster.of(dataDir);
    if (orphan.isEmpty()) {
      return;
    }
    ProcessHandle server = ProcessHandle.of(orphan.get().pid()).orElse(null);
    if (server == null) {
      return;
    }
    long pid = server.pid();
    if (stopped(server, "INT", ORPHAN_FAST_SHUTDOWN)
        || stopped(server, "QUIT", ORPHAN_IMMEDIATE_SHUTDOWN)) {
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
    supervised = false;
    postmaster = null;
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

  /** Where the server keeps its data, and its {@code postmaster.pid}. */
  public Path dataDir() {
    return dataDir;
  }
}
