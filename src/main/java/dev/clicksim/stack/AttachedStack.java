package dev.clicksim.stack;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;

/**
 * The embedded stack of a {@code clicksim up} running in another process, reached over its endpoints. The topology runs
 * in that process; here it is only checked, through its consumer group, as one would check a ksqlDB query.
 */
public final class AttachedStack implements Stack {

  private final StackStateFile state;
  private final PipelineNames names;

  public AttachedStack(StackStateFile state, PipelineNames names) {
    this.state = state;
    this.names = names;
  }

  @Override
  public String description() {
    return "embedded (clicksim up, pid " + state.pid() + ")";
  }

  @Override
  public Map<String, Object> kafkaClientProperties() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers());
  }

  @Override
  public URI connectUrl() {
    return state.connectUrl();
  }

  @Override
  public DatabaseEndpoint database() {
    return state.database();
  }

  @Override
  public Aggregation aggregation() {
    return new Aggregation() {
      @Override
      public ProvisionStep ensureRunning() {
        try (Admin admin = Admin.create(kafkaClientProperties())) {
          ConsumerGroupDescription group = admin.describeConsumerGroups(java.util.List.of(names.applicationId()))
              .describedGroups().get(names.applicationId()).get(15, TimeUnit.SECONDS);
          if (group.members().isEmpty()) {
            throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "topology " + names.applicationId()
                + " has no running member in clicksim up (pid " + state.pid() + "); restart clicksim up");
          }
          return ProvisionStep.unchanged("topology", names.applicationId() + " running in clicksim up (state " + group.groupState() + ")");
        } catch (ExecutionException | TimeoutException e) {
          throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, "cannot reach Kafka at " + state.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, "interrupted", e);
        }
      }

      @Override
      public WindowSpec windows() {
        return state.windows();
      }
    };
  }

  @Override
  public void close() {
    // The stack belongs to the clicksim up process.
  }
}
