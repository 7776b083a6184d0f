package dev.clicksim.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * connect/postgres-sink.json, for the compose stack, is exactly what provision puts there with
 * --profile compose: the password as the reference the compose Connect worker resolves.
 */
class ConnectConfigInStepTest {

  @Test
  void should_keep_the_compose_sink_file_equal_to_what_provision_sends() throws Exception {
    JsonNode file = new ObjectMapper().readTree(Path.of("connect/postgres-sink.json").toFile());
    Map<String, String> inFile = new LinkedHashMap<>();
    file.path("config")
        .fields()
        .forEachRemaining(e -> inFile.put(e.getKey(), e.getValue().asText()));
    Map<String, String> sent =
        SinkConnectorConfig.debezium(
            PipelineNames.DEFAULT,
            CountsTable.DEFAULT,
            new SinkDatabaseEndpoint(
                new DatabaseEndpoint(
                    "jdbc:postgresql://postgres:5432/db_metrics",
                    "user_metrics",
                    Secret.of("password_metrics")),
                "${env:POSTGRES_PASSWORD}"),
            Map.of(
                "value.converter",
                "io.confluent.connect.json.JsonSchemaConverter",
                "value.converter.schema.registry.url",
                "http://schema-registry:8081"));
    assertThat(file.path("name").asText()).isEqualTo(SinkConnectorConfig.CONNECTOR_NAME);
    assertThat(inFile).containsExactlyInAnyOrderEntriesOf(sent);
  }
}
