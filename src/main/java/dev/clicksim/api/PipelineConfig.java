package dev.clicksim.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which pipeline {@link ClicksimPipeline} checks and where it keeps its files. Immutable: each
 * {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * PipelineConfig.embedded().ksql(Path.of("ksql")).sinkConfig(Path.of("connect/postgres-sink.json"))
 * }</pre>
 */
public final class PipelineConfig {

  private final Endpoints endpoints;
  private final Path ksqlDir;
  private final Path sinkConfig;
  private final String engineProfile;
  private final Path stateDir;
  private final Path runsDir;

  private PipelineConfig(
      Endpoints endpoints,
      Path ksqlDir,
      Path sinkConfig,
      String engineProfile,
      Path stateDir,
      Path runsDir) {
    this.endpoints = endpoints;
    this.ksqlDir = ksqlDir;
    this.sinkConfig = sinkConfig;
    this.engineProfile = engineProfile;
    this.stateDir = stateDir;
    this.runsDir = runsDir;
  }

  /**
   * The embedded stack (KRaft broker, the Kafka Streams stand-in for ksqlDB, Connect with
   * Debezium's JDBC sink, PostgreSQL), all on 127.0.0.1, its data in {@code target/clicksim/state}
   * and its runs in {@code target/clicksim/runs} unless told otherwise.
   */
  public static PipelineConfig embedded() {
    return new PipelineConfig(
        null,
        null,
        null,
        "ksqldb",
        Path.of("target", "clicksim", "state"),
        Path.of("target", "clicksim", "runs"));
  }

  /** A running pipeline: clicksim attaches, provisions it and sends to it, and stops nothing. */
  public static PipelineConfig attach(Endpoints endpoints) {
    return embedded().endpoints(Objects.requireNonNull(endpoints, "endpoints"));
  }

  private PipelineConfig endpoints(Endpoints e) {
    return new PipelineConfig(e, ksqlDir, sinkConfig, engineProfile, stateDir, runsDir);
  }

  /**
   * The project's ksqlDB statements ({@code *.sql}, in name order): an attached ksqlDB is sent
   * them, and the embedded windowed count runs their tumbling window's size and grace. Without it:
   * clicksim's own statements (2-minute windows, 1-minute grace).
   */
  public PipelineConfig ksql(Path dir) {
    return new PipelineConfig(
        endpoints,
        Objects.requireNonNull(dir, "dir"),
        sinkConfig,
        engineProfile,
        stateDir,
        runsDir);
  }

  /**
   * The project's JDBC sink configuration (the JSON given to Connect's REST API): its {@code
   * collection.name.format} names the table that is created and verified, and each count-deciding
   * setting that differs from the sink clicksim provisions (insert mode, key fields, timestamp
   * transforms, topics) is a warning of {@link ClicksimPipeline#provision()}.
   */
  public PipelineConfig sinkConfig(Path file) {
    return new PipelineConfig(
        endpoints, ksqlDir, Objects.requireNonNull(file, "file"), engineProfile, stateDir, runsDir);
  }

  /**
   * Settings of the embedded windowed count: {@code ksqldb} (the default: a ksqlDB server's, commit
   * every 2 s) or {@code fast} (commit every 100 ms: the same counts, sooner).
   */
  public PipelineConfig engineProfile(String profile) {
    return new PipelineConfig(endpoints, ksqlDir, sinkConfig, profile, stateDir, runsDir);
  }

  /** Where the embedded stack keeps its data and logs ({@code logs/clicksim.log}). */
  public PipelineConfig stateDir(Path dir) {
    return new PipelineConfig(
        endpoints, ksqlDir, sinkConfig, engineProfile, Objects.requireNonNull(dir), runsDir);
  }

  /** Where each run's directory (truth, verify.json, junit.xml, report.html) is made. */
  public PipelineConfig runsDir(Path dir) {
    return new PipelineConfig(
        endpoints, ksqlDir, sinkConfig, engineProfile, stateDir, Objects.requireNonNull(dir));
  }

  /** The endpoints attached to, or null for the embedded stack. */
  public Endpoints endpoints() {
    return endpoints;
  }

  public Path ksqlDir() {
    return ksqlDir;
  }

  public Path sinkConfig() {
    return sinkConfig;
  }

  public String engineProfile() {
    return engineProfile;
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path runsDir() {
    return runsDir;
  }

  @Override
  public String toString() {
    return (endpoints == null ? "embedded stack" : "attached to " + endpoints)
        + (ksqlDir == null ? "" : ", ksql " + ksqlDir)
        + (sinkConfig == null ? "" : ", sink config " + sinkConfig)
        + ", engine profile "
        + engineProfile;
  }
}
