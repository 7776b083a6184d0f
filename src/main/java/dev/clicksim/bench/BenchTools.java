package dev.clicksim.bench;

import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.simulation.ScenarioSimulation;
import dev.clicksim.window.WindowSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Small helpers for {@code bench/run.sh}; each prints one line the script parses.
 *
 * <ul>
 *   <li>{@code click-size [SCENARIO]}: average value and key size in bytes of the scenario's clicks
 *       as clicksim sends them (ClickJson, with a run prefix like {@code rtp6vda.}), for the peer's
 *       {@code --record-size}.
 *   <li>{@code payload FILE LINES [SCENARIO]}: writes LINES click values, one a line, spread evenly
 *       over the scenario's clicks, for the peer's {@code --payload-file} (records with the size,
 *       mix and compressibility of real clicks).
 *   <li>{@code topic BOOTSTRAP NAME PARTITIONS}: (re)creates a topic for the peer, replication 1.
 * </ul>
 */
public final class BenchTools {
  private BenchTools() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: BenchTools click-size [SCENARIO] | payload FILE LINES [SCENARIO] | topic BOOTSTRAP NAME PARTITIONS");
    }
    switch (args[0]) {
      case "click-size" -> clickSize(args.length > 1 ? args[1] : "black-friday");
      case "payload" ->
          payload(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              args.length > 3 ? args[3] : "black-friday");
      case "topic" -> topic(args[1], args[2], Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown helper " + args[0]);
    }
  }

  private static void clickSize(String name) {
    Scenario scenario = ScenarioLoader.resolve(name);
    long anchor = WindowSpec.DEFAULT.startOf(1_795_737_600_000L);
    // The same prefix length as a real run's ("r" + epoch seconds in base 36 + ".").
    ScenarioSimulation sim =
        new ScenarioSimulation(scenario, WindowSpec.DEFAULT, anchor, "rtp6vda.");
    long n = 0;
    long valueBytes = 0;
    long keyBytes = 0;
    while (sim.hasNext()) {
      Delivery d = sim.next();
      n++;
      valueBytes += ClickJson.encode(d.click()).length;
      keyBytes += d.click().campaignId().getBytes(StandardCharsets.UTF_8).length;
    }
    System.out.printf(
        Locale.ROOT,
        "clicks %d value-bytes %.1f key-bytes %.1f record-size %d%n",
        n,
        (double) valueBytes / n,
        (double) keyBytes / n,
        Math.round((double) valueBytes / n));
  }

  private static void payload(Path file, int lines, String name) throws IOException {
    Scenario scenario = ScenarioLoader.resolve(name);
    long anchor = WindowSpec.DEFAULT.startOf(1_795_737_600_000L);
    long total = 0;
    for (ScenarioSimulation count =
            new ScenarioSimulation(scenario, WindowSpec.DEFAULT, anchor, "rtp6vda.");
        count.hasNext();
        count.next()) {
      total++;
    }
    long every = Math.max(1, total / lines);
    ScenarioSimulation sim =
        new ScenarioSimulation(scenario, WindowSpec.DEFAULT, anchor, "rtp6vda.");
    long written = 0;
    long bytes = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (long i = 0; sim.hasNext() && written < lines; i++) {
        Delivery d = sim.next();
        if (i % every == 0) {
          byte[] value = ClickJson.encode(d.click());
          out.write(value);
          out.write('\n');
          written++;
          bytes += value.length;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "payload %s lines %d value-bytes %.1f%n",
        file,
        written,
        (double) bytes / written);
  }

  private static void topic(String bootstrap, String name, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
        admin.deleteTopics(Set.of(name)).all().get(30, TimeUnit.SECONDS);
      }
      for (int attempt = 0; ; attempt++) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
          break;
        } catch (ExecutionException e) {
          // A deletion just issued can make the creation fail for a moment ("marked for deletion").
          if (attempt >= 20) {
            throw e;
          }
          Thread.sleep(250);
        }
      }
    }
    System.out.println("topic " + name + " " + partitions + " partitions");
  }
}
