package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.latency.FreshnessTracker;
import dev.clicksim.latency.LatencyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyRecorderThreadTest {

  @TempDir Path runDir;

  @Test
  void should_write_a_last_interval_when_closed_before_its_first_tick() throws IOException {
    // No click is sent, so the producer never needs the (absent) broker.
    try (ClickSender sender =
            new ClickSender(
                Map.of("bootstrap.servers", "127.0.0.1:9"), "click_events", System::nanoTime);
        LatencyLog log = LatencyLog.open(runDir)) {
      new LatencyRecorderThread(
              sender, new FreshnessTracker(), log, new PacedSendLoop.Progress(), runDir)
          .close();

      assertThat(Files.readAllLines(runDir.resolve(LatencyRecorderThread.SEND_RATE_FILE)))
          .hasSize(2)
          .first()
          .isEqualTo("seconds,sent_per_second,target_per_second");
    }
  }
}
