package dev.clicksim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KsqlWindowsTest {

  @TempDir Path dir;

  @Test
  void should_read_the_shipped_statements_window() {
    assertThat(KsqlWindows.read(Path.of("ksql"))).isEqualTo(WindowSpec.DEFAULT);
  }

  @Test
  void should_read_a_grace_in_seconds_and_ignore_a_commented_out_window() throws Exception {
    Files.writeString(
        dir.resolve("02-table.sql"),
        "-- WINDOW TUMBLING (SIZE 5 MINUTES, GRACE PERIOD 1 HOUR)\n"
            + "CREATE TABLE t AS SELECT k, COUNT(*) FROM s\n"
            + "  window tumbling ( size 2 minutes , grace period 10 seconds ) GROUP BY k;\n");
    assertThat(KsqlWindows.read(dir))
        .isEqualTo(new WindowSpec(Duration.ofMinutes(2), Duration.ofSeconds(10)));
  }

  @Test
  void should_refuse_a_window_without_an_explicit_grace() throws Exception {
    Files.writeString(
        dir.resolve("t.sql"),
        "CREATE TABLE t AS SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 2 MINUTES) GROUP BY k;");
    assertThatThrownBy(() -> KsqlWindows.read(dir))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessageContaining("t.sql")
        .hasMessageContaining("no GRACE PERIOD");
  }

  @Test
  void should_refuse_a_directory_without_a_tumbling_window() throws Exception {
    Files.writeString(dir.resolve("01.sql"), "CREATE STREAM s (k STRING) WITH (KAFKA_TOPIC='x');");
    assertThatThrownBy(() -> KsqlWindows.read(dir))
        .hasMessageStartingWith("ksql directory " + dir)
        .hasMessageContaining("no WINDOW TUMBLING");
  }

  @Test
  void should_refuse_two_different_windows() throws Exception {
    Files.writeString(
        dir.resolve("a.sql"),
        "CREATE TABLE a AS SELECT 1 FROM s WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 1 MINUTE) GROUP BY k;");
    Files.writeString(
        dir.resolve("b.sql"),
        "CREATE TABLE b AS SELECT 1 FROM s WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 0 SECONDS) GROUP BY k;");
    assertThatThrownBy(() -> KsqlWindows.read(dir))
        .hasMessageContaining("different sizes or graces");
  }
}
