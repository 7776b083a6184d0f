package dev.clicksim.stack.embedded;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to lay out and start the embedded stack.
 *
 * @param dataDir where each component keeps its data between starts ({@code .clicksim/embedded} by
 *     default)
 * @param logDir where the components' logs go
 * @param kafkaPort broker port, 0 for any free one; likewise the others
 * @param engineProfile the named settings the windowed count started from
 * @param streams those settings, with any option given on top
 * @param restartDelay how long the stack waits before it restarts a component that died
 */
public record EmbeddedStackOptions(
    Path dataDir,
    Path logDir,
    int kafkaPort,
    int connectPort,
    int postgresPort,
    PipelineNames names,
    WindowSpec windows,
    EngineProfile engineProfile,
    StreamsSettings streams,
    Duration restartDelay) {

  /** As systemd's {@code RestartSec} would: soon, but not in a tight loop. */
  public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(1);

  public EmbeddedStackOptions {
    if (restartDelay.isNegative()) {
      throw new IllegalArgumentException("restart delay must not be negative: " + restartDelay);
    }
  }

  /** With the default restart delay. */
  public EmbeddedStackOptions(
      Path dataDir,
      Path logDir,
      int kafkaPort,
      int connectPort,
      int postgresPort,
      PipelineNames names,
      WindowSpec windows,
      EngineProfile engineProfile,
      StreamsSettings streams) {
    this(
        dataDir,
        logDir,
        kafkaPort,
        connectPort,
        postgresPort,
        names,
        windows,
        engineProfile,
        streams,
        DEFAULT_RESTART_DELAY);
  }
}
