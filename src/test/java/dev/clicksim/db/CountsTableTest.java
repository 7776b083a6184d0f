package dev.clicksim.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountsTableTest {

  /** The statement without comments, quotes around the table name, and with single spaces. */
  private static String normalized(String sql) {
    return sql.lines()
        .map(line -> line.replaceAll("--.*$", ""))
        .reduce("", (a, b) -> a + " " + b)
        .replace("\"click_counts\"", "click_counts")
        .replaceAll("\\s+", " ")
        .replaceAll("\\( ", "(")
        .replaceAll(" \\)", ")")
        .replaceAll(";", "")
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  @Test
  void should_create_the_table_of_the_compose_database_for_the_embedded_one_too() throws Exception {
    String compose = Files.readString(Path.of("postgres/init/01-click-counts.sql"));

    assertThat(normalized(CountsTable.DEFAULT.createStatement())).isEqualTo(normalized(compose));
  }

  @Test
  void should_name_the_columns_as_ksqldb_writes_them() {
    assertThat(CountsTable.DEFAULT.columns())
        .containsExactly("ID", "CLICK_COUNT", "START_TIME", "END_TIME");
  }
}
