package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.scenario.Scenario;
import dev.clicksim.window.WindowSpec;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EngineProfileTest {

  @Test
  void should_hold_a_ksqldb_servers_defaults_in_the_ksqldb_profile() {
    StreamsSettings s = EngineProfile.ksqldb.settings();

    // KsqlConstants / the ksqlDB server configuration reference; Kafka Streams' producer linger.
    assertThat(s.commitIntervalMs()).isEqualTo(2000);
    assertThat(s.cacheMaxBytes()).isEqualTo(10_000_000L);
    assertThat(s.streamThreads()).isEqualTo(4);
    assertThat(s.processingGuarantee()).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(s.topologyOptimization()).isEqualTo(StreamsConfig.OPTIMIZE);
    assertThat(s.producerLingerMs()).isEqualTo(100);
    assertThat(EngineProfile.DEFAULT).isEqualTo(EngineProfile.ksqldb);
  }

  @Test
  void should_keep_the_earlier_settings_in_the_fast_profile() {
    StreamsSettings s = EngineProfile.fast.settings();

    assertThat(s.commitIntervalMs()).isEqualTo(100);
    assertThat(s.streamThreads()).isEqualTo(1);
    assertThat(s.topologyOptimization()).isEqualTo(StreamsConfig.NO_OPTIMIZATION);
  }

  @Test
  void should_offer_scenario_files_exactly_the_profiles_there_are() {
    assertThat(Scenario.Pipeline.ENGINE_PROFILES)
        .containsExactlyElementsOf(Arrays.stream(EngineProfile.values()).map(Enum::name).toList());
  }

  @Test
  void should_offer_scenario_files_exactly_the_processing_guarantees_there_are() {
    assertThat(Scenario.Pipeline.PROCESSING_GUARANTEES)
        .containsExactlyElementsOf(
            Arrays.stream(ProcessingGuarantee.values()).map(Enum::name).toList());
    assertThat(ProcessingGuarantee.exactly_once_v2.name()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(ProcessingGuarantee.at_least_once.name()).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
  }

  /**
   * An embedded stack keeps its state and internal topics between starts, and may be started under
   * either profile: the optimized topology must name the same repartition topic and store.
   */
  @Test
  void should_build_the_same_topology_with_and_without_optimization() {
    Properties optimized = new Properties();
    optimized.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);

    assertThat(
            ClickCountTopology.build(PipelineNames.DEFAULT, WindowSpec.DEFAULT, optimized)
                .describe()
                .toString())
        .isEqualTo(
            ClickCountTopology.build(PipelineNames.DEFAULT, WindowSpec.DEFAULT)
                .describe()
                .toString());
  }
}
