package dev.clicksim.stack.embedded;

import dev.clicksim.provision.ConnectRestClient;
import dev.clicksim.provision.SinkConnectorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gets the sink going again after its database came back. Kafka Connect never restarts a FAILED
 * task by itself; an operator (or Strimzi's auto-restart) does it through the REST API, and so does
 * this, only for a failed task and only after the stack restarted PostgreSQL.
 */
final class SinkRecovery {

  /** Between two looks at the connector's status: it answers over HTTP. */
  private static final Duration LOOK_INTERVAL = Duration.ofSeconds(1);

  /** A restarted task reports FAILED for a moment longer; do not restart it twice for one. */
  private static final Duration AFTER_RESTART = Duration.ofSeconds(5);

  private final Supplier<URI> connectUrl;
  private long nextLook = Long.MIN_VALUE;

  SinkRecovery(Supplier<URI> connectUrl) {
    this.connectUrl = connectUrl;
  }

  /**
   * Restarts the sink's failed task, if it has one.
   *
   * @return what was done, for the console; empty when nothing was to do or it was too soon to look
   */
  synchronized Optional<String> restartFailedTask() {
    long now = System.nanoTime();
    if (nextLook != Long.MIN_VALUE && now - nextLook < 0) {
      return Optional.empty();
    }
    nextLook = now + LOOK_INTERVAL.toNanos();
    ConnectRestClient connect = new ConnectRestClient(connectUrl.get());
    String name = SinkConnectorConfig.CONNECTOR_NAME;
    Optional<ConnectRestClient.TaskStatus> failed =
        connect.status(name).flatMap(ConnectRestClient.ConnectorStatus::failedTask);
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    connect.restartConnector(name);
    nextLook = now + AFTER_RESTART.toNanos();
    String trace = failed.get().trace().lines().findFirst().orElse("").strip();
    return Optional.of(
        "restarted the sink's failed task "
            + failed.get().id()
            + " through Connect's REST API"
            + (trace.isEmpty() ? "" : " (it failed with: " + abbreviated(trace) + ")"));
  }

  private static String abbreviated(String line) {
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }
}
