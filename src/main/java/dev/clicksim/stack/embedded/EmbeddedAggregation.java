package dev.clicksim.stack.embedded;

import dev.clicksim.pipeline.ClickCountTopology;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.wait.BoundedWait;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The embedded stand-in for the ksqlDB server: it runs the windowed-count topology (the same
 * semantics as the statements in {@code ksql/}) as a Kafka Streams application in this JVM.
 */
public final class EmbeddedAggregation implements StackComponent {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final Path stateDir;
  private final PipelineNames names;
  private final WindowSpec windows;
  private final StreamsSettings settings;
  private KafkaStreams streams;

  public EmbeddedAggregation(
      String bootstrapServers,
      Path stateDir,
      PipelineNames names,
      WindowSpec windows,
      StreamsSettings settings) {
    this.bootstrapServers = bootstrapServers;
    this.stateDir = stateDir;
    this.names = names;
    this.windows = windows;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "streams";
  }

  public WindowSpec windows() {
    return windows;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      return;
    }
    Properties properties = properties();
    KafkaStreams starting =
        new KafkaStreams(ClickCountTopology.build(names, windows, properties), properties);
    streams = starting;
    starting.start();
    try {
      BoundedWait.system()
          .until(
              START_TIMEOUT,
              Duration.ofMillis(50),
              () -> {
                KafkaStreams.State state = starting.state();
                if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                  throw new ComponentStartException(
                      name(),
                      "topology " + names.applicationId() + " went to state " + state,
                      null);
                }
                return state == KafkaStreams.State.RUNNING ? Optional.of(state) : Optional.empty();
              },
              () ->
                  new ComponentStartException(
                      name(),
                      "topology "
                          + names.applicationId()
                          + " not RUNNING after "
                          + START_TIMEOUT.toSeconds()
                          + " s",
                      null));
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, names.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(settings.commitIntervalMs()));
    props.put(
        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(settings.cacheMaxBytes()));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(settings.streamThreads()));
    props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, settings.topologyOptimization());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        Integer.toString(settings.producerLingerMs()));
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Static membership: a restarted topology takes its place in the group at once instead of
    // waiting a session timeout (45 s) for its previous incarnation, which Streams does not remove
    // from the group on close.
    props.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        names.applicationId() + "-embedded");
    return props;
  }

  @Override
  public synchronized void stop() {
    if (streams == null) {
      return;
    }
    KafkaStreams stopping = streams;
    streams = null;
    // Leave the group on the way out: otherwise the next start waits a whole session timeout (45 s)
    // for this member.
    stopping.close(
        new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
  }

  @Override
  public synchronized boolean isRunning() {
    return streams != null && streams.state().isRunningOrRebalancing();
  }
}
