package dev.clicksim.stack;

import java.net.URI;
import java.util.Map;

/**
 * The pipeline clicksim drives, seen only through its endpoints: the generator, the provisioner and the verifier talk
 * to this interface and never to the embedded classes, so the embedded stack, a running {@code clicksim up} and (later)
 * an external cluster are interchangeable.
 */
public interface Stack extends AutoCloseable {

  /** What this is, for messages: "embedded (transient)", "embedded (clicksim up, pid 1234)". */
  String description();

  /** Kafka client settings every client of this stack needs: bootstrap servers plus any security settings. */
  Map<String, Object> kafkaClientProperties();

  /** The Kafka Connect REST API the sink connector is created through. */
  URI connectUrl();

  /** {@link #connectUrl()} with the credentials the worker asks for, if any. */
  default ServiceEndpoint connect() {
    return ServiceEndpoint.of(connectUrl());
  }

  /** The PostgreSQL database the sink writes and {@code verify} reads. */
  DatabaseEndpoint database();

  /** The engine that runs the windowed count: the embedded topology, or ksqlDB. */
  Aggregation aggregation();

  /**
   * The database as the Connect workers reach it, for the sink's configuration: in a compose network that is
   * {@code postgres:5432}, not the host's {@code 127.0.0.1:5432}.
   */
  default DatabaseEndpoint sinkDatabase() {
    return database();
  }

  /**
   * The sink's value converter settings, matching what the windowed count writes: JSON with an embedded schema from
   * the embedded topology, JSON Schema through Schema Registry from ksqlDB.
   */
  default Map<String, String> sinkValueConverter() {
    return Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "true");
  }

  /** The table the sink writes and its column names, as this stack's windowed count names the fields. */
  default dev.clicksim.db.CountsTable countsTable() {
    return dev.clicksim.db.CountsTable.DEFAULT;
  }

  /** How a click becomes a record value on {@code click_events}: plain JSON, or Schema Registry's framed JSON. */
  default java.util.function.Function<dev.clicksim.simulation.Click, byte[]> clickEncoder() {
    return dev.clicksim.pipeline.ClickJson::encode;
  }

  /** Stops what this object started; an attached stack stays up. */
  @Override
  void close();
}
