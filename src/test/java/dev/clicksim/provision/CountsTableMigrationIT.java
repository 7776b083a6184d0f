package dev.clicksim.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.StackEndpoints;
import dev.clicksim.stack.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database of an earlier clicksim holds {@code click_counts} with lower-case columns
 * (campaignId, id, click_count, start_time, end_time); the sink now writes ksqlDB's names. Its rows
 * are kept under another name rather than dropped, and a table of somebody else's that lacks the
 * columns is refused instead of silently failing every sink write.
 */
class CountsTableMigrationIT {

  @TempDir static Path dir;
  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void start() {
    Path home = dir.resolve("postgres");
    postgres =
        new EmbeddedPostgresServer(
            home.resolve("data"),
            dir.resolve("postgres.log"),
            0,
            EmbeddedPostgresServer.passwordIn(home));
    postgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.stop();
    }
  }

  @BeforeEach
  void dropTables() throws Exception {
    execute(
        "DROP TABLE IF EXISTS click_counts, click_counts_before_ksqldb_names,"
            + " click_counts_before_ksqldb_names_2");
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = Jdbc.connect(postgres.endpoint());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = Jdbc.connect(postgres.endpoint());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Provisioner provisioner() {
    return new Provisioner(
        new StackEndpoints(Map.of(), null, postgres.endpoint(), null),
        null,
        PipelineNames.DEFAULT,
        CountsTable.DEFAULT,
        Map.of());
  }

  private static void createEarlierTable() throws Exception {
    execute(
        "CREATE TABLE click_counts (\"campaignId\" text NOT NULL, \"id\" text,"
            + " \"click_count\" bigint NOT NULL, \"start_time\" timestamp NOT NULL,"
            + " \"end_time\" timestamp NOT NULL, PRIMARY KEY (\"campaignId\", \"start_time\"))");
    execute(
        "INSERT INTO click_counts VALUES ('r1.a', 'r1.a', 7, '2026-11-28 00:00:00',"
            + " '2026-11-28 00:02:00')");
  }

  @Test
  void should_create_the_table_with_ksqldbs_column_names() throws Exception {
    ProvisionStep step = provisioner().ensureTable();

    assertThat(step.toString()).contains("created");
    execute(
        "INSERT INTO click_counts (\"ID\", \"CLICK_COUNT\", \"START_TIME\", \"END_TIME\")"
            + " VALUES ('r1.a', 1, '2026-11-28 00:00:00', '2026-11-28 00:02:00')");
    assertThat(provisioner().ensureTable().toString()).contains("unchanged");
  }

  @Test
  void should_keep_an_earlier_clicksims_table_under_another_name_and_create_the_new_one()
      throws Exception {
    createEarlierTable();

    ProvisionStep step = provisioner().ensureTable();

    assertThat(step.toString()).contains("click_counts_before_ksqldb_names").contains("campaignId");
    assertThat(count("SELECT sum(click_count) FROM click_counts_before_ksqldb_names")).isEqualTo(7);
    assertThat(count("SELECT count(*) FROM click_counts WHERE \"ID\" IS NOT NULL")).isZero();

    createEarlierTableAgainAfterDropping();
    assertThat(provisioner().ensureTable().toString())
        .contains("click_counts_before_ksqldb_names_2");
    assertThat(count("SELECT sum(click_count) FROM click_counts_before_ksqldb_names")).isEqualTo(7);
  }

  private static void createEarlierTableAgainAfterDropping() throws Exception {
    execute("DROP TABLE click_counts");
    createEarlierTable();
  }

  @Test
  void should_refuse_a_table_of_another_shape_naming_the_missing_columns() throws Exception {
    execute("CREATE TABLE click_counts (campaign text, clicks bigint)");

    assertThatThrownBy(() -> provisioner().ensureTable())
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageContaining("table click_counts exists without the column(s) ID, CLICK_COUNT")
        .hasMessageContaining("it has campaign, clicks");
  }
}
