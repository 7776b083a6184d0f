package dev.clicksim.stack.external;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.scenario.Fault;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.RunningStreamsApplication;
import dev.clicksim.stack.StackEndpoints;
import dev.clicksim.stack.StackOverEndpoints;
import dev.clicksim.window.WindowSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pipeline clicksim did not start: the user's cluster or the compose stack, reached over the real
 * protocols. With a ksqlDB URL the windowed count is ksqlDB's table (clicks as JSON Schema through
 * Schema Registry when one is given); without one, a Kafka Streams application with clicksim's
 * topology is expected to run already, as in a clicksim up.
 */
public final class ExternalStack extends StackOverEndpoints {

  /** A restart of the sink connector and all its tasks: what a restart of Connect is here. */
  private static final Fault.Kind RESTART_CONNECTOR =
      new Fault.Kind(Fault.Action.restart, Fault.Target.connect);

  private static final Set<Fault.Kind> SQL_FAULTS =
      Set.of(
          new Fault.Kind(Fault.Action.kill, Fault.Target.postgres),
          new Fault.Kind(Fault.Action.pause, Fault.Target.postgres));

  private static final Set<Fault.Kind> COMPOSE_FAULTS =
      ComposeServices.SERVICES.keySet().stream()
          .flatMap(
              target ->
                  java.util.Arrays.stream(Fault.Action.values())
                      .map(action -> new Fault.Kind(action, target)))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final ExternalEndpoints endpoints;
  private final WindowSpec windows;
  private final StreamsSettings streams;
  private final Aggregation aggregation;
  private final KsqlDbAggregation ksqlDbAggregation;
  private volatile Function<Click, byte[]> encoder;
  private final ComposeServices compose = ComposeServices.onPath();

  /** The sink's table, as {@link #provision} was last given it: the one a lock must hold. */
  private volatile CountsTable provisionedTable = CountsTable.DEFAULT;

  public ExternalStack(
      ExternalEndpoints endpoints,
      PipelineNames names,
      WindowSpec windows,
      StreamsSettings streams) {
    this(endpoints, names, windows, streams, null);
  }

  /**
   * @param ksqlDir the ksqlDB statements to send; null for the working directory's {@code ksql/},
   *     else those bundled in the jar
   */
  public ExternalStack(
      ExternalEndpoints endpoints,
      PipelineNames names,
      WindowSpec windows,
      StreamsSettings streams,
      java.nio.file.Path ksqlDir) {
    super(names);
    this.endpoints = endpoints;
    this.windows = windows;
    this.streams = streams;
    this.ksqlDbAggregation =
        ksqlDb()
            ? new KsqlDbAggregation(
                new KsqlDbClient(endpoints.ksqlDb()),
                registry(),
                ksqlDir == null ? KsqlStatements.load() : KsqlStatements.fromDirectory(ksqlDir),
                names,
                windows,
                valueFormat(),
                streams)
            : null;
    this.aggregation =
        ksqlDbAggregation != null
            ? ksqlDbAggregation
            : RunningStreamsApplication.elsewhere(endpoints.kafka(), names, windows);
  }

  private boolean ksqlDb() {
    return endpoints.ksqlDbUrl() != null;
  }

  /**
   * ksqlDB reads and writes JSON Schema through Schema Registry when one is given, else plain JSON.
   */
  private KsqlStatements.ValueFormat valueFormat() {
    return endpoints.schemaRegistryUrl() == null
        ? KsqlStatements.ValueFormat.JSON
        : KsqlStatements.ValueFormat.JSON_SR;
  }

  @Override
  public String description() {
    return "external (Kafka "
        + endpoints.kafka().get("bootstrap.servers")
        + (ksqlDb() ? ", ksqlDB " + endpoints.ksqlDbUrl() : "")
        + ", Connect "
        + endpoints.connectUrl()
        + ")";
  }

  @Override
  protected StackEndpoints endpoints() {
    return new StackEndpoints(
        endpoints.kafka(), endpoints.connect(), endpoints.database(), endpoints.sinkDatabase());
  }

  @Override
  protected Aggregation aggregation() {
    return aggregation;
  }

  /** What ksqlDB said of the running query when it was provisioned. */
  @Override
  public List<String> aggregationFindings() {
    return ksqlDbAggregation == null ? List.of() : ksqlDbAggregation.findings();
  }

  @Override
  public List<String> describeEndpoints() {
    List<String> lines = new ArrayList<>(super.describeEndpoints());
    if (ksqlDb()) {
      lines.add("ksqlDB REST API          " + endpoints.ksqlDbUrl());
    }
    if (endpoints.schemaRegistryUrl() != null) {
      lines.add("Schema Registry          " + endpoints.schemaRegistryUrl());
    }
    return lines;
  }

  private SchemaRegistryClient registry() {
    return endpoints.schemaRegistryUrl() == null
        ? null
        : new SchemaRegistryClient(endpoints.schemaRegistry());
  }

  @Override
  protected Map<String, String> sinkValueConverter() {
    if (ksqlDb() && endpoints.schemaRegistryUrl() != null) {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("value.converter", "io.confluent.connect.json.JsonSchemaConverter");
      URI sr =
          endpoints.sinkSchemaRegistryUrl() != null
              ? endpoints.sinkSchemaRegistryUrl()
              : endpoints.schemaRegistryUrl();
      c.put("value.converter.schema.registry.url", sr.toString());
      return c;
    }
    return super.sinkValueConverter();
  }

  /**
   * With a Schema Registry, clicks go in its wire format under the schema registered for {@code
   * click_events-value}; registering is idempotent, so the id is asked once.
   */
  @Override
  protected Function<Click, byte[]> clickEncoder() {
    if (endpoints.schemaRegistryUrl() == null) {
      return ClickJson::encode;
    }
    if (encoder == null) {
      int id =
          registry()
              .registerJsonSchema(
                  ClickEventSchema.subject(names.inputTopic()), ClickEventSchema.JSON);
      encoder = click -> JsonSchemaWireFormat.frame(id, ClickJson.encode(click));
    }
    return encoder;
  }

  /**
   * The faults clicksim can do to a cluster it does not run, each through the part's own protocol:
   * the sink connector through Connect's REST API, PostgreSQL through SQL; with {@code --profile
   * compose}, the containers through docker compose.
   */
  @Override
  public Set<Fault.Kind> injectableFaults() {
    Set<Fault.Kind> kinds = new HashSet<>(CONNECT_REST_FAULTS);
    kinds.add(RESTART_CONNECTOR);
    kinds.addAll(SQL_FAULTS);
    if (endpoints.compose()) {
      kinds.addAll(COMPOSE_FAULTS);
    }
    return Set.copyOf(kinds);
  }

  @Override
  public String inject(Fault.Action action, Fault.Target target, Duration length) {
    Fault.Kind kind = new Fault.Kind(action, target);
    // docker compose does to a container what the embedded stack does to a process: a real crash
    // or freeze, so it goes first where it applies.
    if (endpoints.compose() && COMPOSE_FAULTS.contains(kind)) {
      return compose.inject(action, target, length);
    }
    if (kind.equals(RESTART_CONNECTOR)) {
      return connectorFaults().restartConnectorAndTasks();
    }
    if (SQL_FAULTS.contains(kind)) {
      PostgresSqlFaults sql =
          new PostgresSqlFaults(
              endpoints.database(), endpoints.sinkDatabase().user(), provisionedTable);
      return action == Fault.Action.kill ? sql.terminateSinkSessions() : sql.lockTable(length);
    }
    return super.inject(action, target, length);
  }

  @Override
  public String whyNot(Fault.Kind kind) {
    String anywhere = super.whyNot(kind);
    if (!anywhere.isEmpty() || !ComposeServices.SERVICES.containsKey(kind.target())) {
      return anywhere;
    }
    return "clicksim does not run this "
        + kind.target().label()
        + ", so it cannot "
        + kind.action()
        + " it; --profile compose can (docker compose "
        + kind.action()
        + " "
        + ComposeServices.SERVICES.get(kind.target())
        + ")";
  }

  @Override
  public List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress) {
    provisionedTable = table;
    return super.provision(table, progress);
  }

  @Override
  public void close() {
    // Nothing of an external stack belongs to clicksim.
  }
}
