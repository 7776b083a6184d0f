package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.ConnectRestClient.ConnectorStatus;
import dev.clicksim.provision.ConnectRestClient.TaskStatus;
import dev.clicksim.scenario.Fault;
import dev.clicksim.wait.BoundedWait;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Faults on the sink connector through Connect's REST API, the way an operator does them, on any
 * worker: restart its tasks, restart the connector with all its tasks, pause it and resume it. Each
 * returns once the connector and every task report RUNNING again, so a run's fault line says how
 * long the sink took to come back.
 */
public final class ConnectorFaults {

  /** The faults every stack with a Connect REST API can do to its sink. */
  public static final Set<Fault.Kind> KINDS =
      Set.of(
          new Fault.Kind(Fault.Action.restart, Fault.Target.sinkTask),
          new Fault.Kind(Fault.Action.pause, Fault.Target.sinkTask));

  /** What a restarted worker takes at most to run the connector's tasks again. */
  static final Duration RUNNING_AGAIN = Duration.ofSeconds(30);

  private static final Duration LOOK_INTERVAL = Duration.ofMillis(200);

  private final ConnectRestClient connect;
  private final String connector;
  private final BoundedWait wait;
  private final LongSupplier nanoClock;
  private final Duration runningAgain;

  public ConnectorFaults(ConnectRestClient connect, String connector) {
    this(connect, connector, BoundedWait.system(), System::nanoTime, RUNNING_AGAIN);
  }

  ConnectorFaults(
      ConnectRestClient connect,
      String connector,
      BoundedWait wait,
      LongSupplier nanoClock,
      Duration runningAgain) {
    this.connect = connect;
    this.connector = connector;
    this.wait = wait;
    this.nanoClock = nanoClock;
    this.runningAgain = runningAgain;
  }

  /** Does one of {@link #KINDS}. */
  public String inject(Fault.Action action, Duration length) {
    return switch (action) {
      case restart -> restartTasks();
      case pause -> pause(length);
      case kill -> throw new IllegalArgumentException("no kill of a sink task: " + action);
    };
  }

  /** Each task restarted on its own ({@code POST /connectors/{name}/tasks/{id}/restart}). */
  public String restartTasks() {
    List<TaskStatus> tasks = status().tasks();
    if (tasks.isEmpty()) {
      throw failure("has no tasks to restart");
    }
    long started = nanoClock.getAsLong();
    for (TaskStatus task : tasks) {
      if (!connect.restartTask(connector, task.id())) {
        throw failure("has no task " + task.id() + " any more");
      }
    }
    return "restart of sink connector "
        + connector
        + (tasks.size() == 1 ? "'s task " : "'s tasks ")
        + tasks.stream().map(t -> Integer.toString(t.id())).collect(Collectors.joining(", "))
        + " through Connect's REST API (POST /connectors/"
        + connector
        + "/tasks/{id}/restart); "
        + runningAgain(started);
  }

  /**
   * The connector and all its tasks restarted ({@code POST
   * /connectors/{name}/restart?includeTasks=true&onlyFailed=false}): the closest to a restart of
   * Connect that a worker clicksim does not run allows.
   */
  public String restartConnectorAndTasks() {
    long started = nanoClock.getAsLong();
    if (!connect.restartConnectorAndAllTasks(connector)) {
      throw failure("does not exist; provision first");
    }
    return "restart of sink connector "
        + connector
        + " and all its tasks through Connect's REST API (POST /connectors/"
        + connector
        + "/restart?includeTasks=true&onlyFailed=false); "
        + runningAgain(started);
  }

  /**
   * Paused ({@code PUT .../pause}) for {@code length}, then resumed ({@code PUT .../resume}) even
   * when the wait is interrupted, so a stopped run never leaves the sink paused.
   */
  public String pause(Duration length) {
    if (!connect.pauseConnector(connector)) {
      throw failure("does not exist; provision first");
    }
    try {
      // The pause is the fault itself, not a wait for a condition: it lasts exactly this long.
      wait.pause(length);
    } finally {
      resumeEvenIfInterrupted();
    }
    long resumed = nanoClock.getAsLong();
    return "pause of sink connector "
        + connector
        + " through Connect's REST API (PUT /connectors/"
        + connector
        + "/pause) for "
        + length.toSeconds()
        + " s, then PUT .../resume; "
        + runningAgain(resumed);
  }

  private void resumeEvenIfInterrupted() {
    boolean interrupted = Thread.interrupted();
    try {
      connect.resumeConnector(connector);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits until the connector and every task report RUNNING, and says how long that took. */
  private String runningAgain(long sinceNanos) {
    ConnectorStatus[] last = {null};
    wait.until(
        runningAgain,
        LOOK_INTERVAL,
        () -> {
          last[0] = connect.status(connector).orElse(null);
          return last[0] != null && last[0].isRunning() ? Optional.of(last[0]) : Optional.empty();
        },
        () ->
            failure(
                "was not RUNNING again within "
                    + runningAgain.toSeconds()
                    + " s ("
                    + describe(last[0])
                    + ")"));
    return String.format(
        Locale.ROOT,
        "connector and tasks RUNNING again %.1f s later",
        (nanoClock.getAsLong() - sinceNanos) / 1e9);
  }

  private ConnectorStatus status() {
    return connect.status(connector).orElseThrow(() -> failure("does not exist; provision first"));
  }

  private static String describe(ConnectorStatus status) {
    if (status == null) {
      return "the connector is gone";
    }
    return "connector "
        + status.connectorState()
        + (status.tasks().isEmpty()
            ? ", no tasks"
            : ", "
                + status.tasks().stream()
                    .map(
                        t ->
                            "task "
                                + t.id()
                                + " "
                                + t.state()
                                + (t.trace().isBlank()
                                    ? ""
                                    : ": " + t.trace().lines().findFirst().orElse("").strip()))
                    .collect(Collectors.joining(", ")));
  }

  private ClicksimFailure failure(String what) {
    return new ClicksimFailure(
        ClicksimFailure.Kind.INFRASTRUCTURE,
        "sink connector " + connector + " on " + connectName() + " " + what);
  }

  private String connectName() {
    return "Kafka Connect at " + connect.baseUrl();
  }
}
