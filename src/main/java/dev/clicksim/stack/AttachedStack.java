package dev.clicksim.stack;

import dev.clicksim.pipeline.PipelineNames;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The embedded stack of a {@code clicksim up} running in another process, reached over its
 * endpoints. The topology runs in that process; here it is only checked, through its consumer
 * group, as one would check a ksqlDB query. Its settings (engine profile, commit interval, cache)
 * are that process's, as it announced them.
 */
public final class AttachedStack extends StackOverEndpoints {

  private final StackStateFile state;
  private final StackEndpoints endpoints;
  private final Aggregation aggregation;

  public AttachedStack(StackStateFile state, PipelineNames names) {
    super(names);
    this.state = state;
    Map<String, Object> kafka =
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers());
    this.endpoints =
        new StackEndpoints(
            kafka, ServiceEndpoint.of(state.connectUrl()), state.database(), state.sinkDatabase());
    this.aggregation =
        new RunningStreamsApplication(
            kafka, names, state.windows(), "clicksim up (pid " + state.pid() + ")");
  }

  @Override
  public String description() {
    return "embedded (clicksim up, pid " + state.pid() + ")";
  }

  @Override
  protected StackEndpoints endpoints() {
    return endpoints;
  }

  @Override
  protected Aggregation aggregation() {
    return aggregation;
  }

  /** The settings the {@code clicksim up} process announced for its windowed count. */
  @Override
  public Map<String, String> runSettings() {
    return state.settings();
  }

  @Override
  public void close() {
    // The stack belongs to the clicksim up process.
  }
}
