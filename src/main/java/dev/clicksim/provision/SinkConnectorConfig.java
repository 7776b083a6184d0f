package dev.clicksim.provision;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDBC sink's configuration: Debezium's JDBC sink in upsert mode keyed by (campaign, window
 * start), so a window is one row that its latest count overwrites, with the two timestamp
 * conversions of the seed.
 */
public final class SinkConnectorConfig {

  public static final String CONNECTOR_NAME = "clicksim-postgres-sink";
  public static final String CONNECTOR_CLASS = "io.debezium.connector.jdbc.JdbcSinkConnector";

  private SinkConnectorConfig() {}

  public static Map<String, String> debezium(
      PipelineNames names, CountsTable table, SinkDatabaseEndpoint db) {
    return debezium(
        names,
        table,
        db,
        Map.of(
            "value.converter",
            "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable",
            "true"));
  }

  /**
   * @param db the database as the Connect workers reach it; its password goes in as a config
   *     provider reference when it has one
   * @param valueConverter the converter settings matching how the windowed count writes its values
   */
  public static Map<String, String> debezium(
      PipelineNames names,
      CountsTable table,
      SinkDatabaseEndpoint db,
      Map<String, String> valueConverter) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", CONNECTOR_CLASS);
    c.put("tasks.max", "1");
    c.put("topics", names.outputTopic());
    c.put("connection.url", db.jdbcUrl());
    c.put("connection.username", db.user());
    // A config provider reference when the workers have one, so Connect's REST API and config topic
    // never hold the value.
    c.put("connection.password", db.connectionPassword());
    c.put("insert.mode", "upsert");
    c.put("primary.key.mode", "record_value");
    c.put("primary.key.fields", table.campaignColumn() + "," + table.startColumn());
    c.put("collection.name.format", table.table());
    // clicksim creates the table with its primary key; the sink must not alter it.
    c.put("schema.evolution", "none");
    c.put("quote.identifiers", "true");
    c.put("use.time.zone", "UTC");
    // The output key is ksqlDB's windowed key (campaign + 8-byte window start): binary, so the key
    // is taken from the value.
    c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    new java.util.TreeMap<>(valueConverter).forEach(c::put);
    c.put("transforms", "startTime,endTime");
    c.put(
        "transforms.startTime.type",
        "org.apache.kafka.connect.transforms.TimestampConverter$Value");
    c.put("transforms.startTime.field", table.startColumn());
    c.put("transforms.startTime.target.type", "Timestamp");
    c.put(
        "transforms.endTime.type", "org.apache.kafka.connect.transforms.TimestampConverter$Value");
    c.put("transforms.endTime.field", table.endColumn());
    c.put("transforms.endTime.target.type", "Timestamp");
    c.put("consumer.override.auto.offset.reset", "earliest");
    // Only committed counts: under exactly_once_v2 an aborted transaction's updates are on the
    // topic
    // too, and a sink reading them would write counts the aggregation took back.
    c.put("consumer.override.isolation.level", "read_committed");
    // A worker that died without leaving the group holds the partitions for a session timeout: keep
    // that short.
    c.put("consumer.override.session.timeout.ms", "10000");
    c.put("consumer.override.heartbeat.interval.ms", "3000");
    // Test pooled connections before use, so a database restart costs a reconnect instead of a
    // failed task.
    c.put("hibernate.c3p0.testConnectionOnCheckout", "true");
    return c;
  }
}
