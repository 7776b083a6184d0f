package dev.clicksim.stack;

import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.scenario.Fault;
import dev.clicksim.testing.RecordedServer;
import dev.clicksim.wait.BoundedWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sink connector's faults against a recorded worker; the bodies follow Kafka Connect's REST API
 * reference (4.1: {@code POST .../tasks/{id}/restart} answers 204, {@code POST
 * .../restart?includeTasks=true} 202 with the states RESTARTING, pause and resume 202).
 */
class ConnectorFaultsTest {

  private static final String NAME = "clicksim-postgres-sink";
  private static final String STATUS = "GET /connectors/" + NAME + "/status";

  private final RecordedServer server = new RecordedServer();
  private final List<Duration> paused = new ArrayList<>();
  private long now;

  @AfterEach
  void stop() {
    server.close();
    Thread.interrupted();
  }

  private static String connectorStatus(String connector, String... tasks) {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < tasks.length; i++) {
      t.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"state\":\"")
          .append(tasks[i])
          .append("\",\"worker_id\":\"127.0.0.1:8083\"")
          .append(
              tasks[i].equals("FAILED")
                  ? ",\"trace\":\"org.apache.kafka.connect.errors.ConnectException: db gone\\n\\tat x\""
                  : "")
          .append('}');
    }
    return "{\"name\":\""
        + NAME
        + "\",\"connector\":{\"state\":\""
        + connector
        + "\",\"worker_id\":\"127.0.0.1:8083\"},\"tasks\":["
        + t
        + "],\"type\":\"sink\"}";
  }

  /** Pauses move a clock of the test's own and are recorded; nothing sleeps. */
  private ConnectorFaults faults() {
    return faults(Duration.ofSeconds(30));
  }

  private ConnectorFaults faults(Duration runningAgain) {
    return new ConnectorFaults(
        new ConnectRestClient(server.url()),
        NAME,
        new BoundedWait(
            () -> now,
            d -> {
              paused.add(d);
              now += d.toNanos();
            }),
        () -> now,
        runningAgain);
  }

  @Test
  void should_restart_each_task_and_return_once_every_task_runs_again() {
    server
        .on(
            STATUS,
            ok(connectorStatus("RUNNING", "RUNNING", "RUNNING")),
            ok(connectorStatus("RUNNING", "UNASSIGNED", "RUNNING")),
            ok(connectorStatus("RUNNING", "RUNNING", "RUNNING")))
        .on("POST /connectors/" + NAME + "/tasks/0/restart", status(204, ""))
        .on("POST /connectors/" + NAME + "/tasks/1/restart", status(204, ""));

    String what = faults().inject(Fault.Action.restart, null);

    assertThat(server.requests("POST /connectors/" + NAME + "/tasks/0/restart")).hasSize(1);
    assertThat(server.requests("POST /connectors/" + NAME + "/tasks/1/restart")).hasSize(1);
    assertThat(server.requests(STATUS)).hasSize(3);
    assertThat(what)
        .isEqualTo(
            "restart of sink connector clicksim-postgres-sink's tasks 0, 1 through Connect's REST"
                + " API (POST /connectors/clicksim-postgres-sink/tasks/{id}/restart); connector"
                + " and tasks RUNNING again 0.2 s later");
  }

  @Test
  void should_restart_the_connector_with_all_its_tasks_not_only_the_failed_ones() {
    server
        .on(
            "POST /connectors/" + NAME + "/restart",
            status(202, connectorStatus("RESTARTING", "RESTARTING")))
        .on(
            STATUS,
            ok(connectorStatus("RESTARTING", "RESTARTING")),
            ok(connectorStatus("RUNNING", "RUNNING")));

    String what = faults().restartConnectorAndTasks();

    RecordedServer.Request sent = server.requests("POST /connectors/" + NAME + "/restart").get(0);
    assertThat(sent.query()).isEqualTo("includeTasks=true&onlyFailed=false");
    assertThat(sent.body()).isEmpty();
    assertThat(what)
        .contains("restart?includeTasks=true&onlyFailed=false")
        .endsWith("RUNNING again 0.2 s later");
  }

  @Test
  void should_pause_for_the_faults_length_then_resume_and_wait_for_running() {
    server
        .on("PUT /connectors/" + NAME + "/pause", status(202, ""))
        .on("PUT /connectors/" + NAME + "/resume", status(202, ""))
        .on(
            STATUS,
            ok(connectorStatus("PAUSED", "PAUSED")),
            ok(connectorStatus("RUNNING", "RUNNING")));

    String what = faults().inject(Fault.Action.pause, Duration.ofSeconds(5));

    assertThat(server.requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "PUT /connectors/" + NAME + "/pause",
            "PUT /connectors/" + NAME + "/resume",
            STATUS,
            STATUS);
    assertThat(paused.get(0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(what)
        .isEqualTo(
            "pause of sink connector clicksim-postgres-sink through Connect's REST API (PUT"
                + " /connectors/clicksim-postgres-sink/pause) for 5 s, then PUT .../resume;"
                + " connector and tasks RUNNING again 0.2 s later");
  }

  @Test
  void should_resume_the_connector_when_the_pause_is_interrupted() {
    server
        .on("PUT /connectors/" + NAME + "/pause", status(202, ""))
        .on("PUT /connectors/" + NAME + "/resume", status(202, ""));
    ConnectorFaults interruptedWhilePaused =
        new ConnectorFaults(
            new ConnectRestClient(server.url()),
            NAME,
            new BoundedWait(
                () -> now,
                d -> {
                  throw new InterruptedException("run stopped");
                }),
            () -> now,
            Duration.ofSeconds(30));

    assertThatThrownBy(() -> interruptedWhilePaused.pause(Duration.ofSeconds(30)))
        .isInstanceOf(ClicksimFailure.class)
        .extracting(e -> ((ClicksimFailure) e).kind())
        .isEqualTo(ClicksimFailure.Kind.INTERRUPTED);
    assertThat(server.requests("PUT /connectors/" + NAME + "/resume")).hasSize(1);
    assertThat(Thread.currentThread().isInterrupted())
        .as("the interrupt is kept for the fault thread's owner")
        .isTrue();
  }

  @Test
  void should_name_the_tasks_state_and_trace_when_it_does_not_run_again() {
    server
        .on(
            STATUS,
            ok(connectorStatus("RUNNING", "RUNNING")),
            ok(connectorStatus("RUNNING", "FAILED")))
        .on("POST /connectors/" + NAME + "/tasks/0/restart", status(204, ""));

    assertThatThrownBy(() -> faults(Duration.ofSeconds(2)).restartTasks())
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage(
            "sink connector clicksim-postgres-sink on Kafka Connect at "
                + server.url()
                + " was not RUNNING again within 2 s (connector RUNNING, task 0 FAILED:"
                + " org.apache.kafka.connect.errors.ConnectException: db gone)");
  }

  @Test
  void should_say_the_connector_is_missing_rather_than_pause_nothing() {
    assertThatThrownBy(() -> faults().pause(Duration.ofSeconds(1)))
        .hasMessage(
            "sink connector clicksim-postgres-sink on Kafka Connect at "
                + server.url()
                + " does not exist; provision first");
    assertThat(paused).as("no pause of a connector that is not there").isEmpty();
  }
}
