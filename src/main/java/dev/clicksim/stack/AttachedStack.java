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
   * Faults on the stack's PostgreSQL, done from this process with signals to its postmaster; the
   * {@code clicksim up} process's supervisor brings it back. None for a file of an older clicksim.
   */
  @Override
  public Set<Fault.Kind> injectableFaults() {
    return canSignalPostgres()
        ? Set.of(
            new Fault.Kind(Fault.Action.kill, Fault.Target.postgres),
            new Fault.Kind(Fault.Action.restart, Fault.Target.postgres),
            new Fault.Kind(Fault.Action.pause, Fault.Target.postgres))
        : Set.of();
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, Duration length) {
    if (target != Fault.Target.postgres || !canSignalPostgres()) {
      return super.inject(action, target, length);
    }
    return switch (action) {
      case kill -> postgresKill();
      case restart -> postgresRestart();
      case pause -> postgresPause(length);
    };
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
