package dev.clicksim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.provision.SinkConnectorConfig;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's JDBC sink configuration (Connect's {@code {"name":..., "config":{...}}} or the config
 * alone): the table it writes, and where the settings that decide the table's counts differ from
 * the sink clicksim provisions.
 */
final class SinkConfigFile {

  /** The keys whose values decide which rows the table holds and what they say. */
  private static final List<String> COUNT_DECIDING =
      List.of(
          "topics",
          "insert.mode",
          "primary.key.mode",
          "primary.key.fields",
          "collection.name.format",
          "transforms",
          "transforms.startTime.type",
          "transforms.startTime.field",
          "transforms.startTime.target.type",
          "transforms.endTime.type",
          "transforms.endTime.field",
          "transforms.endTime.target.type",
          "consumer.override.auto.offset.reset",
          "consumer.override.isolation.level");

  private final Path file;
  private final Map<String, String> config;

  private SinkConfigFile(Path file, Map<String, String> config) {
    this.file = file;
    this.config = config;
  }

  static SinkConfigFile read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "sink config "
              + file
              + ": cannot read it as JSON ("
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + (at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ")",
          e);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "sink config " + file + ": cannot read it (" + e.getMessage() + ")",
          e);
    }
    JsonNode config = root == null ? null : root.has("config") ? root.get("config") : root;
    if (config == null || !config.isObject()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "sink config " + file + ": not a JSON object");
    }
    Map<String, String> values = new LinkedHashMap<>();
    config.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return new SinkConfigFile(file, values);
  }

  /** The stack's table, named as the file's {@code collection.name.format} names it. */
  CountsTable table(CountsTable stackDefault) {
    String name = config.get("collection.name.format");
    return name == null || name.contains("$")
        ? stackDefault
        : new CountsTable(
            name,
            stackDefault.campaignColumn(),
            stackDefault.countColumn(),
            stackDefault.startColumn(),
            stackDefault.endColumn());
  }

  /** Each count-deciding setting where the file and clicksim's sink differ, in one line each. */
  List<String> differences(CountsTable table) {
    Map<String, String> provisioned =
        SinkConnectorConfig.debezium(
            PipelineNames.DEFAULT,
            table,
            SinkDatabaseEndpoint.sendingThePassword(
                new DatabaseEndpoint("jdbc:postgresql://unused/db", "unused", Secret.of("x"))));
    List<String> out = new ArrayList<>();
    for (String key : COUNT_DECIDING) {
      String theirs = config.get(key);
      String ours = provisioned.get(key);
      if (theirs != null && !theirs.equals(ours)) {
        out.add(
            "sink config "
                + file
                + ": "
                + key
                + " is "
                + theirs
                + ", but the sink clicksim provisions has "
                + (ours == null ? "none" : ours)
                + "; the verdict is about clicksim's sink, not this one");
      }
    }
    return out;
  }
}
