package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.ScenarioSimulation;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliveries of the shipped late-and-out-of-order scenario, in send order, through the truth
 * ledger and through the topology under TopologyTestDriver. The driver runs all partitions in one
 * task, so the ledger runs with one partition too (as for the window fixtures); the final count of
 * every window must agree, drops and duplicates included. The counts live in an in-memory store
 * here (RocksDB flushes on every driver commit: minutes for this many records); the window fixtures
 * run the RocksDB topology.
 */
class ScenarioDisorderTopologyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long ANCHOR = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
  @TempDir Path stateDir;

  @Test
  void should_count_late_out_of_order_and_duplicate_deliveries_exactly_as_the_ledger_predicts()
      throws Exception {
    // The shipped scenario cut to 8 minutes: ~16 000 deliveries, ~130 of them dropped.
    Scenario s =
        new ScenarioOverrides(null, null, Duration.ofMinutes(8), null)
            .apply(ScenarioLoader.loadBuiltIn("late-and-out-of-order"));
    WindowSpec spec = WindowSpec.DEFAULT;
    TruthLedger ledger = new TruthLedger(spec, campaign -> 0);
    Map<String, Long> observed = new TreeMap<>();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, PipelineNames.DEFAULT.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ClickCountTopology.build(PipelineNames.DEFAULT, spec, true), props)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic(
              PipelineNames.DEFAULT.inputTopic(),
              new StringSerializer(),
              new ByteArraySerializer());
      ScenarioSimulation sim = new ScenarioSimulation(s, spec, ANCHOR, "t.");
      while (sim.hasNext()) {
        Delivery delivery = sim.next();
        in.pipeInput(
            delivery.click().campaignId(),
            ClickJson.encode(delivery.click()),
            Instant.ofEpochMilli(delivery.click().eventTimeMs()));
        if (delivery.duplicate()) {
          ledger.recordDuplicate(delivery.click());
        } else {
          ledger.record(delivery.click());
        }
      }
      Map<Windowed<String>, String> last =
          d.createOutputTopic(
                  PipelineNames.DEFAULT.outputTopic(),
                  ClickCountTopology.windowedKeySerde(spec).deserializer(),
                  new StringDeserializer())
              .readKeyValuesToMap();
      for (Map.Entry<Windowed<String>, String> e : last.entrySet()) {
        observed.put(
            e.getKey().key() + "@" + e.getKey().window().start(),
            JSON.readTree(e.getValue()).get("payload").get("CLICK_COUNT").asLong());
      }
    }

    Map<String, Long> predicted = new TreeMap<>();
    for (WindowTruth w : ledger.windows()) {
      if (w.expectedCount() > 0) {
        predicted.put(w.campaignId() + "@" + w.windowStartMs(), w.expectedCount());
      }
    }
    assertThat(ledger.droppedLate())
        .as("the scenario makes the pipeline drop late clicks")
        .isGreaterThan(50);
    assertThat(ledger.duplicates()).as("and count duplicates").isGreaterThan(50);
    assertThat(ledger.windows()).anySatisfy(w -> assertThat(w.droppedLate()).isPositive());
    assertThat(observed).isEqualTo(predicted);
  }
}
