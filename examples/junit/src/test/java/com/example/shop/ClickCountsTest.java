package com.example.shop;

import dev.clicksim.api.RunReport;
import dev.clicksim.api.ScenarioRun;
import dev.clicksim.api.Verdict;
import dev.clicksim.api.WindowClass;
import dev.clicksim.junit.ClicksimExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline of this project (its ksql/ statements and its JDBC sink config) on clicksim's
 * embedded stack, started once for the class.
 */
class ClickCountsTest {

  @RegisterExtension
  static final ClicksimExtension clicksim =
      ClicksimExtension.embedded(
          pipeline ->
              pipeline
                  .ksql(Path.of("ksql"))
                  .sinkConfig(Path.of("connect/postgres-sink.json"))
                  .engineProfile("fast"));

  @Test
  void every_click_of_the_smoke_scenario_is_counted_in_time() {
    clicksim
        .run(ScenarioRun.of("smoke").seed(42).maxP99WindowCompletion(Duration.ofSeconds(5)))
        .assertMatched();
  }

  /**
   * The contract says late clicks are kept for 10 s, but ksql/ keeps them for a minute: clicksim
   * reports every window that counted clicks it should have dropped.
   */
  @Test
  void a_grace_period_other_than_the_contract_is_reported_as_a_mismatch() {
    RunReport report =
        clicksim.run(
            ScenarioRun.of("classpath:/scenarios/late-mobile.yaml")
                .seed(7)
                .expectedGrace(Duration.ofSeconds(10)));

    report.assertVerdict(Verdict.MISMATCH).assertDifferingOnlyAs(WindowClass.LATE_CLICKS_COUNTED);
  }
}
