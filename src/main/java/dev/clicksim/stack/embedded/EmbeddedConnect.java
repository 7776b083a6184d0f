package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A Kafka Connect worker in distributed mode, in this JVM, with its REST API on 127.0.0.1.
 * Connectors are created through that REST API exactly as against a remote worker; their configs
 * live in Kafka, so a restarted worker picks them up again. Debezium's JDBC sink is on the
 * classpath and found through its service manifest. Secrets reach connectors through Kafka's {@code
 * DirectoryConfigProvider}, limited to one directory: a connector's configuration holds {@link
 * #referenceTo(String)}, which the worker resolves when it starts a task, never the value.
 */
public final class EmbeddedConnect implements StackComponent {

  private static final String WORKER_GROUP = "clicksim-connect";
  private static final String SECRETS_PROVIDER = "directory";

  private final String bootstrapServers;
  private final Path offsetsDir;
  private final int restPort;
  private final Path secretsDir;
  private Connect<DistributedHerder> connect;

  /**
   * @param secretsDir the one directory whose files connectors may reference, one secret a file
   */
  public EmbeddedConnect(
      String bootstrapServers, Path workDir, int requestedRestPort, Path secretsDir) {
    this.bootstrapServers = bootstrapServers;
    this.offsetsDir = workDir;
    this.secretsDir = checkedSecretsDir(secretsDir);
    this.restPort = Ports.pick(name(), requestedRestPort);
  }

  /** The secrets directory as the worker's config provider gets it; refused if it cannot. */
  static Path checkedSecretsDir(Path secretsDir) {
    Path dir = secretsDir.toAbsolutePath().normalize();
    // Kafka's reference syntax ${provider:path:key} has no escape for these.
    if (dir.toString().contains(":") || dir.toString().contains("}")) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "the embedded data directory "
              + dir
              + " contains ':' or '}', which Kafka Connect's config provider references cannot"
              + " hold: use a --state-dir without them");
    }
    return dir;
  }

  /**
   * What a connector's configuration holds instead of a secret: a reference the worker resolves to
   * the content of the file {@code fileName} in the secrets directory.
   */
  public String referenceTo(String fileName) {
    return referenceTo(secretsDir, fileName);
  }

  /** The same, for a worker given {@code secretsDir} (checked first). */
  static String referenceTo(Path secretsDir, String fileName) {
    return "${" + SECRETS_PROVIDER + ":" + checkedSecretsDir(secretsDir) + ":" + fileName + "}";
  }

  @Override
  public String name() {
    return "connect";
  }

  public int port() {
    return restPort;
  }

  public URI restUrl() {
    return URI.create("http://" + Ports.LOOPBACK + ":" + restPort);
  }

  @Override
  public synchronized void start() {
    if (connect != null) {
      return;
    }
    Ports.ensureFree(name(), restPort);
    try {
      Files.createDirectories(offsetsDir);
      connect = startWithoutConnectsOwnShutdownHook();
    } catch (Exception e) {
      stop();
      throw new ComponentStartException(name(), EmbeddedKafka.rootMessage(e), e);
    }
  }

  /** The name Kafka Connect gives the JVM shutdown hook it registers in {@code Connect.start()}. */
  private static final String CONNECT_SHUTDOWN_HOOK = "connect-shutdown-hook";

  /**
   * Starts the worker without the JVM shutdown hook Connect registers for itself: the stack stops
   * Connect from its own hook, before Kafka. With both hooks, Ctrl-C ran them at once; when
   * Connect's got there first, the stack's stop returned at once, the stack stopped Kafka, and
   * Connect's worker waited for a broker that was gone, so the JVM never exited (seen once in about
   * ten stops of a busy stack). Kafka's {@code Exit.setShutdownHookAdder} is the seam its own tests
   * use for this; only that one hook is dropped, for the duration of the start.
   */
  private Connect<DistributedHerder> startWithoutConnectsOwnShutdownHook() {
    synchronized (EmbeddedConnect.class) {
      Exit.setShutdownHookAdder(
          dropping(
              CONNECT_SHUTDOWN_HOOK,
              (hookName, runnable) ->
                  Runtime.getRuntime().addShutdownHook(new Thread(runnable, hookName))));
      try {
        return new ConnectDistributed().startConnect(workerProperties());
      } finally {
        Exit.resetShutdownHookAdder();
      }
    }
  }

  /**
   * Registers every shutdown hook through {@code delegate} except the one named {@code dropped}.
   */
  static Exit.ShutdownHookAdder dropping(String dropped, Exit.ShutdownHookAdder delegate) {
    return (hookName, runnable) -> {
      if (!dropped.equals(hookName)) {
        delegate.addShutdownHook(hookName, runnable);
      }
    };
  }

  Map<String, String> workerProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", WORKER_GROUP);
    props.put("config.storage.topic", WORKER_GROUP + "-configs");
    props.put("offset.storage.topic", WORKER_GROUP + "-offsets");
    props.put("status.storage.topic", WORKER_GROUP + "-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "1");
    props.put("status.storage.partitions", "1");
    props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("listeners", "http://" + Ports.LOOPBACK + ":" + restPort);
    props.put("rest.advertised.host.name", Ports.LOOPBACK);
    props.put("rest.advertised.port", Integer.toString(restPort));
    // Plugins are on the classpath with service manifests: no scan of every jar (about 17 s down to
    // 1-2 s).
    props.put("plugin.discovery", "service_load");
    // Sink consumer offsets are committed this often; the rows themselves are written on every put.
    props.put("offset.flush.interval.ms", "5000");
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.put("config.providers", SECRETS_PROVIDER);
    props.put(
        "config.providers." + SECRETS_PROVIDER + ".class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    // KIP-993: a connector config cannot make the worker read any other file of this user.
    props.put(
        "config.providers." + SECRETS_PROVIDER + ".param.allowed.paths", secretsDir.toString());
    return props;
  }

  @Override
  public synchronized void stop() {
    if (connect == null) {
      return;
    }
    Connect<DistributedHerder> stopping = connect;
    connect = null;
    stopping.stop();
    stopping.awaitStop();
  }

  @Override
  public synchronized boolean isRunning() {
    return connect != null;
  }
}
