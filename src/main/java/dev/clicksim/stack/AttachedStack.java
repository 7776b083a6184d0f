package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.scenario.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The embedded stack of a {@code clicksim up} running in another process, reached over its
 * endpoints. The topology runs in that process; here it is only checked, through its consumer
 * group, as one would check a ksqlDB query. Its settings (engine profile, commit interval, cache)
 * are that process's, as it announced them.
 */
public final class AttachedStack extends StackOverEndpoints {

  private final StackStateFile state;
  private final StackEndpoints endpoints;
  private final Aggregation aggregation;

  public AttachedStack(StackStateFile state, PipelineNames names) {
    super(names);
    this.state = state;
    Map<String, Object> kafka =
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers());
    this.endpoints =
        new StackEndpoints(
            kafka, ServiceEndpoint.of(state.connectUrl()), state.database(), state.sinkDatabase());
    this.aggregation =
        new RunningStreamsApplication(
            kafka, names, state.windows(), "clicksim up (pid " + state.pid() + ")");
  }

  @Override
  public String description() {
    return "embedded (clicksim up, pid " + state.pid() + ")";
  }

  @Override
  protected StackEndpoints endpoints() {
    return endpoints;
  }

  @Override
  protected Aggregation aggregation() {
    return aggregation;
  }

  /** The settings the {@code clicksim up} process announced for its windowed count. */
  @Override
  public Map<String, String> runSettings() {
    return state.settings();
  }

  /**
   * Whether this process can reach the stack's PostgreSQL as a process: the state file says where
   * its data is (not in a file of an older clicksim).
   */
  boolean canSignalPostgres() {
    return state.postgresDataDir() != null;
  }

  /**
   * Whether this process can reach the stack's component JVMs: the state file says where their pid
   * files are (not in a file of an older clicksim).
   */
  boolean canSignalComponents() {
    return state.processDir() != null;
  }

  /** The targets whose JVM the {@code clicksim up} process runs, by their pid files' names. */
  private static final Map<Fault.Target, String> COMPONENT_JVMS =
      Map.of(
          Fault.Target.broker, "kafka",
          Fault.Target.connect, "connect",
          Fault.Target.aggregation, "streams");

  /**
   * Faults on the stack's processes, done from this process with signals (PostgreSQL's postmaster,
   * the JVMs of the broker, Connect and the topology); the {@code clicksim up} process's supervisor
   * brings each back. Fewer for a file of an older clicksim.
   */
  @Override
  public Set<Fault.Kind> injectableFaults() {
    Set<Fault.Kind> kinds = new java.util.HashSet<>(CONNECT_REST_FAULTS);
    for (Fault.Action a : Fault.Action.values()) {
      if (canSignalPostgres()) {
        kinds.add(new Fault.Kind(a, Fault.Target.postgres));
      }
      if (canSignalComponents()) {
        COMPONENT_JVMS.keySet().forEach(t -> kinds.add(new Fault.Kind(a, t)));
      }
    }
    return Set.copyOf(kinds);
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, Duration length) {
    if (target == Fault.Target.postgres && canSignalPostgres()) {
      return switch (action) {
        case kill -> postgresKill();
        case restart -> postgresRestart();
        case pause -> postgresPause(length);
      };
    }
    String component = COMPONENT_JVMS.get(target);
    if (component == null || !canSignalComponents()) {
      return super.inject(action, target, length);
    }
    ComponentProcessHandle jvm = componentJvm(component);
    return switch (action) {
      case kill -> {
        jvm.kill(SIGNAL_EXIT);
        yield "SIGKILL of " + component + " (pid " + jvm.pid() + ")";
      }
      case restart -> componentRestart(component, jvm);
      case pause -> {
        jvm.pause(length);
        yield "SIGSTOP of "
            + component
            + " (pid "
            + jvm.pid()
            + ") for "
            + length.toSeconds()
            + " s, then SIGCONT";
      }
    };
  }

  /**
   * A clean restart from another process: SIGTERM, on which the JVM closes its component and exits;
   * the {@code clicksim up} process's supervisor then starts it again. Returns once the new JVM is
   * ready (its pid file is written then).
   */
  private String componentRestart(String component, ComponentProcessHandle jvm) {
    long started = System.nanoTime();
    jvm.terminate(SIGNAL_EXIT);
    ComponentProcessHandle again =
        dev.clicksim.wait.BoundedWait.system()
            .until(
                BACK_AGAIN,
                Duration.ofMillis(250),
                () ->
                    ComponentProcessHandle.of(state.processDir(), component)
                        .filter(h -> h.pid() != jvm.pid()),
                () ->
                    new ClicksimFailure(
                        ClicksimFailure.Kind.INFRASTRUCTURE,
                        component
                            + " was not running again within "
                            + BACK_AGAIN.toSeconds()
                            + " s of its restart by clicksim up (pid "
                            + state.pid()
                            + ")"));
    return String.format(
        "restart of %s (pid %d): clean stop (SIGTERM), started again by clicksim up as pid %d in"
            + " %.1f s",
        component, jvm.pid(), again.pid(), (System.nanoTime() - started) / 1e9);
  }

  private ComponentProcessHandle componentJvm(String component) {
    return ComponentProcessHandle.of(state.processDir(), component)
        .orElseThrow(
            () ->
                new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    "no "
                        + component
                        + " runs under clicksim up (pid "
                        + state.pid()
                        + ") (being restarted?)"));
  }

  /** SIGKILL of the stack's postmaster; the {@code clicksim up} process restarts it. */
  String postgresKill() {
    Postmaster target = postmaster();
    target.kill(SIGNAL_EXIT);
    return "SIGKILL of postgres (pid " + target.pid() + ")";
  }

  /**
   * A clean restart from another process: fast shutdown (SIGINT), then the {@code clicksim up}
   * process's supervisor starts it again; returns once it accepts connections.
   */
  String postgresRestart() {
    Postmaster target = postmaster();
    long started = System.nanoTime();
    target.fastShutdown(SIGNAL_EXIT);
    Postmaster again =
        dev.clicksim.wait.BoundedWait.system()
            .until(
                BACK_AGAIN,
                Duration.ofMillis(250),
                () -> Postmaster.of(state.postgresDataDir()).filter(p -> acceptsConnections()),
                () ->
                    new ClicksimFailure(
                        ClicksimFailure.Kind.INFRASTRUCTURE,
                        "postgres did not accept connections within "
                            + BACK_AGAIN.toSeconds()
                            + " s of its restart by clicksim up (pid "
                            + state.pid()
                            + ")"));
    return String.format(
        "restart of postgres (pid %d): fast shutdown (SIGINT), started again by clicksim up as"
            + " pid %d in %.1f s",
        target.pid(), again.pid(), (System.nanoTime() - started) / 1e9);
  }

  /** The stack's postmaster and its backends frozen (SIGSTOP) for {@code length}, then SIGCONT. */
  String postgresPause(Duration length) {
    Postmaster target = postmaster();
    int children = target.pause(length);
    return "SIGSTOP of postgres (pid "
        + target.pid()
        + " and its "
        + children
        + " child processes) for "
        + length.toSeconds()
        + " s, then SIGCONT";
  }

  private Postmaster postmaster() {
    if (state.postgresDataDir() == null) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "the running clicksim up (pid "
              + state.pid()
              + ") does not say where its PostgreSQL runs; restart it with this clicksim for"
              + " faults on postgres");
    }
    return Postmaster.of(state.postgresDataDir())
        .orElseThrow(
            () ->
                new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    "no postgres runs on "
                        + state.postgresDataDir()
                        + " (being restarted by clicksim up?)"));
  }

  private boolean acceptsConnections() {
    try (java.sql.Connection c = dev.clicksim.db.Jdbc.connect(state.database())) {
      return c.isValid(2);
    } catch (RuntimeException | java.sql.SQLException e) {
      return false; // still starting
    }
  }

  /** How long a signalled postmaster may take to exit. */
  private static final Duration SIGNAL_EXIT = Duration.ofSeconds(30);

  /** How long up's supervisor may take to have PostgreSQL back: its delay and a start. */
  private static final Duration BACK_AGAIN = Duration.ofMinutes(2);

  @Override
  public void close() {
    // The stack belongs to the clicksim up process.
  }
}
