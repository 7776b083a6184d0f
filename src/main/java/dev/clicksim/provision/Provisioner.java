package dev.clicksim.provision;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.StackEndpoints;
import dev.clicksim.wait.BoundedWait;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Sets the pipeline up over its endpoints, idempotently: topics (Kafka Admin API), the windowed
 * count (its {@link Aggregation}), the PostgreSQL table with its primary key (JDBC) and the sink
 * connector (Connect's REST API). Each step says whether it created something or found it as
 * wanted. Every stack adapter provisions through this one class, so embedded and external differ
 * only in their endpoints and their windowed count.
 */
public final class Provisioner {

  public static final int CLICK_EVENTS_PARTITIONS = 3;
  private static final Duration CONNECTOR_TIMEOUT = Duration.ofSeconds(60);

  private final StackEndpoints endpoints;
  private final Aggregation aggregation;
  private final PipelineNames names;
  private final CountsTable table;
  private final Map<String, String> sinkValueConverter;

  /**
   * @param sinkValueConverter the sink's value converter settings, matching what the windowed count
   *     writes
   */
  public Provisioner(
      StackEndpoints endpoints,
      Aggregation aggregation,
      PipelineNames names,
      CountsTable table,
      Map<String, String> sinkValueConverter) {
    this.endpoints = endpoints;
    this.aggregation = aggregation;
    this.names = names;
    this.table = table;
    this.sinkValueConverter = sinkValueConverter;
  }

  /** The sink connector's configuration this provisioner puts on Connect. */
  public Map<String, String> connectorConfig() {
    return SinkConnectorConfig.debezium(names, table, endpoints.sinkDatabase(), sinkValueConverter);
  }

  public List<ProvisionStep> provision(Consumer<ProvisionStep> progress) {
    List<ProvisionStep> steps = new ArrayList<>();
    Consumer<ProvisionStep> record =
        step -> {
          steps.add(step);
          progress.accept(step);
        };
    long t = System.nanoTime();
    for (ProvisionStep step : ensureTopics()) {
      record.accept(step);
    }
    t = timed(t, aggregation.ensureRunning(), record);
    t = timed(t, ensureTable(), record);
    timed(t, ensureConnector(), record);
    return steps;
  }

  private static long timed(long startNanos, ProvisionStep step, Consumer<ProvisionStep> record) {
    long now = System.nanoTime();
    record.accept(
        new ProvisionStep(
            step.what(),
            step.outcome(),
            step.detail() + String.format(" (%.1f s)", (now - startNanos) / 1e9)));
    return now;
  }

  List<ProvisionStep> ensureTopics() {
    Map<String, Object> props = new java.util.HashMap<>(endpoints.kafka());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    List<ProvisionStep> steps = new ArrayList<>();
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
      for (String topic : List.of(names.inputTopic(), names.outputTopic())) {
        if (existing.contains(topic)) {
          TopicDescription d =
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(20, TimeUnit.SECONDS)
                  .get(topic);
          steps.add(
              ProvisionStep.unchanged("topic " + topic, d.partitions().size() + " partitions"));
        } else {
          admin
              .createTopics(List.of(new NewTopic(topic, CLICK_EVENTS_PARTITIONS, (short) -1)))
              .all()
              .get(20, TimeUnit.SECONDS);
          steps.add(
              ProvisionStep.created("topic " + topic, CLICK_EVENTS_PARTITIONS + " partitions"));
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot reach Kafka at " + endpoints.bootstrapServers() + ": " + oneLine(e),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while creating the topics", e);
    }
    return steps;
  }

  ProvisionStep ensureTable() {
    String key = "primary key (" + table.campaignColumn() + ", " + table.startColumn() + ")";
    try (Connection c = Jdbc.connect(endpoints.database())) {
      List<String> columns = columnsOf(c, table.table());
      String renamed = null;
      if (!columns.isEmpty()) {
        List<String> missing =
            table.columns().stream().filter(name -> !columns.contains(name)).toList();
        if (missing.isEmpty()) {
          return ProvisionStep.unchanged("table " + table.table(), key);
        }
        if (!columns.containsAll(EARLIER_EMBEDDED_COLUMNS)) {
          throw new ClicksimFailure(
              ClicksimFailure.Kind.INVALID_INPUT,
              "table "
                  + table.table()
                  + " exists without the column(s) "
                  + String.join(", ", missing)
                  + " the sink writes (it has "
                  + String.join(", ", columns)
                  + "); drop it, or name another table");
        }
        // The table an earlier clicksim made for the embedded stack (lower-case names, the
        // campaign twice): kept under another name, since its rows are somebody's results.
        renamed = freeName(c, table.table() + "_before_ksqldb_names");
        try (Statement s = c.createStatement()) {
          s.execute(
              "ALTER TABLE "
                  + CountsTable.quote(table.table())
                  + " RENAME TO "
                  + CountsTable.quote(renamed));
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute(table.createStatement());
      }
      return ProvisionStep.created(
          "table " + table.table(),
          key
              + (renamed == null
                  ? ""
                  : "; the table of an earlier clicksim, with columns "
                      + String.join(", ", columns)
                      + ", is kept as "
                      + renamed));
    } catch (SQLException e) {
      throw Jdbc.translate(e, "creating table " + table.table());
    }
  }

  /** The columns of the table an earlier clicksim created for the embedded stack. */
  static final List<String> EARLIER_EMBEDDED_COLUMNS =
      List.of("campaignId", "id", "click_count", "start_time", "end_time");

  private static List<String> columnsOf(Connection c, String tableName) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getColumns(null, null, tableName, null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    return columns;
  }

  private static String freeName(Connection c, String base) throws SQLException {
    String name = base;
    for (int n = 2; !columnsOf(c, name).isEmpty(); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  ProvisionStep ensureConnector() {
    ConnectRestClient connect = new ConnectRestClient(endpoints.connect());
    if (!connect.connectorPluginClasses().contains(SinkConnectorConfig.CONNECTOR_CLASS)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "Kafka Connect at "
              + endpoints.connect().url()
              + " has no plugin "
              + SinkConnectorConfig.CONNECTOR_CLASS);
    }
    String name = SinkConnectorConfig.CONNECTOR_NAME;
    Map<String, String> wanted = connectorConfig();
    ProvisionStep step;
    var current = connect.connectorConfig(name);
    if (current.isEmpty()) {
      connect.putConnectorConfig(name, wanted);
      step = ProvisionStep.created("connector " + name, "upsert into " + table.table());
    } else if (!sameConfig(current.get(), wanted)) {
      connect.putConnectorConfig(name, wanted);
      // Tasks that failed under the old configuration keep their FAILED state until restarted.
      connect.restartConnector(name);
      step = ProvisionStep.updated("connector " + name, "configuration replaced");
    } else {
      step = ProvisionStep.unchanged("connector " + name, "upsert into " + table.table());
    }
    awaitConnectorRunning(connect, name);
    return step;
  }

  private static boolean sameConfig(Map<String, String> current, Map<String, String> wanted) {
    Map<String, String> withoutName = new java.util.HashMap<>(current);
    withoutName.remove("name");
    return withoutName.equals(wanted);
  }

  /**
   * Waits until the connector and its task run. A task that had failed (for example while the
   * database was down) is restarted once, since provisioning means "make it run"; a second failure
   * is reported with its trace.
   */
  private void awaitConnectorRunning(ConnectRestClient connect, String name) {
    boolean[] restarted = {false};
    String[] lastState = {"unknown"};
    BoundedWait.system()
        .until(
            CONNECTOR_TIMEOUT,
            Duration.ofMillis(200),
            () -> {
              var status = connect.status(name);
              if (status.isEmpty()) {
                return java.util.Optional.empty();
              }
              lastState[0] = status.get().connectorState();
              if (status.get().isRunning()) {
                return java.util.Optional.of(Boolean.TRUE);
              }
              var failed = status.get().failedTask();
              if (failed.isPresent() && !restarted[0]) {
                connect.restartConnector(name);
                restarted[0] = true;
                // The restart is asynchronous: the task shows FAILED for a moment longer, which
                // must not count as a second failure.
                BoundedWait.system().pause(Duration.ofMillis(500));
                return java.util.Optional.empty();
              }
              if (failed.isPresent()) {
                throw new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    "connector "
                        + name
                        + " task "
                        + failed.get().id()
                        + " FAILED: "
                        + failed.get().trace().lines().findFirst().orElse("(no trace)"));
              }
              if ("FAILED".equals(status.get().connectorState())) {
                throw new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE, "connector " + name + " FAILED");
              }
              return java.util.Optional.empty();
            },
            () ->
                new ClicksimFailure(
                    ClicksimFailure.Kind.INFRASTRUCTURE,
                    "connector "
                        + name
                        + " not RUNNING after "
                        + CONNECTOR_TIMEOUT.toSeconds()
                        + " s (state "
                        + lastState[0]
                        + ")"));
  }

  private static String oneLine(Throwable e) {
    Throwable root = e.getCause() != null ? e.getCause() : e;
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
