package dev.clicksim.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreflightTest {

  private static Map<String, String> clicksimSink() {
    return new HashMap<>(
        SinkConnectorConfig.debezium(
            PipelineNames.DEFAULT,
            CountsTable.DEFAULT,
            new SinkDatabaseEndpoint(
                new DatabaseEndpoint("jdbc:postgresql://db/x", "u", Secret.of("p")),
                "${file:/etc/secrets/db.properties:password}")));
  }

  @Test
  void should_find_nothing_wrong_with_the_sink_clicksim_provisions() {
    assertThat(Preflight.checkSink("s", clicksimSink(), false)).isEmpty();
  }

  @Test
  void should_warn_when_the_sink_holds_the_password_as_its_value() {
    Map<String, String> c = clicksimSink();
    c.put("connection.password", "s3cret-value");
    assertThat(Preflight.checkSink("s", c, false))
        .singleElement()
        .asString()
        .contains("holds the database password as its value")
        .contains("GET /connectors/s/config")
        .contains("--sink-db-password-ref")
        .doesNotContain("s3cret-value");
  }

  @Test
  void should_warn_about_the_seeds_insert_mode() {
    Map<String, String> seed = clicksimSink();
    seed.put("insert.mode", "insert");
    assertThat(Preflight.checkSink("postgres-sink-connector", seed, false))
        .singleElement()
        .asString()
        .contains("postgres-sink-connector")
        .contains("insert mode");
  }

  @Test
  void should_warn_when_a_json_converter_reads_schema_registry_data() {
    assertThat(Preflight.checkSink("s", clicksimSink(), true))
        .singleElement()
        .asString()
        .contains("JsonSchemaConverter");
  }

  @Test
  void should_warn_when_only_one_timestamp_is_converted() {
    Map<String, String> c = clicksimSink();
    c.put("transforms", "startTime");
    assertThat(Preflight.checkSink("s", c, false))
        .singleElement()
        .asString()
        .contains("converts only start_time");
  }
}
