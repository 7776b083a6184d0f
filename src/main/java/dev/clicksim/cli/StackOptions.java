package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.ProcessingGuarantee;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the embedded stack lives and how it is started; shared by every command that needs a stack.
 */
public final class StackOptions {

  private static final int MAX_PORT = 65_535;

  /** The command this mixin is part of, to tell options given on the command line from defaults. */
  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  /** Options that only shape a stack clicksim starts itself. */
  static final java.util.List<String> EMBEDDED_ONLY =
      java.util.List.of(
          "--grace",
          "--commit-interval",
          "--cache-max-bytes",
          "--streams-linger",
          "--kafka-port",
          "--connect-port",
          "--postgres-port");

  /** Which of {@link #EMBEDDED_ONLY} were given on the command line. */
  java.util.List<String> embeddedOnlyGiven() {
    if (mixee == null
        || mixee.commandLine() == null
        || mixee.commandLine().getParseResult() == null) {
      return java.util.List.of();
    }
    var parsed = mixee.commandLine().getParseResult();
    return EMBEDDED_ONLY.stream().filter(parsed::hasMatchedOption).toList();
  }

  /** Where the pipeline is. */
  enum Target {
    /** Everything in or beside this JVM. */
    embedded,
    /** The user's cluster or the compose stack. */
    external
  }

  @Option(
      names = "--target",
      defaultValue = "embedded",
      paramLabel = "TARGET",
      description =
          "embedded (the default: everything in or beside this JVM) or external (your cluster or the compose stack; see --profile) (default: ${DEFAULT-VALUE}).")
  Target target;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nExternal target:%n")
  ExternalOptions externalOptions;

  Path stateDir;

  @Option(
      names = "--state-dir",
      defaultValue = ".clicksim",
      paramLabel = "DIR",
      description =
          "Where the embedded stack keeps its data, logs and the endpoints of a running 'clicksim up' (default: ${DEFAULT-VALUE}).")
  void stateDir(Path dir) {
    stateDir = RunsDirOption.directory(mixee, "--state-dir", dir);
  }

  int kafkaPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "Embedded broker port on 127.0.0.1 (default: any free port).")
  void kafkaPort(int port) {
    kafkaPort = port("--kafka-port", port);
  }

  int connectPort;

  @Option(
      names = "--connect-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "Embedded Kafka Connect REST port on 127.0.0.1 (default: any free port).")
  void connectPort(int port) {
    connectPort = port("--connect-port", port);
  }

  int postgresPort;

  @Option(
      names = "--postgres-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "Embedded PostgreSQL port on 127.0.0.1 (default: any free port).")
  void postgresPort(int port) {
    postgresPort = port("--postgres-port", port);
  }

  /**
   * A port option's value, refused as it is parsed: out of range, or equal to a port already given
   * to another component (the second component could never start, see {@code RememberedPorts}).
   */
  private int port(String option, int port) {
    if (port < 0 || port > MAX_PORT) {
      throw new ParameterException(
          mixee.commandLine(),
          option + " must be 0 (any free port) or 1-" + MAX_PORT + ", was " + port);
    }
    Map<String, Integer> given = new LinkedHashMap<>();
    given.put("--kafka-port", kafkaPort);
    given.put("--connect-port", connectPort);
    given.put("--postgres-port", postgresPort);
    given.remove(option);
    for (Map.Entry<String, Integer> other : given.entrySet()) {
      if (port != 0 && other.getValue() == port) {
        throw new ParameterException(
            mixee.commandLine(),
            other.getKey()
                + " and "
                + option
                + " are both "
                + port
                + "; each component needs a port of its own");
      }
    }
    return port;
  }

  @picocli.CommandLine.Mixin WindowOptions windowOptions;

  @picocli.CommandLine.Mixin RunsDirOption runsDirOption;

  @Option(
      names = "--engine-profile",
      paramLabel = "PROFILE",
      description =
          "Settings of the embedded windowed count: ksqldb (a ksqlDB server's defaults: commit every 2 s, a 10,000,000-byte cache,"
              + " 4 stream threads, at_least_once, topology.optimization=all, so the verdict and freshness predict the seed's pipeline)"
              + " or fast (commit every 100 ms, one thread: quicker feedback, the same counts). Default: the scenario's"
              + " pipeline.engineProfile, else ksqldb. With --target external, fast asks ksqlDB to run the query with fast's commit"
              + " interval, cache and linger; ksqldb leaves the server's own.")
  EngineProfile engineProfile;

  @Option(
      names = "--processing-guarantee",
      paramLabel = "GUARANTEE",
      description =
          "processing.guarantee of the windowed count: at_least_once (ksqlDB's default: after a crash the work since the last"
              + " commit is counted again) or exactly_once_v2. Default: the scenario's pipeline.processingGuarantee, else"
              + " the engine profile's (at_least_once for both).")
  ProcessingGuarantee processingGuarantee;

  /** The scenario's choice of profile, when the command runs one and it names one. */
  private EngineProfile scenarioEngineProfile;

  private ProcessingGuarantee scenarioProcessingGuarantee;

  private String scenarioName;

  @Option(
      names = "--commit-interval",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Embedded topology's commit.interval.ms: how often counts go downstream (default: the engine profile's, 2s for ksqldb, 100ms for fast).")
  Duration commitInterval;

  @Option(
      names = "--cache-max-bytes",
      paramLabel = "BYTES",
      description =
          "Embedded topology's record cache; 0 forwards every update (default: the engine profile's, 10000000 for ksqldb as a ksqlDB server, 10485760 for fast).")
  Long cacheMaxBytes;

  @Option(
      names = "--streams-linger",
      paramLabel = "MS",
      description =
          "linger.ms of the embedded topology's producer (default: the engine profile's, 100 for ksqldb as Kafka Streams sets it, 5 for fast).")
  Integer streamsLingerMs;

  /** The profile a scenario asks for: used when --engine-profile is not given. */
  void scenarioEngineProfile(String scenario, EngineProfile profile) {
    this.scenarioName = scenario;
    this.scenarioEngineProfile = profile;
  }

  /** The guarantee a scenario asks for: used when --processing-guarantee is not given. */
  void scenarioProcessingGuarantee(String scenario, ProcessingGuarantee guarantee) {
    this.scenarioName = scenario;
    this.scenarioProcessingGuarantee = guarantee;
  }

  /** The guarantee asked for on the command line or by the scenario, if any. */
  java.util.Optional<ProcessingGuarantee> requestedProcessingGuarantee() {
    return java.util.Optional.ofNullable(
        processingGuarantee != null ? processingGuarantee : scenarioProcessingGuarantee);
  }

  /** Who asked for {@link #requestedProcessingGuarantee()}, for a message. */
  String processingGuaranteeSource() {
    return processingGuarantee != null
        ? "--processing-guarantee"
        : "scenario " + scenarioName + " (pipeline.processingGuarantee)";
  }

  /** The profile asked for on the command line or by the scenario, if any. */
  java.util.Optional<EngineProfile> requestedEngineProfile() {
    return java.util.Optional.ofNullable(
        engineProfile != null ? engineProfile : scenarioEngineProfile);
  }

  /** Who asked for {@link #requestedEngineProfile()}, for a message. */
  String engineProfileSource() {
    return engineProfile != null
        ? "--engine-profile"
        : "scenario " + scenarioName + " (pipeline.engineProfile)";
  }

  EngineProfile engineProfile() {
    return requestedEngineProfile().orElse(EngineProfile.DEFAULT);
  }

  boolean isExternal() {
    return target == Target.external;
  }

  ExternalOptions external() {
    return externalOptions == null ? new ExternalOptions() : externalOptions;
  }

  /** verify given a JDBC URL needs no stack at all. */
  boolean databaseOnly() {
    return externalOptions != null && externalOptions.anyDatabaseGiven() && !isExternal();
  }

  /** The engine profile's settings, with the options given on top. */
  StreamsSettings streamsSettings() {
    if ((cacheMaxBytes != null && cacheMaxBytes < 0)
        || (streamsLingerMs != null && streamsLingerMs < 0)
        || (commitInterval != null && (commitInterval.isNegative() || commitInterval.isZero()))) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "--commit-interval must be > 0, --cache-max-bytes and --streams-linger >= 0");
    }
    StreamsSettings s = engineProfile().settings();
    if (commitInterval != null) {
      s = s.withCommitIntervalMs(commitInterval.toMillis());
    }
    if (cacheMaxBytes != null) {
      s = s.withCacheMaxBytes(cacheMaxBytes);
    }
    if (streamsLingerMs != null) {
      s = s.withProducerLingerMs(streamsLingerMs);
    }
    return requestedProcessingGuarantee().map(s::withProcessingGuarantee).orElse(s);
  }

  public Path runsDir() {
    return runsDirOption.runsDir;
  }

  public Path stateDir() {
    return stateDir;
  }

  public WindowSpec windows() {
    return windowOptions.windows(WindowSpec.DEFAULT.size());
  }

  public EmbeddedStackOptions embedded() {
    StreamsSettings streams = streamsSettings();
    StateDirectory.requireWritable(stateDir);
    return new EmbeddedStackOptions(
        stateDir.resolve("embedded"),
        stateDir.resolve("logs"),
        kafkaPort,
        connectPort,
        postgresPort,
        PipelineNames.DEFAULT,
        windows(),
        engineProfile(),
        streams);
  }
}
