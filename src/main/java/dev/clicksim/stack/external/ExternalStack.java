package dev.clicksim.stack.external;

import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.RunningStreamsApplication;
import dev.clicksim.stack.StackEndpoints;
import dev.clicksim.stack.StackOverEndpoints;
import dev.clicksim.window.WindowSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pipeline clicksim did not start: the user's cluster or the compose stack, reached over the real
 * protocols. With a ksqlDB URL the windowed count is ksqlDB's table (clicks as JSON Schema through
 * Schema Registry when one is given); without one, a Kafka Streams application with clicksim's
 * topology is expected to run already, as in a clicksim up.
 */
public final class ExternalStack extends StackOverEndpoints {

  private final ExternalEndpoints endpoints;
  private final WindowSpec windows;
  private final StreamsSettings streams;
  private final Aggregation aggregation;
  private final KsqlDbAggregation ksqlDbAggregation;
  private volatile Function<Click, byte[]> encoder;

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

  @Override
  public void close() {
    // Nothing of an external stack belongs to clicksim.
  }
}
