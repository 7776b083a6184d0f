package dev.clicksim.stack;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.Preflight;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.run.ClickSender;
import dev.clicksim.scenario.Fault;
import dev.clicksim.simulation.Click;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A stack whose actions go over the real protocols of its parts: Kafka clients, Connect's REST API,
 * JDBC. The embedded, attached and external adapters all are one; they differ in where the parts
 * are ({@link #endpoints()}), in the windowed count ({@link #aggregation()}), and in the value
 * format between the windowed count and the sink. That is what "two targets, one code path" means.
 */
public abstract class StackOverEndpoints implements Stack {

  protected final PipelineNames names;

  protected StackOverEndpoints(PipelineNames names) {
    this.names = names;
  }

  /** Where the parts are. */
  protected abstract StackEndpoints endpoints();

  /** The windowed count of this stack. */
  protected abstract Aggregation aggregation();

  /**
   * The sink's value converter, matching what the windowed count writes: JSON with an embedded
   * schema from clicksim's topology; an adapter whose windowed count writes Schema Registry framed
   * JSON overrides it.
   */
  protected Map<String, String> sinkValueConverter() {
    return Map.of(
        "value.converter",
        "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable",
        "true");
  }

  /** How a click becomes a record value on {@code click_events}: plain JSON unless overridden. */
  protected Function<Click, byte[]> clickEncoder() {
    return ClickJson::encode;
  }

  /**
   * The faults this class does for every adapter, on the sink connector through Connect's REST API;
   * an adapter offers them in its {@link #injectableFaults()}.
   */
  public static final java.util.Set<Fault.Kind> CONNECT_REST_FAULTS = ConnectorFaults.KINDS;

  /** The sink connector's faults through Connect's REST API, as an operator does them. */
  protected ConnectorFaults connectorFaults() {
    return new ConnectorFaults(
        new ConnectRestClient(endpoints().connect()), SinkConnectorConfig.CONNECTOR_NAME);
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, java.time.Duration length) {
    if (CONNECT_REST_FAULTS.contains(new Fault.Kind(action, target))) {
      return connectorFaults().inject(action, length);
    }
    return Stack.super.inject(action, target, length);
  }

  @Override
  public List<String> describeEndpoints() {
    StackEndpoints e = endpoints();
    return List.of(
        "Kafka bootstrap servers  " + e.bootstrapServers(),
        "Kafka Connect REST API   " + e.connect(),
        "PostgreSQL JDBC URL      "
            + Jdbc.redact(e.database().jdbcUrl())
            + "  (user "
            + e.database().user()
            + ")",
        "topics                   " + names.inputTopic() + " -> " + names.outputTopic());
  }

  @Override
  public WindowSpec windows() {
    return aggregation().windows();
  }

  @Override
  public CountsTable countsTable() {
    return CountsTable.DEFAULT;
  }

  private Provisioner provisioner(CountsTable table) {
    return new Provisioner(endpoints(), aggregation(), names, table, sinkValueConverter());
  }

  @Override
  public List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress) {
    return provisioner(table).provision(progress);
  }

  @Override
  public List<String> provisioningPlan(CountsTable table) {
    StackEndpoints e = endpoints();
    List<String> plan = new ArrayList<>();
    plan.add(
        "topics (Kafka Admin API at "
            + e.bootstrapServers()
            + "): create "
            + names.inputTopic()
            + " and "
            + names.outputTopic()
            + " with "
            + Provisioner.CLICK_EVENTS_PARTITIONS
            + " partitions each if missing");
    plan.addAll(aggregation().plan());
    plan.add(
        "PostgreSQL at "
            + Jdbc.redact(e.database().jdbcUrl())
            + " as "
            + e.database().user()
            + ": if table "
            + table.table()
            + " is missing:");
    plan.add("     " + table.createStatement());
    plan.add(
        "Kafka Connect at "
            + e.connect()
            + ": PUT /connectors/"
            + SinkConnectorConfig.CONNECTOR_NAME
            + "/config, then wait for the connector and its task to be RUNNING:");
    provisioner(table)
        .connectorConfig()
        .forEach(
            (k, v) ->
                plan.add(
                    "     "
                        + k
                        + "="
                        + (k.contains("password") && !SinkDatabaseEndpoint.isReference(v)
                            ? "******"
                            : k.equals("connection.url") ? Jdbc.redact(v) : v)));
    return plan;
  }

  @Override
  public List<String> preflight(CountsTable table) {
    boolean framed =
        sinkValueConverter().getOrDefault("value.converter", "").contains("JsonSchema");
    return Preflight.check(endpoints(), names, table, framed);
  }

  @Override
  public int inputPartitions() {
    return KafkaTopics.partitions(endpoints().kafka(), names.inputTopic());
  }

  @Override
  public OptionalLong latestInputTimestamp() {
    return KafkaTopics.latest(endpoints().kafka(), names.inputTopic());
  }

  @Override
  public Map<Integer, InputPosition> inputPositions() {
    return TopicReadBack.positions(endpoints().kafka(), names.inputTopic());
  }

  @Override
  public Optional<PipelineTopics> pipelineTopics() {
    return Optional.of(
        new TopicReadBack(endpoints().kafka(), names.inputTopic(), names.outputTopic()));
  }

  @Override
  public ClickSink openClickSink(LongSupplier nanoClock, java.time.Duration deliveryTimeout) {
    return new ClickSender(
        endpoints().kafka(), names.inputTopic(), nanoClock, clickEncoder(), deliveryTimeout);
  }

  /**
   * None by default: a windowed count that runs elsewhere keeps its own settings (a ksqlDB query
   * that existed before keeps the properties it was created with), so nothing here is known to be
   * true of it.
   */
  @Override
  public Map<String, String> runSettings() {
    return Map.of();
  }

  @Override
  public CountsReader openCountsReader(CountsTable table) {
    return new DatabaseCounts(endpoints().database()).openCountsReader(table);
  }

  @Override
  public String describe(CountsTable table) {
    return new DatabaseCounts(endpoints().database()).describe(table);
  }

  @Override
  public Optional<String> failedSinkTask() {
    String name = SinkConnectorConfig.CONNECTOR_NAME;
    return new ConnectRestClient(endpoints().connect())
        .status(name)
        .flatMap(ConnectRestClient.ConnectorStatus::failedTask)
        .map(
            task ->
                "sink connector "
                    + name
                    + " task "
                    + task.id()
                    + " FAILED: "
                    + task.trace().lines().findFirst().orElse("(no trace)"));
  }
}
