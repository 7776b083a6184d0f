package dev.clicksim.latency;

import dev.clicksim.failure.ClicksimFailure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's latencies over time, as an HdrHistogram log ({@code latency.hlog}): interval histograms
 * in microseconds, tagged by what they measure, readable by HdrHistogram's own tools
 * (HistogramLogProcessor, the plotter). {@code verify} reads the totals back from it, and writes
 * each total's percentile distribution ({@code latency-TAG.hgrm}).
 */
public final class LatencyLog implements AutoCloseable {

  public static final String FILE = "latency.hlog";
  public static final String ACK_FROM_INTENDED = "ack_from_intended";
  public static final String ACK_FROM_ACTUAL = "ack_from_actual";
  public static final String CLICK_VISIBILITY = "click_visibility";
  public static final String WINDOW_COMPLETION = "window_completion";

  private final PrintStream stream;
  private final HistogramLogWriter writer;
  private final long startMs;

  private LatencyLog(Path file, boolean append) throws FileNotFoundException {
    this.stream =
        new PrintStream(
            new java.io.FileOutputStream(file.toFile(), append),
            false,
            java.nio.charset.StandardCharsets.UTF_8);
    this.writer = new HistogramLogWriter(stream);
    this.startMs = System.currentTimeMillis();
    if (!append) {
      writer.outputLogFormatVersion();
      writer.outputComment(
          "clicksim latencies in microseconds; tags: "
              + ACK_FROM_INTENDED
              + ", "
              + ACK_FROM_ACTUAL
              + ", "
              + CLICK_VISIBILITY
              + ", "
              + WINDOW_COMPLETION);
      writer.outputStartTime(startMs);
      writer.setBaseTime(startMs);
      writer.outputLegend();
    } else {
      writer.setBaseTime(startMs);
    }
  }

  /** Starts a new log in the run directory, or appends to the run's existing one. */
  public static LatencyLog open(Path runDir) {
    Path file = runDir.resolve(FILE);
    try {
      return new LatencyLog(file, Files.exists(file));
    } catch (FileNotFoundException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes one interval histogram (microseconds) under a tag; an empty one is skipped. */
  public synchronized void write(
      String tag, Histogram interval, long intervalStartMs, long intervalEndMs) {
    if (interval.getTotalCount() == 0) {
      return;
    }
    Histogram h = interval.copy();
    h.setTag(tag);
    h.setStartTimeStamp(intervalStartMs);
    h.setEndTimeStamp(Math.max(intervalEndMs, intervalStartMs));
    writer.outputIntervalHistogram(h);
  }

  @Override
  public synchronized void close() {
    stream.flush();
    stream.close();
  }

  /** The sum of every interval per tag, or an empty map when the run has no latency log. */
  public static Map<String, Histogram> readTotals(Path runDir) {
    Path file = runDir.resolve(FILE);
    Map<String, Histogram> totals = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return totals;
    }
    try {
      HistogramLogReader reader = new HistogramLogReader(file.toFile());
      EncodableHistogram next;
      while ((next = reader.nextIntervalHistogram()) != null) {
        if (next instanceof Histogram h) {
          String tag = h.getTag() == null ? "untagged" : h.getTag();
          totals.computeIfAbsent(tag, k -> new Histogram(TimeUnit.HOURS.toMicros(1), 3)).add(h);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return totals;
  }

  /** Writes a total's percentile distribution, in milliseconds, as {@code latency-TAG.hgrm}. */
  public static Path writePercentiles(Path runDir, String tag, Histogram totalMicros) {
    Path file = runDir.resolve("latency-" + tag + ".hgrm");
    try (PrintStream out =
        new PrintStream(
            Files.newOutputStream(file), false, java.nio.charset.StandardCharsets.UTF_8)) {
      totalMicros.outputPercentileDistribution(out, 5, 1000.0);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
