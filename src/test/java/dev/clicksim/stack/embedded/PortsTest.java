package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a port that cannot be bound is told to the user: taken, privileged, or out of range. */
class PortsTest {

  @Test
  void should_say_in_use_when_something_listens_on_the_port() throws IOException {
    try (ServerSocket taken = listening()) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> Ports.ensureFree("kafka", port))
          .isInstanceOfSatisfying(
              ClicksimFailure.class,
              f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
          .hasMessage(
              "embedded kafka could not start: port 127.0.0.1:" + port + " is already in use");
    }
  }

  @Test
  void should_tell_permission_denied_from_in_use() {
    // The JDK's messages on Linux for EACCES and EADDRINUSE; tests run as root, which may bind
    // port 1, so the mapping is tested on the exceptions themselves.
    assertThat(Ports.bindProblem(1, new BindException("Permission denied")))
        .isEqualTo(
            "permission denied to listen on 127.0.0.1:1"
                + " (ports below 1024 need root or CAP_NET_BIND_SERVICE)");
    assertThat(Ports.bindProblem(19555, new BindException("Address already in use")))
        .isEqualTo("port 127.0.0.1:19555 is already in use");
    assertThat(Ports.bindProblem(19555, new BindException("Address already in use (Bind failed)")))
        .isEqualTo("port 127.0.0.1:19555 is already in use");
    assertThat(Ports.bindProblem(19555, new SocketException("Cannot assign requested address")))
        .isEqualTo("cannot listen on 127.0.0.1:19555: Cannot assign requested address");
  }

  @Test
  void should_refuse_a_port_out_of_range_as_invalid_input_without_a_java_message() {
    for (int port : new int[] {70_000, -5}) {
      assertThatThrownBy(() -> Ports.ensureFree("connect", port))
          .isInstanceOfSatisfying(
              ClicksimFailure.class,
              f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
          .hasMessage("embedded connect: port must be 1-65535, was " + port);
    }
  }

  @Test
  void should_pick_a_free_port_none_of_the_taken_ones() throws IOException {
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      taken.add(Ports.pick("kafka", 0));
    }
    int picked = Ports.pickOtherThan("connect", taken);
    assertThat(taken).doesNotContain(picked);
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), picked));
    }
  }

  static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
    return socket;
  }
}
