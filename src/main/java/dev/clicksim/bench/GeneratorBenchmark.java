package dev.clicksim.bench;

import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.ScenarioSimulation;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How fast one core generates a scenario's deliveries, with no I/O: the simulation alone; the
 * simulation plus the JSON encoding of each click plus the truth ledger; and that plus the {@code
 * ProducerRecord} and the ack callback a run allocates per click ({@code send-thread-work}:
 * everything {@code clicksim run}'s send thread does per click except {@code KafkaProducer.send}).
 * Warm-up rounds first, then measured rounds; prints clicks per second of one thread.
 *
 * <p>{@code java -cp target/classes:$(cat target/classpath.txt)
 * dev.clicksim.bench.GeneratorBenchmark [SCENARIO] [WARMUP_ROUNDS] [ROUNDS]}; the default scenario
 * is black-friday.
 */
public final class GeneratorBenchmark {
  private static final LongAdder BLACKHOLE = new LongAdder();

  private GeneratorBenchmark() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "black-friday";
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Scenario scenario = ScenarioLoader.resolve(name);
    long anchor = WindowSpec.DEFAULT.startOf(1_795_737_600_000L);
    System.out.printf(
        Locale.ROOT,
        "generator benchmark: scenario %s, %d warm-up + %d measured rounds, one thread, %s%n",
        scenario.name(),
        warmup,
        rounds,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    for (String mode : new String[] {"generate", "generate+encode+ledger", "send-thread-work"}) {
      int level = mode.equals("generate") ? 0 : mode.equals("generate+encode+ledger") ? 1 : 2;
      for (int i = 0; i < warmup; i++) {
        round(scenario, anchor, level);
      }
      long clicks = 0;
      long nanos = 0;
      double best = 0;
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        long n = round(scenario, anchor, level);
        long dt = System.nanoTime() - t0;
        clicks += n;
        nanos += dt;
        best = Math.max(best, n / (dt / 1e9));
      }
      System.out.printf(
          Locale.ROOT,
          "%-24s %,12.0f deliveries/s per core (mean), %,12.0f best round; %,d per round%n",
          mode,
          clicks / (nanos / 1e9),
          best,
          clicks / rounds);
    }
  }

  private static long round(Scenario scenario, long anchor, int level) {
    ScenarioSimulation sim =
        new ScenarioSimulation(scenario, WindowSpec.DEFAULT, anchor, "r1a2b3c.");
    TruthLedger ledger =
        level > 0 ? new TruthLedger(WindowSpec.DEFAULT, CampaignPartitioner.kafkaDefault(3)) : null;
    long n = 0;
    long sink = 0;
    while (sim.hasNext()) {
      Delivery d = sim.next();
      n++;
      if (level > 0) {
        long place = d.duplicate() ? ledger.recordDuplicate(d.click()) : ledger.record(d.click());
        byte[] value = ClickJson.encode(d.click());
        if (level > 1) {
          // What ClickSender.send builds around the bytes before handing them to the producer.
          ProducerRecord<String, byte[]> record =
              new ProducerRecord<>(
                  "click_events", null, d.click().eventTimeMs(), d.click().campaignId(), value);
          long intended = d.sendOffsetNanos();
          long actual = System.nanoTime();
          Callback callback =
              (metadata, exception) -> {
                if (exception == null && place > 0) {
                  BLACKHOLE.add(intended + actual + place);
                }
              };
          sink += record.value().length + (callback.hashCode() & 1);
        } else {
          sink += value.length + place;
        }
      } else {
        sink += d.sendOffsetNanos();
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return n;
  }
}
