package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * A windowed count that runs in another process (a {@code clicksim up}, or a user's own deployment
 * of clicksim's topology): nothing to start here, only checked through the Streams application's
 * consumer group, as one would check a ksqlDB query.
 */
public final class RunningStreamsApplication implements Aggregation {

  private final Map<String, Object> kafka;
  private final PipelineNames names;
  private final WindowSpec windows;
  private final String where;

  /**
   * @param where where the application runs, for messages: "clicksim up (pid 1234)"
   */
  public RunningStreamsApplication(
      Map<String, Object> kafka, PipelineNames names, WindowSpec windows, String where) {
    this.kafka = kafka;
    this.names = names;
    this.windows = windows;
    this.where = where;
  }

  /** An application the user deployed somewhere clicksim does not know. */
  public static RunningStreamsApplication elsewhere(
      Map<String, Object> kafka, PipelineNames names, WindowSpec windows) {
    return new RunningStreamsApplication(kafka, names, windows, "its own deployment");
  }

  @Override
  public ProvisionStep ensureRunning() {
    try (Admin admin = Admin.create(kafka)) {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(names.applicationId()))
              .describedGroups()
              .get(names.applicationId())
              .get(15, TimeUnit.SECONDS);
      if (group.members().isEmpty()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            "topology "
                + names.applicationId()
                + " has no running member in "
                + where
                + "; start it (or restart clicksim up)");
      }
      return ProvisionStep.unchanged(
          "topology",
          names.applicationId() + " running in " + where + " (state " + group.groupState() + ")");
    } catch (ExecutionException | TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot reach Kafka at " + kafka.get("bootstrap.servers") + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while checking topology " + names.applicationId(), e);
    }
  }

  @Override
  public List<String> plan() {
    return List.of(
        "windowed count: check that the Kafka Streams application "
            + names.applicationId()
            + " runs in "
            + where
            + " (its consumer group has members)");
  }

  @Override
  public WindowSpec windows() {
    return windows;
  }
}
