package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped scenarios resolve to the model captured in {@code scenario/shipped/} (what {@code
 * scenario show} printed before the loader was rewritten), so their clicks and truth stay
 * byte-identical.
 */
class ShippedScenarioTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"black-friday", "flash-sale", "late-and-out-of-order", "smoke", "steady"})
  void should_resolve_each_shipped_scenario_to_the_pinned_model(String name) throws IOException {
    String pinned =
        Files.readString(Path.of("src/test/resources/scenario/shipped", name + ".yaml"));

    Scenario s = ScenarioLoader.loadBuiltIn(name);

    assertThat(ScenarioWriter.toYaml(s)).isEqualTo(pinned);
    assertThat(ScenarioLoader.parse(pinned.getBytes(StandardCharsets.UTF_8), "shown.yaml", "x"))
        .isEqualTo(s);
  }
}
