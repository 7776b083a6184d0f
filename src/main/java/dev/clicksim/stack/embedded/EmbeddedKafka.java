package dev.clicksim.stack.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker (broker and controller in one) in this JVM, on 127.0.0.1. Its log
 * directory is formatted once and reused on restart, so stopping and starting it keeps every topic
 * and offset.
 */
public final class EmbeddedKafka implements StackComponent {

  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  /** The controller's port is the caller's choice too, so that no two ports of a stack clash. */
  public EmbeddedKafka(Path logDir, int requestedBrokerPort, int requestedControllerPort) {
    this.logDir = logDir;
    this.brokerPort = Ports.pick(name(), requestedBrokerPort);
    this.controllerPort = Ports.pick(name() + " controller", requestedControllerPort);
  }

  @Override
  public String name() {
    return "kafka";
  }

  public int port() {
    return brokerPort;
  }

  public String bootstrapServers() {
    return Ports.LOOPBACK + ":" + brokerPort;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    Ports.ensureFree(name(), brokerPort);
    Ports.ensureFree(name() + " controller", controllerPort);
    try {
      Files.createDirectories(logDir);
      Properties props = brokerProperties();
      format(props);
      KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      raftServer.startup();
      server = raftServer;
      awaitReady();
    } catch (ComponentStartException e) {
      stop();
      throw e;
    } catch (Exception e) {
      stop();
      throw new ComponentStartException(name(), rootMessage(e), e);
    }
  }

  private Properties brokerProperties() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://"
            + Ports.LOOPBACK
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + Ports.LOOPBACK
            + ":"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toAbsolutePath().toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "3");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("auto.create.topics.enable", "false");
    // Simulated event time runs ahead of wall time when runs follow each other (each starts after
    // the previous one's latest click); the default of 1 hour would reject those records on the
    // input, repartition and output topics.
    props.put(
        "log.message.timestamp.after.max.ms",
        Long.toString(java.time.Duration.ofDays(7).toMillis()));
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return props;
  }

  private void format(Properties props) throws Exception {
    Path metaProperties = logDir.resolve("meta.properties");
    if (Files.exists(metaProperties)) {
      return;
    }
    new Formatter()
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
        .setDirectories(List.of(logDir.toAbsolutePath().toString()))
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setIgnoreFormatted(true)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .run();
  }

  private void awaitReady() throws InterruptedException, ExecutionException {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    try (Admin client = Admin.create(admin)) {
      client.describeCluster().nodes().get();
      client.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new ComponentStartException(
          name(), "broker did not answer on " + bootstrapServers(), e);
    }
  }

  @Override
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null
        ? root.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }
}
