package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.scenario.Fault;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import dev.clicksim.stack.StackEndpoints;
import dev.clicksim.stack.StackOverEndpoints;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Everything real, no Docker, each in a process of its own beside this JVM: a KRaft broker, a Kafka
 * Connect worker running Debezium's JDBC sink, the windowed-count topology in Kafka Streams (a JVM
 * each, {@link ComponentJvm}), and a PostgreSQL server. All listen on 127.0.0.1; all stop when this
 * JVM does, a SIGKILL of it included.
 */
public final class EmbeddedStack extends StackOverEndpoints {

  private final EmbeddedStackOptions options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final EmbeddedPostgresServer postgres;
  private final ComponentJvm kafka;
  private final ComponentJvm connect;
  private final ComponentJvm streams;
  private final String bootstrapServers;
  private final URI connectUrl;
  private final Path secretsDir;
  private final boolean transientStack;
  private final Aggregation aggregation;
  private final RememberedPorts rememberedPorts;
  private final Map<String, Integer> ports;
  private boolean closed;
  private final List<Supervisor> supervisors = new ArrayList<>();

  static final String PORTS_FILE = "ports.properties";
  private static final String POSTGRES = "postgres";
  private static final String KAFKA = ComponentProcess.KAFKA;
  private static final String KAFKA_CONTROLLER = "kafka-controller";
  private static final String CONNECT = ComponentProcess.CONNECT;
  private static final String STREAMS = ComponentProcess.STREAMS;

  private EmbeddedStack(EmbeddedStackOptions options, boolean transientStack) {
    super(options.names());
    this.options = options;
    this.aggregation = new TopologyInItsJvm();
    this.transientStack = transientStack;
    try {
      OwnerOnlyDirectories.ensure(options.dataDir());
      lockChannel =
          FileChannel.open(
              options.dataDir().resolve(".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock acquired;
      try {
        acquired = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        acquired = null;
      }
      if (acquired == null) {
        lockChannel.close();
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            "the embedded stack's data in "
                + options.dataDir()
                + " is in use by another clicksim process");
      }
      lock = acquired;
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot use " + options.dataDir() + ": " + e.getMessage(),
          e);
    }
    Path data = options.dataDir();
    try {
      this.rememberedPorts = RememberedPorts.load(data.resolve(PORTS_FILE));
      Map<String, Integer> requested = new LinkedHashMap<>();
      requested.put(POSTGRES, options.postgresPort());
      requested.put(KAFKA, options.kafkaPort());
      requested.put(KAFKA_CONTROLLER, 0);
      requested.put(CONNECT, options.connectPort());
      this.ports = rememberedPorts.assign(requested);
      // Made once the ports are known to be usable: a refused start leaves no logs directory
      // behind.
      OwnerOnlyDirectories.ensure(options.logDir());
      this.postgres =
          new EmbeddedPostgresServer(
              data.resolve("postgres/data"),
              options.logDir().resolve("postgres.log"),
              ports.get(POSTGRES),
              EmbeddedPostgresServer.passwordIn(data.resolve("postgres")));
      Ports.ensureFree(KAFKA, ports.get(KAFKA));
      Ports.ensureFree(KAFKA + " controller", ports.get(KAFKA_CONTROLLER));
      Ports.ensureFree(CONNECT, ports.get(CONNECT));
      this.secretsDir = EmbeddedConnect.checkedSecretsDir(data.resolve("postgres"));
      this.bootstrapServers = Ports.LOOPBACK + ":" + ports.get(KAFKA);
      this.connectUrl = URI.create("http://" + Ports.LOOPBACK + ":" + ports.get(CONNECT));
      // The broker, the Connect worker and the topology each run in a JVM of their own, so that a
      // fault's SIGKILL takes exactly one of them (PostgreSQL is its own process anyway).
      this.kafka =
          new ComponentJvm(
              KAFKA,
              ComponentProcess.kafkaArguments(
                  data.resolve("kafka"), ports.get(KAFKA), ports.get(KAFKA_CONTROLLER)),
              data,
              options.logDir(),
              "1g");
      this.connect =
          new ComponentJvm(
              CONNECT,
              ComponentProcess.connectArguments(
                  bootstrapServers, data.resolve("connect"), ports.get(CONNECT), secretsDir),
              data,
              options.logDir(),
              "768m");
      this.streams =
          new ComponentJvm(
              STREAMS,
              ComponentProcess.streamsArguments(
                  bootstrapServers,
                  data.resolve("streams"),
                  options.names(),
                  options.windows(),
                  options.streams()),
              data,
              options.logDir(),
              "512m");
    } catch (RuntimeException e) {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException ignored) {
        // the port error is what the user needs to see
      }
      throw e;
    }
  }

  /**
   * Starts every component; on failure stops what did start and rethrows, so no process is left
   * behind. The ports are remembered for the next start only once every component has started.
   *
   * @param progress told each component's name and start time, for the console
   */
  public static EmbeddedStack start(
      EmbeddedStackOptions options, boolean transientStack, Consumer<String> progress) {
    EmbeddedStack stack = new EmbeddedStack(options, transientStack);
    try {
      for (StackComponent component : List.of(stack.postgres, stack.kafka, stack.connect)) {
        long started = System.nanoTime();
        component.start();
        progress.accept(
            String.format(
                "started %-8s in %5.1f s", component.name(), (System.nanoTime() - started) / 1e9));
      }
      stack.rememberedPorts.save(stack.ports);
      stack.supervise(progress);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Watches each component's process (the PostgreSQL postmaster and the three JVMs) and restarts
   * one that dies; then gets the sink going again if the outage failed its task.
   */
  private void supervise(Consumer<String> console) {
    SinkRecovery sinkRecovery = new SinkRecovery(() -> connectUrl);
    Runnable recoverSink = () -> sinkRecovery.restartFailedTask().ifPresent(console);
    Supervisor.Supervised database =
        new Supervisor.Supervised() {
          @Override
          public String name() {
            return postgres.name();
          }

          @Override
          public java.util.Optional<Supervisor.Death> death() {
            return postgres.death();
          }

          @Override
          public void restartAfterDeath() {
            postgres.restartAfterDeath();
          }
        };
    for (Supervisor.Supervised c : List.of(database, kafka, connect, streams)) {
      Supervisor supervisor =
          Supervisor.onSystemClock(c, options.restartDelay(), console, recoverSink);
      supervisors.add(supervisor);
      supervisor.start();
    }
  }

  /** SIGKILL of the PostgreSQL postmaster; the supervisor restarts it after the delay. */
  String postgresKill() {
    return postgres.kill();
  }

  /** Clean stop (fast shutdown) and start of PostgreSQL on the same port and data. */
  String postgresRestart() {
    return postgres.restart();
  }

  /** PostgreSQL frozen (SIGSTOP of the postmaster and its backends) for {@code length}. */
  String postgresPause(Duration length) {
    return postgres.pause(length);
  }

  /** Where the embedded PostgreSQL keeps its data: its postmaster.pid says its pid. */
  public Path postgresDataDir() {
    return postgres.dataDir();
  }

  /** The component with that name: "kafka", "postgres", "connect", "streams". */
  public StackComponent component(String name) {
    for (StackComponent c : components()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no embedded component named " + name);
  }

  public List<StackComponent> components() {
    return List.of(postgres, kafka, connect, streams);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the pid files of the components' JVMs are, for a run attached from another process. */
  public Path processDir() {
    return options.dataDir();
  }

  @Override
  public String description() {
    return transientStack ? "embedded (transient)" : "embedded";
  }

  public Map<String, Object> kafkaClientProperties() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  public URI connectUrl() {
    return connectUrl;
  }

  public DatabaseEndpoint database() {
    return postgres.endpoint();
  }

  /**
   * What the sink connector's {@code connection.password} holds: a reference to the password file,
   * which the Connect worker reads itself.
   */
  public String sinkPasswordReference() {
    return EmbeddedConnect.referenceTo(secretsDir, EmbeddedPostgresServer.PASSWORD_FILE);
  }

  @Override
  protected StackEndpoints endpoints() {
    return new StackEndpoints(
        kafkaClientProperties(),
        ServiceEndpoint.of(connectUrl),
        postgres.endpoint(),
        new SinkDatabaseEndpoint(postgres.endpoint(), sinkPasswordReference()));
  }

  @Override
  protected Aggregation aggregation() {
    return aggregation;
  }

  /**
   * The topology runs here with these settings, so a run's result depends on them: they go into
   * run.json.
   */
  @Override
  public Map<String, String> runSettings() {
    return runSettingsOf(options.engineProfile(), options.streams());
  }

  /**
   * The faults an embedded stack can do, known before it starts: each of its components runs in a
   * process of its own (PostgreSQL's postmaster, and a JVM each for the broker, the Connect worker
   * and the topology), so each can be SIGKILLed, restarted cleanly, and frozen; and the sink task
   * can be restarted or paused through Connect's REST API, as on every stack.
   */
  public static final java.util.Set<Fault.Kind> INJECTABLE_FAULTS = processFaults();

  private static java.util.Set<Fault.Kind> processFaults() {
    java.util.Set<Fault.Kind> kinds = new java.util.HashSet<>();
    for (Fault.Target t :
        List.of(
            Fault.Target.postgres,
            Fault.Target.broker,
            Fault.Target.aggregation,
            Fault.Target.connect)) {
      for (Fault.Action a : Fault.Action.values()) {
        kinds.add(new Fault.Kind(a, t));
      }
    }
    kinds.addAll(CONNECT_REST_FAULTS);
    return java.util.Set.copyOf(kinds);
  }

  @Override
  public java.util.Set<Fault.Kind> injectableFaults() {
    return INJECTABLE_FAULTS;
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, Duration length) {
    if (target == Fault.Target.postgres) {
      return switch (action) {
        case kill -> postgresKill();
        case restart -> postgresRestart();
        case pause -> postgresPause(length);
      };
    }
    ComponentJvm jvm =
        switch (target) {
          case broker -> kafka;
          case aggregation -> streams;
          case connect -> connect;
          default -> null;
        };
    if (jvm == null) {
      return super.inject(action, target, length);
    }
    return switch (action) {
      case kill -> jvm.kill();
      case restart -> jvm.restart();
      case pause -> jvm.pause(length);
    };
  }

  /** The profile and its settings in a few words, for the console. */
  static String describeProfile(EngineProfile profile, StreamsSettings s) {
    return profile.name()
        + (s.equals(profile.settings()) ? "" : " with options on top")
        + ": commit "
        + s.commitIntervalMs()
        + " ms, cache "
        + s.cacheMaxBytes()
        + " bytes, "
        + s.streamThreads()
        + (s.streamThreads() == 1 ? " thread, " : " threads, ")
        + s.processingGuarantee();
  }

  /** What run.json records of a windowed count that runs with these settings. */
  public static Map<String, String> runSettingsOf(EngineProfile profile, StreamsSettings s) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("engine.profile", profile.name());
    m.putAll(s.describe());
    return m;
  }

  @Override
  public List<String> describeEndpoints() {
    List<String> lines = new ArrayList<>(super.describeEndpoints());
    lines.add("logs                     " + options.logDir());
    return lines;
  }

  /** The topology in a JVM of its own, started on the first provisioning. */
  private final class TopologyInItsJvm implements Aggregation {
    @Override
    public ProvisionStep ensureRunning() {
      if (streams.isRunning()) {
        return ProvisionStep.unchanged("topology", options.names().applicationId() + " running");
      }
      streams.start();
      return ProvisionStep.created(
          "topology",
          options.names().applicationId()
              + " started (window "
              + options.windows().size().toSeconds()
              + " s, grace "
              + options.windows().grace().toSeconds()
              + " s; engine profile "
              + describeProfile(options.engineProfile(), options.streams())
              + ")");
    }

    @Override
    public List<String> plan() {
      return List.of(
          "windowed count: start the Kafka Streams topology "
              + options.names().applicationId()
              + " in a JVM of its own (window "
              + options.windows().size().toSeconds()
              + " s, grace "
              + options.windows().grace().toSeconds()
              + " s; engine profile "
              + describeProfile(options.engineProfile(), options.streams())
              + ")");
    }

    @Override
    public WindowSpec windows() {
      return options.windows();
    }
  }

  /** Stops every component in reverse order of dependency and releases the data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // A Ctrl-C may have left this thread interrupted; the components' own stop waits would then
    // return at once (or fail), leaving processes behind. The flag is restored once everything has
    // stopped.
    boolean interrupted = Thread.interrupted();
    List<RuntimeException> failures = new ArrayList<>();
    supervisors.forEach(Supervisor::close);
    for (StackComponent c : List.of(streams, connect, kafka, postgres)) {
      try {
        c.stop();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      failures.add(new IllegalStateException(e));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
