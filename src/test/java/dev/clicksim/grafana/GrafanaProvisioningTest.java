package dev.clicksim.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning files agree with docker-compose.yml: the data source reaches the compose
 * stack's PostgreSQL service with its database and user, its password comes from the variable the
 * compose file sets, and every panel names the data source's uid.
 */
class GrafanaProvisioningTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode compose;
  private static JsonNode datasource;

  @BeforeAll
  static void read() throws IOException {
    compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
    JsonNode datasources =
        YAML.readTree(Path.of("grafana/provisioning/datasources/postgres.yaml").toFile())
            .get("datasources");
    assertThat(datasources).hasSize(1);
    datasource = datasources.get(0);
  }

  @Test
  void should_reach_the_compose_postgres_service_on_its_container_port() {
    assertThat(datasource.get("type").asText()).isEqualTo("grafana-postgresql-datasource");
    String[] hostPort = datasource.get("url").asText().split(":");
    assertThat(compose.get("services").has(hostPort[0]))
        .as("a service named %s", hostPort[0])
        .isTrue();
    assertThat(compose.get("services").get(hostPort[0]).get("ports").toString())
        .contains(":" + hostPort[1] + "\"");
    assertThat(compose.get("services").get("grafana").get("depends_on").has(hostPort[0])).isTrue();
  }

  @Test
  void should_use_the_database_and_user_the_compose_file_creates() {
    JsonNode postgres = compose.get("services").get("postgres").get("environment");
    assertThat(datasource.get("jsonData").get("database").asText())
        .isEqualTo(postgres.get("POSTGRES_DB").asText());
    assertThat(datasource.get("user").asText()).isEqualTo(postgres.get("POSTGRES_USER").asText());
  }

  @Test
  void should_take_the_password_from_the_variable_the_compose_file_gives_grafana() {
    String reference = datasource.get("secureJsonData").get("password").asText();
    assertThat(reference).matches("\\$\\{[A-Z_]+}");
    String variable = reference.substring(2, reference.length() - 1);
    JsonNode grafana = compose.get("services").get("grafana").get("environment");
    assertThat(grafana.get(variable).asText())
        .isEqualTo(
            compose
                .get("services")
                .get("postgres")
                .get("environment")
                .get("POSTGRES_PASSWORD")
                .asText());
  }

  @Test
  void should_mount_the_provisioning_and_dashboards_where_the_files_point() throws IOException {
    String volumes = compose.get("services").get("grafana").get("volumes").toString();
    assertThat(volumes)
        .contains("./grafana/provisioning:/etc/grafana/provisioning")
        .contains("./grafana/dashboards:/var/lib/grafana/dashboards");
    JsonNode provider =
        YAML.readTree(Path.of("grafana/provisioning/dashboards/clicksim.yaml").toFile())
            .get("providers")
            .get(0);
    assertThat(provider.get("options").get("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void should_name_the_data_source_uid_in_every_panel_and_target() throws IOException {
    String uid = datasource.get("uid").asText();
    JsonNode dashboard =
        new ObjectMapper().readTree(Path.of("grafana/dashboards/clicksim.json").toFile());
    assertThat(dashboard.get("panels"))
        .isNotEmpty()
        .allSatisfy(
            panel -> {
              assertThat(panel.get("datasource").get("uid").asText()).isEqualTo(uid);
              panel
                  .get("targets")
                  .forEach(
                      t -> {
                        if (t.has("datasource")) {
                          assertThat(t.get("datasource").get("uid").asText()).isEqualTo(uid);
                        }
                      });
            });
  }
}
