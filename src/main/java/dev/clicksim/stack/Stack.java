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

  /** The PostgreSQL database the sink writes and {@code verify} reads. */
  DatabaseEndpoint database();

  /** The engine that runs the windowed count: the embedded topology, or ksqlDB. */
  Aggregation aggregation();

  /** Stops what this object started; an attached stack stays up. */
  @Override
  void close();
}
