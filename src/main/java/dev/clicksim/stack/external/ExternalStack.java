package dev.clicksim.stack.external;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.AttachedStack;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.Stack;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.window.WindowSpec;

/**
 * A pipeline clicksim did not start: the user's cluster or the compose stack, reached over the real protocols. With a
 * ksqlDB URL the windowed count is ksqlDB's table (clicks as JSON Schema through Schema Registry when one is given);
 * without one, a Kafka Streams application with clicksim's topology is expected to run already, as in a clicksim up.
 */
public final class ExternalStack implements Stack {

  private final ExternalEndpoints endpoints;
  private final PipelineNames names;
  private final WindowSpec windows;
  private final StreamsSettings streams;
  private volatile Function<Click, byte[]> encoder;

  public ExternalStack(ExternalEndpoints endpoints, PipelineNames names, WindowSpec windows, StreamsSettings streams) {
    this.endpoints = endpoints;
    this.names = names;
    this.windows = windows;
    this.streams = streams;
  }

  public ExternalEndpoints endpoints() {
    return endpoints;
  }

  private boolean ksqlDb() {
    return endpoints.ksqlDbUrl() != null;
  }

  @Override
  public String description() {
    return "external (Kafka " + endpoints.kafka().get("bootstrap.servers") + (ksqlDb() ? ", ksqlDB " + endpoints.ksqlDbUrl() : "")
        + ", Connect " + endpoints.connectUrl() + ")";
  }

  @Override
  public Map<String, Object> kafkaClientProperties() {
    return endpoints.kafka();
  }

  @Override
  public URI connectUrl() {
    return endpoints.connectUrl();
  }

  @Override
  public ServiceEndpoint connect() {
    return endpoints.connect();
  }

  @Override
  public DatabaseEndpoint database() {
    return endpoints.database();
  }

  @Override
  public DatabaseEndpoint sinkDatabase() {
    return endpoints.sinkDatabase();
  }

  @Override
  public Aggregation aggregation() {
    if (!ksqlDb()) {
      // The topology runs in another process (a clicksim up, or the user's own deployment of it): check its group.
      return new AttachedStack(new StackStateFile(-1, (String) endpoints.kafka().get("bootstrap.servers"), endpoints.connectUrl(),
          endpoints.database(), windows), names).aggregation();
    }
    SchemaRegistryClient registry = registry();
    return new KsqlDbAggregation(new KsqlDbClient(endpoints.ksqlDb()), registry, KsqlStatements.load(), names, windows,
        registry == null ? KsqlStatements.ValueFormat.JSON : KsqlStatements.ValueFormat.JSON_SR, streams);
  }

  private SchemaRegistryClient registry() {
    return endpoints.schemaRegistryUrl() == null ? null : new SchemaRegistryClient(endpoints.schemaRegistry());
  }

  @Override
  public Map<String, String> sinkValueConverter() {
    if (ksqlDb() && endpoints.schemaRegistryUrl() != null) {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("value.converter", "io.confluent.connect.json.JsonSchemaConverter");
      URI sr = endpoints.sinkSchemaRegistryUrl() != null ? endpoints.sinkSchemaRegistryUrl() : endpoints.schemaRegistryUrl();
      c.put("value.converter.schema.registry.url", sr.toString());
      return c;
    }
    return Stack.super.sinkValueConverter();
  }

  @Override
  public CountsTable countsTable() {
    return ksqlDb() ? CountsTable.KSQLDB : CountsTable.DEFAULT;
  }

  /**
   * With a Schema Registry, clicks go in its wire format under the schema registered for {@code click_events-value};
   * registering is idempotent, so the id is asked once.
   */
  @Override
  public Function<Click, byte[]> clickEncoder() {
    if (endpoints.schemaRegistryUrl() == null) {
      return ClickJson::encode;
    }
    if (encoder == null) {
      int id = registry().registerJsonSchema(ClickEventSchema.subject(names.inputTopic()), ClickEventSchema.JSON);
      encoder = click -> JsonSchemaWireFormat.frame(id, ClickJson.encode(click));
    }
    return encoder;
  }

  @Override
  public void close() {
    // Nothing of an external stack belongs to clicksim.
  }
}
