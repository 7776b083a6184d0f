package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of the compose stack that {@code docker-compose config -q} does not check: a health
 * check on every service, dependents waiting for health, ports on 127.0.0.1 only, and the sink, the
 * table and Grafana agreeing with the ksqlDB statements.
 */
class ComposeFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode COMPOSE = read(YAML, "docker-compose.yml");

  private static JsonNode read(ObjectMapper mapper, String file) {
    try {
      return mapper.readTree(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    COMPOSE.get("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void should_run_the_seeds_services() {
    assertThat(serviceNames())
        .containsExactlyInAnyOrder(
            "kafka", "schema-registry", "ksqldb", "connect", "postgres", "grafana");
  }

  @Test
  void should_check_the_health_of_every_service() {
    for (String name : serviceNames()) {
      JsonNode hc = COMPOSE.get("services").get(name).get("healthcheck");
      assertThat(hc).as("healthcheck of %s", name).isNotNull();
      assertThat(hc.get("test").get(0).asText()).as(name).isIn("CMD", "CMD-SHELL");
    }
  }

  @Test
  void should_start_dependents_only_when_what_they_need_is_healthy() {
    int dependencies = 0;
    for (String name : serviceNames()) {
      JsonNode dependsOn = COMPOSE.get("services").get(name).get("depends_on");
      if (dependsOn == null) {
        continue;
      }
      assertThat(dependsOn.isObject())
          .as("depends_on of %s must be a map with conditions", name)
          .isTrue();
      for (var it = dependsOn.fields(); it.hasNext(); dependencies++) {
        Map.Entry<String, JsonNode> d = it.next();
        assertThat(serviceNames()).as("%s depends on %s", name, d.getKey()).contains(d.getKey());
        assertThat(d.getValue().path("condition").asText())
            .as("%s -> %s", name, d.getKey())
            .isEqualTo("service_healthy");
      }
    }
    assertThat(dependencies).isEqualTo(7);
  }

  @Test
  void should_publish_ports_on_the_loopback_address_only() {
    for (String name : serviceNames()) {
      JsonNode ports = COMPOSE.get("services").get(name).get("ports");
      assertThat(ports).as("ports of %s", name).isNotNull();
      for (JsonNode p : ports) {
        assertThat(p.isTextual()).as("%s port %s", name, p).isTrue();
        assertThat(p.asText())
            .as("%s", name)
            .matches("127\\.0\\.0\\.1:(\\d+|\\$\\{[A-Z_]+:-\\d+\\}):\\d+");
      }
    }
  }

  @Test
  void should_create_the_seeds_database_and_user() {
    JsonNode env = COMPOSE.get("services").get("postgres").get("environment");
    assertThat(env.get("POSTGRES_DB").asText()).isEqualTo("db_metrics");
    assertThat(env.get("POSTGRES_USER").asText()).isEqualTo("user_metrics");
  }

  @Test
  void should_key_the_sink_on_the_fields_ksqldb_writes() throws IOException {
    JsonNode config = read(JSON, "connect/postgres-sink.json").get("config");
    String table = Files.readString(Path.of("postgres/init/01-click-counts.sql"));
    List<String> rendered =
        KsqlStatements.fromDirectory(Path.of("ksql"))
            .render(KsqlStatements.ValueFormat.JSON_SR, WindowSpec.DEFAULT);

    assertThat(config.get("topics").asText()).isEqualTo(PipelineNames.DEFAULT.outputTopic());
    assertThat(config.get("insert.mode").asText()).isEqualTo("upsert");
    assertThat(config.get("primary.key.fields").asText()).isEqualTo("ID,START_TIME");
    assertThat(config.get("value.converter").asText())
        .isEqualTo("io.confluent.connect.json.JsonSchemaConverter");
    assertThat(config.get("transforms.startTime.field").asText()).isEqualTo("START_TIME");
    assertThat(config.get("transforms.endTime.field").asText()).isEqualTo("END_TIME");
    // ksqlDB upper-cases unquoted names: "AS id" is ID, and so on.
    assertThat(rendered.get(1))
        .containsIgnoringCase("AS id")
        .containsIgnoringCase("AS start_time")
        .containsIgnoringCase("AS end_time")
        .containsIgnoringCase("AS click_count");
    assertThat(table)
        .contains(
            "CREATE TABLE IF NOT EXISTS " + config.get("collection.name.format").asText() + " (")
        .contains(
            "\"ID\" text",
            "\"CLICK_COUNT\" bigint",
            "\"START_TIME\" timestamp",
            "\"END_TIME\" timestamp",
            "PRIMARY KEY (\"ID\", \"START_TIME\")");
  }

  @Test
  void should_give_connect_the_database_password_through_an_env_config_provider() {
    JsonNode connect = COMPOSE.get("services").get("connect").get("environment");
    JsonNode postgres = COMPOSE.get("services").get("postgres").get("environment");
    String reference =
        read(JSON, "connect/postgres-sink.json").get("config").get("connection.password").asText();

    assertThat(connect.path("CONNECT_CONFIG_PROVIDERS").asText()).isEqualTo("env");
    assertThat(connect.path("CONNECT_CONFIG_PROVIDERS_ENV_CLASS").asText())
        .isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    assertThat(reference).matches("\\$\\{env:[A-Z_]+}");
    String variable = reference.substring("${env:".length(), reference.length() - 1);
    // The worker resolves the reference from its own environment, from the postgres service's
    // source.
    assertThat(connect.path(variable).asText())
        .as("Connect's %s", variable)
        .isEqualTo(postgres.get("POSTGRES_PASSWORD").asText());
    assertThat(connect.path("CONNECT_CONFIG_PROVIDERS_ENV_PARAM_ALLOWLIST_PATTERN").asText())
        .as("the provider reads the password's variable only")
        .isEqualTo(variable);
  }

  @Test
  void should_keep_every_password_out_of_the_connect_workers_properties() {
    JsonNode connect = COMPOSE.get("services").get("connect").get("environment");
    String password =
        COMPOSE
            .get("services")
            .get("postgres")
            .get("environment")
            .get("POSTGRES_PASSWORD")
            .asText();

    for (var it = connect.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("CONNECT_")) {
        assertThat(e.getValue().asText()).as(e.getKey()).doesNotContain(password);
      }
    }
  }

  @Test
  void should_point_every_dashboard_panel_at_the_provisioned_data_source() throws IOException {
    JsonNode datasources =
        read(YAML, "grafana/provisioning/datasources/postgres.yaml").get("datasources");
    assertThat(datasources.get(0).get("uid").asText()).isEqualTo("clicksim-postgres");
    JsonNode dashboard = read(JSON, "grafana/dashboards/clicksim.json");

    assertThat(dashboard.get("panels"))
        .isNotEmpty()
        .allSatisfy(
            panel -> {
              assertThat(panel.get("datasource").get("uid").asText())
                  .isEqualTo("clicksim-postgres");
              assertThat(panel.get("targets"))
                  .allSatisfy(
                      t -> assertThat(t.get("rawSql").asText()).contains("FROM click_counts"));
            });
    assertThat(
            read(YAML, "grafana/provisioning/dashboards/clicksim.yaml")
                .get("providers")
                .get(0)
                .get("options")
                .get("path")
                .asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }
}
