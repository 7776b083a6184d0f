package dev.clicksim.stack.embedded;

import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.stack.ComponentProcessHandle;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main of a child JVM that runs one component of the embedded stack (the broker, the Connect
 * worker or the windowed count), so that a fault can SIGKILL exactly that component and nothing
 * else. The stack passes everything as {@code key=value} arguments (ports and paths, never a
 * secret) and reads {@link #READY} or {@link #FAILED} on this process's stdout.
 *
 * <p>The stack stops it by closing its stdin, or with SIGTERM; either way the component is closed
 * cleanly from a shutdown hook. The end of stdin is also how this process learns that the stack's
 * JVM died (a SIGKILL included): it then stops too rather than live on as an orphan that holds the
 * ports and data of the next start.
 */
public final class ComponentProcess {

  static final String READY = "clicksim-component ready";
  static final String FAILED = "clicksim-component failed: ";

  static final String KAFKA = "kafka";
  static final String CONNECT = "connect";
  static final String STREAMS = "streams";

  /** How often a running component is looked at: one that fails on its own ends this JVM. */
  private static final Duration HEALTH_LOOK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ComponentProcess.class);

  private ComponentProcess() {}

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // Libraries that print to stdout must not mix with the protocol lines.
    System.setOut(System.err);
    StackComponent component;
    try {
      component = create(args[0], parse(args));
    } catch (RuntimeException e) {
      protocol.println(FAILED + EmbeddedKafka.rootMessage(e));
      System.exit(1);
      return;
    }
    ignoreTerminalInterrupt();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopWithin(component, STOP_BOUND), "clicksim-" + args[0] + "-stop"));
    try {
      component.start();
    } catch (RuntimeException e) {
      LOG.error("{} could not start", component.name(), e);
      protocol.println(FAILED + oneLine(e));
      Runtime.getRuntime().halt(1);
    }
    protocol.println(READY);
    watchHealth(component);
    try {
      while (System.in.read() != -1) {
        // nothing is sent on stdin; only its end counts
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
    LOG.info("{}: stdin closed (stop asked for, or the stack's JVM is gone): stopping", args[0]);
    System.exit(0);
  }

  /**
   * How long a clean stop may take before this JVM halts anyway. When the whole stack stops at once
   * (its JVM killed, a SIGTERM to its process group), the broker may be gone before Connect's
   * worker has stopped, and the worker then waits for it without end.
   */
  static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private static void stopWithin(StackComponent component, Duration bound) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(bound.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              LOG.error("{} did not stop within {}: halting", component.name(), bound);
              Runtime.getRuntime().halt(0);
            },
            "clicksim-" + component.name() + "-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    component.stop();
    watchdog.interrupt();
  }

  /**
   * Ctrl-C in a terminal sends SIGINT to the whole foreground process group, this JVM included: the
   * stack's own JVM stops its components in order (the topology and Connect before the broker) by
   * closing their stdin, so this one leaves SIGINT to it. Java has no public API to ignore a
   * signal; {@code sun.misc.Signal} (module jdk.unsupported) is the one there is.
   */
  @SuppressWarnings("sunapi")
  private static void ignoreTerminalInterrupt() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      // no SIGINT on this platform
    }
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? EmbeddedKafka.rootMessage(e) : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /**
   * A component that fails on its own (the topology in state ERROR) ends this JVM with exit 2, so
   * the stack's supervisor sees a death and restarts it, as systemd would restart a failed ksqlDB.
   */
  private static void watchHealth(StackComponent component) {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(HEALTH_LOOK.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
                if (!component.isRunning()) {
                  LOG.error(
                      "{} is no longer running: exiting so it is restarted", component.name());
                  System.exit(2);
                }
              }
            },
            "clicksim-" + component.name() + "-health");
    t.setDaemon(true);
    t.start();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("not key=value: " + args[i]);
      }
      values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return values;
  }

  static StackComponent create(String name, Map<String, String> v) {
    return switch (name) {
      case KAFKA ->
          new EmbeddedKafka(
              Path.of(v.get("logDir")),
              Integer.parseInt(v.get("brokerPort")),
              Integer.parseInt(v.get("controllerPort")));
      case CONNECT ->
          new EmbeddedConnect(
              v.get("bootstrapServers"),
              Path.of(v.get("workDir")),
              Integer.parseInt(v.get("restPort")),
              Path.of(v.get("secretsDir")));
      case STREAMS ->
          new EmbeddedAggregation(
              v.get("bootstrapServers"),
              Path.of(v.get("stateDir")),
              new PipelineNames(
                  v.get("inputTopic"),
                  v.get("outputTopic"),
                  v.get("streamName"),
                  v.get("tableName"),
                  v.get("applicationId"),
                  v.get("storeName"),
                  v.get("groupByName")),
              new WindowSpec(
                  Duration.ofMillis(Long.parseLong(v.get("windowSizeMs"))),
                  Duration.ofMillis(Long.parseLong(v.get("graceMs")))),
              new StreamsSettings(
                  Long.parseLong(v.get("commitIntervalMs")),
                  Long.parseLong(v.get("cacheMaxBytes")),
                  Integer.parseInt(v.get("producerLingerMs")),
                  v.get("processingGuarantee"),
                  Integer.parseInt(v.get("streamThreads")),
                  v.get("topologyOptimization")));
      default -> throw new IllegalArgumentException("no embedded component named " + name);
    };
  }

  static List<String> kafkaArguments(Path logDir, int brokerPort, int controllerPort) {
    return arguments(
        KAFKA,
        Map.of(
            "logDir", logDir.toAbsolutePath().toString(),
            "brokerPort", Integer.toString(brokerPort),
            "controllerPort", Integer.toString(controllerPort)));
  }

  static List<String> connectArguments(
      String bootstrapServers, Path workDir, int restPort, Path secretsDir) {
    return arguments(
        CONNECT,
        Map.of(
            "bootstrapServers", bootstrapServers,
            "workDir", workDir.toAbsolutePath().toString(),
            "restPort", Integer.toString(restPort),
            "secretsDir", secretsDir.toAbsolutePath().toString()));
  }

  static List<String> streamsArguments(
      String bootstrapServers,
      Path stateDir,
      PipelineNames names,
      WindowSpec windows,
      StreamsSettings settings) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("bootstrapServers", bootstrapServers);
    v.put("stateDir", stateDir.toAbsolutePath().toString());
    v.put("inputTopic", names.inputTopic());
    v.put("outputTopic", names.outputTopic());
    v.put("streamName", names.streamName());
    v.put("tableName", names.tableName());
    v.put("applicationId", names.applicationId());
    v.put("storeName", names.storeName());
    v.put("groupByName", names.groupByName());
    v.put("windowSizeMs", Long.toString(windows.sizeMs()));
    v.put("graceMs", Long.toString(windows.graceMs()));
    v.put("commitIntervalMs", Long.toString(settings.commitIntervalMs()));
    v.put("cacheMaxBytes", Long.toString(settings.cacheMaxBytes()));
    v.put("producerLingerMs", Integer.toString(settings.producerLingerMs()));
    v.put("processingGuarantee", settings.processingGuarantee());
    v.put("streamThreads", Integer.toString(settings.streamThreads()));
    v.put("topologyOptimization", settings.topologyOptimization());
    return arguments(STREAMS, v);
  }

  private static List<String> arguments(String name, Map<String, String> values) {
    List<String> args = new ArrayList<>();
    args.add(ComponentProcessHandle.MAIN_CLASS);
    args.add(name);
    new java.util.TreeMap<>(values).forEach((k, val) -> args.add(k + "=" + val));
    return args;
  }
}
