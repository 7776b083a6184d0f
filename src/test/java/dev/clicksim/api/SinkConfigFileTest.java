package dev.clicksim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigFileTest {

  @TempDir Path dir;

  @Test
  void should_find_no_count_deciding_difference_in_the_shipped_sink_config() {
    SinkConfigFile file = SinkConfigFile.read(Path.of("connect", "postgres-sink.json"));
    CountsTable table = file.table(CountsTable.DEFAULT);
    assertThat(table).isEqualTo(CountsTable.DEFAULT);
    assertThat(file.differences(table)).isEmpty();
  }

  @Test
  void should_name_an_insert_mode_that_differs_and_take_the_table_name() throws Exception {
    Path json = dir.resolve("sink.json");
    Files.writeString(
        json,
        "{\"insert.mode\": \"insert\", \"collection.name.format\": \"my_counts\","
            + " \"connection.url\": \"jdbc:postgresql://elsewhere/db\"}");
    SinkConfigFile file = SinkConfigFile.read(json);
    CountsTable table = file.table(CountsTable.DEFAULT);
    assertThat(table.table()).isEqualTo("my_counts");
    assertThat(file.differences(table))
        .containsExactly(
            "sink config "
                + json
                + ": insert.mode is insert, but the sink clicksim provisions has upsert; the verdict"
                + " is about clicksim's sink, not this one");
  }

  @Test
  void should_refuse_a_file_that_is_not_json_in_one_line() throws Exception {
    Path json = dir.resolve("sink.json");
    Files.writeString(json, "insert.mode=upsert");
    assertThatThrownBy(() -> SinkConfigFile.read(json))
        .hasMessageStartingWith("sink config " + json + ": cannot read it as JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
