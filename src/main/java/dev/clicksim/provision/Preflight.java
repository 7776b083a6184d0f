package dev.clicksim.provision;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import dev.clicksim.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Known traps of this pipeline, checked before a run and printed as warnings: they do not stop
 * anything, but each one explains a verdict or a latency that would otherwise puzzle. The checks of
 * a connector's configuration are pure.
 */
public final class Preflight {

  private Preflight() {}

  /** Warnings about one sink connector that reads the windowed counts. */
  static List<String> checkSink(
      String name, Map<String, String> config, boolean schemaRegistryData) {
    List<String> warnings = new ArrayList<>();
    String mode = config.getOrDefault("insert.mode", "insert");
    if (mode.equalsIgnoreCase("insert")) {
      warnings.add(
          "connector "
              + name
              + " writes in insert mode: every update of a window is a new row, so a window has many rows"
              + " and only the largest count is its value (verify reads it so; a SUM in a dashboard over-counts)");
    }
    String converter = config.getOrDefault("value.converter", "");
    if (schemaRegistryData && converter.endsWith("JsonConverter")) {
      warnings.add(
          "connector "
              + name
              + " reads Schema Registry framed data with the plain JsonConverter: every record will fail"
              + " (use io.confluent.connect.json.JsonSchemaConverter)");
    }
    List<String> converted = new ArrayList<>();
    for (String t : config.getOrDefault("transforms", "").split(",")) {
      String alias = t.strip();
      if (!alias.isEmpty()
          && config
              .getOrDefault("transforms." + alias + ".type", "")
              .contains("TimestampConverter")) {
        converted.add(
            config
                .getOrDefault("transforms." + alias + ".field", "")
                .toLowerCase(java.util.Locale.ROOT));
      }
    }
    String password = config.getOrDefault("connection.password", "");
    if (!password.isEmpty() && !SinkDatabaseEndpoint.isReference(password)) {
      warnings.add(
          "connector "
              + name
              + " holds the database password as its value: anyone who can read Connect's REST API"
              + " (GET /connectors/"
              + name
              + "/config) or its config topic reads it; give a config provider reference the"
              + " Connect workers resolve (--sink-db-password-ref)");
    }
    boolean start = converted.contains("start_time");
    boolean end = converted.contains("end_time");
    if (start != end) {
      warnings.add(
          "connector "
              + name
              + " converts only "
              + (start ? "start_time" : "end_time")
              + " to a timestamp: each TimestampConverter handles one field, the other stays a BIGINT");
    }
    return warnings;
  }

  /** Everything that can be checked over a pipeline's endpoints without changing it. */
  public static List<String> check(
      StackEndpoints endpoints,
      PipelineNames names,
      CountsTable table,
      boolean schemaRegistryData) {
    List<String> warnings = new ArrayList<>();
    try {
      new ConnectRestClient(endpoints.connect())
          .allConnectorConfigs()
          .forEach(
              (name, config) -> {
                String topics = config.getOrDefault("topics", "");
                if (java.util.Arrays.asList(topics.split("\\s*,\\s*"))
                    .contains(names.outputTopic())) {
                  warnings.addAll(checkSink(name, config, schemaRegistryData));
                }
              });
    } catch (RuntimeException e) {
      warnings.add(
          "could not list the connectors at " + endpoints.connect().url() + ": " + e.getMessage());
    }
    try (Connection c = Jdbc.connect(endpoints.database());
        ResultSet rs =
            c.getMetaData().getTables(null, null, table.table(), new String[] {"TABLE"})) {
      if (rs.next()) {
        try (ResultSet pk =
            c.getMetaData().getPrimaryKeys(null, rs.getString("TABLE_SCHEM"), table.table())) {
          if (!pk.next()) {
            warnings.add(
                "table "
                    + table.table()
                    + " has no primary key: an upsert sink cannot keep one row per window");
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      warnings.add("could not inspect table " + table.table() + ": " + e.getMessage());
    }
    return warnings;
  }
}
