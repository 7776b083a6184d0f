package dev.clicksim.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.simulation.Click;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * A window/lateness case from {@code src/test/resources/windows/*.json}, in the spirit of ksqlDB's
 * query-validation tests: inputs with timestamps in send order, the final count per window and the
 * indexes of inputs that are dropped. {@code outputs}/{@code dropped} hold for the partitioning in
 * {@code partitions} (absent: all on partition 0); {@code singlePartition}, when present, holds
 * when every campaign shares one partition (TopologyTestDriver's one task).
 */
public record WindowCase(
    String file,
    String description,
    Window window,
    Map<String, Integer> partitions,
    List<Input> inputs,
    List<Output> outputs,
    List<Integer> dropped,
    Expectation singlePartition) {

  public record Window(long sizeMs, long graceMs) {}

  public record Input(String campaign, long timestamp) {}

  public record Output(String campaign, Bounds window, long count) {}

  public record Bounds(long start, long end) {}

  public record Expectation(List<Output> outputs, List<Integer> dropped) {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static Stream<WindowCase> all() {
    try {
      Path dir = Path.of(WindowCase.class.getResource("/windows").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(p -> p.toString().endsWith(".json"))
            .sorted()
            .map(WindowCase::read)
            .toList()
            .stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WindowCase read(Path p) {
    try {
      WindowCase c = MAPPER.readValue(p.toFile(), WindowCase.class);
      return new WindowCase(
          p.getFileName().toString(),
          c.description,
          c.window,
          c.partitions == null ? Map.of() : c.partitions,
          c.inputs,
          c.outputs,
          c.dropped,
          c.singlePartition);
    } catch (IOException e) {
      throw new UncheckedIOException("window case " + p, e);
    }
  }

  public WindowSpec spec() {
    return new WindowSpec(Duration.ofMillis(window.sizeMs), Duration.ofMillis(window.graceMs));
  }

  public ToIntFunction<String> partitionFunction() {
    return campaign -> partitions.getOrDefault(campaign, 0);
  }

  /** What must hold when every campaign is on one partition. */
  public Expectation singlePartitionExpectation() {
    return singlePartition != null ? singlePartition : new Expectation(outputs, dropped);
  }

  public Click click(int index) {
    Input in = inputs.get(index);
    return new Click(in.timestamp, in.campaign, "item-1", "shopper-1", "shopper-1-s0", "e" + index);
  }

  @Override
  public String toString() {
    return file;
  }
}
