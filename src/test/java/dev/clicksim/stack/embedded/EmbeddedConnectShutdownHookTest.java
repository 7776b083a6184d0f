package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.Test;

/**
 * The embedded worker starts without Kafka Connect's own JVM shutdown hook (the stack stops Connect
 * before Kafka; with both hooks a Ctrl-C could leave the JVM waiting for a broker that was gone).
 */
class EmbeddedConnectShutdownHookTest {

  @Test
  void should_drop_only_the_hook_with_connects_name() {
    List<String> registered = new ArrayList<>();
    var adder =
        EmbeddedConnect.dropping("connect-shutdown-hook", (name, runnable) -> registered.add(name));

    adder.addShutdownHook("connect-shutdown-hook", () -> {});
    adder.addShutdownHook("some-other-hook", () -> {});

    assertThat(registered).containsExactly("some-other-hook");
  }

  @Test
  void should_match_the_name_kafka_connect_registers_its_hook_under() throws Exception {
    // If a Kafka upgrade renames the hook, the filter would drop nothing: this reads the name from
    // Connect's class.
    try (InputStream in = Connect.class.getResourceAsStream("Connect.class")) {
      assertThat(in).isNotNull();
      String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(constants).contains("connect-shutdown-hook");
    }
  }
}
