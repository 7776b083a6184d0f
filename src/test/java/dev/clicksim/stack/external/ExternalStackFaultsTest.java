package dev.clicksim.stack.external;

import static dev.clicksim.testing.RecordedServer.ok;
import static dev.clicksim.testing.RecordedServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.scenario.Fault;
import dev.clicksim.scenario.Fault.Action;
import dev.clicksim.scenario.Fault.Kind;
import dev.clicksim.scenario.Fault.Target;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import dev.clicksim.stack.StackOverEndpoints;
import dev.clicksim.testing.RecordedServer;
import dev.clicksim.window.WindowSpec;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which faults an external target offers, and why it refuses the others. */
class ExternalStackFaultsTest {

  private final RecordedServer connect = new RecordedServer();

  @AfterEach
  void stop() {
    connect.close();
  }

  private ExternalStack external(boolean compose) {
    DatabaseEndpoint db =
        new DatabaseEndpoint(
            "jdbc:postgresql://127.0.0.1:1/db_metrics", "user_metrics", Secret.of("x"));
    return new ExternalStack(
        new ExternalEndpoints(
            Map.of("bootstrap.servers", "127.0.0.1:1"),
            null,
            null,
            ServiceEndpoint.of(connect.url()),
            db,
            SinkDatabaseEndpoint.sendingThePassword(db),
            (URI) null,
            compose),
        PipelineNames.DEFAULT,
        WindowSpec.DEFAULT,
        EngineProfile.fast.settings());
  }

  @Test
  void should_offer_the_connector_and_sql_faults_of_any_cluster() {
    assertThat(external(false).injectableFaults())
        .containsAll(StackOverEndpoints.CONNECT_REST_FAULTS)
        .containsExactlyInAnyOrder(
            new Kind(Action.restart, Target.sinkTask),
            new Kind(Action.pause, Target.sinkTask),
            new Kind(Action.restart, Target.connect),
            new Kind(Action.kill, Target.postgres),
            new Kind(Action.pause, Target.postgres));
  }

  @Test
  void should_offer_every_action_on_the_compose_services_with_the_compose_profile() {
    assertThat(external(true).injectableFaults())
        .hasSize(2 + 4 * 3)
        .contains(
            new Kind(Action.kill, Target.broker),
            new Kind(Action.pause, Target.aggregation),
            new Kind(Action.kill, Target.connect),
            new Kind(Action.restart, Target.postgres))
        .doesNotContain(new Kind(Action.kill, Target.sinkTask));
  }

  @Test
  void should_say_why_it_cannot_restart_a_server_it_does_not_own_and_what_can() {
    assertThat(external(false).whyNot(new Kind(Action.restart, Target.postgres)))
        .isEqualTo(
            "clicksim does not run this postgres, so it cannot restart it; --profile compose can"
                + " (docker compose restart postgres)");
    assertThat(external(false).whyNot(new Kind(Action.kill, Target.aggregation)))
        .endsWith("(docker compose kill ksqldb)");
  }

  @Test
  void should_point_a_kill_of_the_sink_task_at_connect_on_every_stack() {
    assertThat(external(true).whyNot(new Kind(Action.kill, Target.sinkTask)))
        .isEqualTo(
            "a sink task is a thread inside a Connect worker, with no process of its own to"
                + " SIGKILL; kill connect instead, or restart sink-task");
  }

  @Test
  void should_restart_the_sink_task_through_connects_rest_api() {
    String status =
        "{\"name\":\"clicksim-postgres-sink\",\"connector\":{\"state\":\"RUNNING\"},"
            + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}],\"type\":\"sink\"}";
    connect
        .on("GET /connectors/clicksim-postgres-sink/status", ok(status))
        .on("POST /connectors/clicksim-postgres-sink/tasks/0/restart", status(204, ""));

    String what = external(false).inject(Fault.Action.restart, Fault.Target.sinkTask, null);

    assertThat(connect.requests("POST /connectors/clicksim-postgres-sink/tasks/0/restart"))
        .hasSize(1);
    assertThat(what).startsWith("restart of sink connector clicksim-postgres-sink's task 0");
  }

  @Test
  void should_restart_the_connector_and_all_its_tasks_for_a_restart_of_connect() {
    String status =
        "{\"name\":\"clicksim-postgres-sink\",\"connector\":{\"state\":\"RUNNING\"},"
            + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}],\"type\":\"sink\"}";
    connect
        .on("POST /connectors/clicksim-postgres-sink/restart", status(202, status))
        .on("GET /connectors/clicksim-postgres-sink/status", ok(status));

    external(false).inject(Fault.Action.restart, Fault.Target.connect, null);

    assertThat(connect.requests("POST /connectors/clicksim-postgres-sink/restart"))
        .extracting(RecordedServer.Request::query)
        .containsExactly("includeTasks=true&onlyFailed=false");
  }
}
