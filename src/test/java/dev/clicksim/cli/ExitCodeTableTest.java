package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit codes are written once, in {@link ExitCode}: the README's table and the help must say
 * the same.
 */
class ExitCodeTableTest {

  private static Map<Integer, String> enumTable() {
    Map<Integer, String> table = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      table.put(code.code(), code.meaning());
    }
    return table;
  }

  @Test
  void should_keep_the_readme_exit_code_table_equal_to_the_enum() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("### Exit codes");
    assertThat(section).as("README has an '### Exit codes' section").isGreaterThan(0);
    Matcher row =
        Pattern.compile("(?m)^\\| (\\d+) \\| (.+?) \\|$").matcher(readme.substring(section));
    Map<Integer, String> documented = new LinkedHashMap<>();
    while (row.find() && documented.size() < ExitCode.values().length) {
      documented.put(Integer.parseInt(row.group(1)), row.group(2));
    }
    assertThat(documented).containsExactlyEntriesOf(enumTable());
  }

  @Test
  void should_print_every_exit_code_with_its_meaning_in_the_help() {
    // The help wraps long lines at the terminal's width: compare with runs of white space as one
    // space.
    String help = Cli.run("--help").expectExit(0).out().replaceAll("\\s+", " ");
    for (ExitCode code : ExitCode.values()) {
      assertThat(help).contains(" " + code.code() + " " + code.meaning() + " ");
    }
  }

  @Test
  void should_give_every_failure_kind_an_exit_code_of_its_own() {
    Map<ExitCode, ClicksimFailure.Kind> seen = new LinkedHashMap<>();
    for (ClicksimFailure.Kind kind : ClicksimFailure.Kind.values()) {
      ExitCode code = ExitCode.of(kind);
      assertThat(seen.put(code, kind))
          .as("%s and another kind share exit code %s", kind, code)
          .isNull();
      assertThat(code).isNotIn(ExitCode.OK, ExitCode.MISMATCH, ExitCode.SLO_BREACHED);
    }
  }
}
