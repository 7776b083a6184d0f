package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultTest {

  @Test
  void should_read_a_fault_from_the_command_line_form_and_write_it_back() {
    Fault kill = Fault.parse("kill:aggregation@50%");
    Fault pause = Fault.parse("pause:postgres@10m/30s");

    assertThat(kill.action()).isEqualTo(Fault.Action.kill);
    assertThat(kill.target()).isEqualTo(Fault.Target.aggregation);
    assertThat(kill.at().resolve(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(15));
    assertThat(kill.length()).isNull();
    assertThat(pause.at().resolve(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(10));
    assertThat(pause.length()).isEqualTo(Duration.ofSeconds(30));
    assertThat(kill).hasToString("kill:aggregation@50%");
    assertThat(pause).hasToString("pause:postgres@10m/30s");
    assertThat(Fault.parse("restart:sink-task@1h").target()).isEqualTo(Fault.Target.sinkTask);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      kill aggregation                | is not ACTION:TARGET@AT[/FOR]
      pause:postgres@10m              | a pause needs how long it lasts, e.g. for: 30s
      kill:postgres@10m/30s           | applies to pause only, not to kill
      smash:postgres@10m              | unknown action 'smash' (known: kill, restart, pause)
      kill:zookeeper@10m              | unknown target 'zookeeper' (known: broker, aggregation, connect, sink-task, postgres)
      kill:postgres@soon              | must be an offset such as 10m or a share of the run such as 50%, was 'soon'
      kill:postgres@150%              | must be an offset such as 10m or a share of the run such as 50%, was '150%'
      """)
  void should_refuse_a_malformed_fault_saying_what_is_wrong(String spec, String problem) {
    assertThatThrownBy(() -> Fault.parse(spec))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining(problem);
  }

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "f.yaml", "f");
  }

  private static final String BASE =
      "seed: 1\nduration: 10m\nclicks: 10\ncampaigns:\n  - id: c\n    items: [i1]\n";

  @Test
  void should_read_and_write_a_scenarios_faults() {
    Scenario s =
        parse(
            BASE
                + "faults:\n"
                + "  - {at: 30%, action: kill, target: aggregation}\n"
                + "  - {at: 5m, action: pause, target: postgres, for: 20s}\n");

    assertThat(s.faults())
        .extracting(Fault::toString)
        .containsExactly("kill:aggregation@30%", "pause:postgres@5m/20s");
    assertThat(parse(ScenarioWriter.toYaml(s))).isEqualTo(s);
  }

  @Test
  void should_refuse_a_fault_after_the_scenarios_end_naming_it() {
    assertThatThrownBy(() -> parse(BASE + "faults:\n  - {at: 12m, action: kill, target: broker}\n"))
        .hasMessageContaining(
            "faults[0].at: must be within the scenario's duration (10m), was 12m");
  }

  @Test
  void should_read_a_pauses_length_in_a_file_as_every_other_duration() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "faults:\n  - {at: 1m, action: pause, target: postgres, for: 30 seconds}\n"))
        .hasMessageContaining(
            "faults[0].for: must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was '30 seconds'");
  }

  @Test
  void should_name_the_field_of_a_bad_fault_in_a_file() {
    assertThatThrownBy(
            () -> parse(BASE + "faults:\n  - {at: 1m, action: pause, target: postgres}\n"))
        .hasMessageContaining("faults[0].for: a pause needs how long it lasts");
  }
}
