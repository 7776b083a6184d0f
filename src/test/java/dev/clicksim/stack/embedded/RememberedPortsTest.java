package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each component gets a port of its own, last time's when it is free. */
class RememberedPortsTest {

  @TempDir Path dir;

  private static Map<String, Integer> request(int postgres, int kafka, int connect) {
    Map<String, Integer> requested = new LinkedHashMap<>();
    requested.put("postgres", postgres);
    requested.put("kafka", kafka);
    requested.put("kafka-controller", 0);
    requested.put("connect", connect);
    return requested;
  }

  private Path remembered(String content) throws IOException {
    Path file = dir.resolve("ports.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void should_reuse_the_ports_of_the_last_start_when_they_are_free() throws IOException {
    int a = Ports.pick("test", 0);
    int b = Ports.pickOtherThan("test", java.util.Set.of(a));
    Path file = remembered("kafka=" + a + "\nconnect=" + b + "\n");

    Map<String, Integer> ports = RememberedPorts.load(file).assign(request(0, 0, 0));

    assertThat(ports).containsEntry("kafka", a).containsEntry("connect", b);
    assertThat(ports.values()).doesNotHaveDuplicates();
  }

  @Test
  void should_not_give_two_components_the_same_remembered_port() throws IOException {
    // What a failed start with --kafka-port 19555 --connect-port 19555 used to leave behind.
    int port = Ports.pick("test", 0);
    Path file = remembered("kafka=" + port + "\nconnect=" + port + "\n");

    Map<String, Integer> ports = RememberedPorts.load(file).assign(request(0, 0, 0));

    assertThat(ports.get("kafka")).isEqualTo(port);
    assertThat(ports.values()).doesNotHaveDuplicates().doesNotContain(0);
  }

  @Test
  void should_give_a_requested_port_to_its_component_even_when_another_remembered_it()
      throws IOException {
    int port = Ports.pick("test", 0);
    Path file = remembered("postgres=" + port + "\n");

    Map<String, Integer> ports = RememberedPorts.load(file).assign(request(0, port, 0));

    assertThat(ports.get("kafka")).isEqualTo(port);
    assertThat(ports.get("postgres")).isNotEqualTo(port);
    assertThat(ports.values()).doesNotHaveDuplicates();
  }

  @Test
  void should_refuse_two_equal_requested_ports() {
    RememberedPorts none = RememberedPorts.load(dir.resolve("none.properties"));
    assertThatThrownBy(() -> none.assign(request(0, 19555, 19555)))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage("embedded kafka and connect were both given port 19555");
  }

  @Test
  void should_take_another_port_when_the_remembered_one_is_taken_or_damaged() throws IOException {
    try (ServerSocket taken = PortsTest.listening()) {
      Path file = remembered("kafka=" + taken.getLocalPort() + "\nconnect=70000\npostgres=x\n");

      Map<String, Integer> ports = RememberedPorts.load(file).assign(request(0, 0, 0));

      assertThat(ports.get("kafka")).isNotEqualTo(taken.getLocalPort());
      assertThat(ports.get("connect")).isBetween(1, 65_535);
      assertThat(ports.values()).doesNotHaveDuplicates().doesNotContain(0);
    }
  }

  @Test
  void should_save_what_it_is_given_for_the_next_start() {
    Path file = dir.resolve("ports.properties");
    RememberedPorts.load(file).save(Map.of("kafka", 40001, "connect", 40002));

    assertThat(file).content().contains("kafka=40001", "connect=40002");
  }
}
