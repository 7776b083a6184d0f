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

/**
 * How fast one core generates a scenario's deliveries, with no I/O: the simulation alone, and the simulation plus the
 * JSON encoding of each click plus the truth ledger (what a run does per click besides the producer). Warm-up rounds
 * first, then measured rounds; prints clicks per second of one thread.
 *
 * <p>{@code java -cp target/classes:$(cat target/classpath.txt) dev.clicksim.bench.GeneratorBenchmark [SCENARIO]
 * [WARMUP_ROUNDS] [ROUNDS]}; the default scenario is black-friday.
 */
public final class GeneratorBenchmark {
  private GeneratorBenchmark() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "black-friday";
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Scenario scenario = ScenarioLoader.resolve(name);
    long anchor = WindowSpec.DEFAULT.startOf(1_795_737_600_000L);
    System.out.printf(Locale.ROOT, "generator benchmark: scenario %s, %d warm-up + %d measured rounds, one thread, %s%n",
        scenario.name(), warmup, rounds, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    for (String mode : new String[] {"generate", "generate+encode+ledger"}) {
      boolean full = mode.length() > "generate".length();
      for (int i = 0; i < warmup; i++) {
        round(scenario, anchor, full);
      }
      long clicks = 0;
      long nanos = 0;
      double best = 0;
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        long n = round(scenario, anchor, full);
        long dt = System.nanoTime() - t0;
        clicks += n;
        nanos += dt;
        best = Math.max(best, n / (dt / 1e9));
      }
      System.out.printf(Locale.ROOT, "%-24s %,12.0f deliveries/s per core (mean), %,12.0f best round; %,d per round%n",
          mode, clicks / (nanos / 1e9), best, clicks / rounds);
    }
  }

  private static long round(Scenario scenario, long anchor, boolean full) {
    ScenarioSimulation sim = new ScenarioSimulation(scenario, WindowSpec.DEFAULT, anchor, "r1a2b3c.");
    TruthLedger ledger = full ? new TruthLedger(WindowSpec.DEFAULT, CampaignPartitioner.kafkaDefault(3)) : null;
    long n = 0;
    long sink = 0;
    while (sim.hasNext()) {
      Delivery d = sim.next();
      n++;
      if (full) {
        sink += ClickJson.encode(d.click()).length;
        if (d.duplicate()) {
          ledger.recordDuplicate(d.click());
        } else {
          ledger.record(d.click());
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
