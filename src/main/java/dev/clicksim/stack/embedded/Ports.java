package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Set;

/** Loopback port helpers: everything the embedded stack opens listens on 127.0.0.1 only. */
public final class Ports {

  public static final String LOOPBACK = "127.0.0.1";

  public static final int MAX_PORT = 65_535;

  /** How many free ports to draw before giving up on one that is not already given away. */
  private static final int FREE_PORT_DRAWS = 100;

  private Ports() {}

  /** A port that was free a moment ago; 0 in {@code requested} means "any". */
  public static int pick(String component, int requested) {
    if (requested != 0) {
      ensureFree(component, requested);
      return requested;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ComponentStartException(
          component, "no free port on " + LOOPBACK + ": " + e.getMessage(), e);
    }
  }

  /**
   * A free port that is none of {@code taken}: ports chosen for the other components are not bound
   * until those start, so the system may offer one of them again.
   */
  static int pickOtherThan(String component, Set<Integer> taken) {
    for (int draw = 0; draw < FREE_PORT_DRAWS; draw++) {
      int port = pick(component, 0);
      if (!taken.contains(port)) {
        return port;
      }
    }
    throw new ComponentStartException(
        component, "no free port on " + LOOPBACK + " other than " + taken, null);
  }

  public static void ensureFree(String component, int port) {
    if (port < 1 || port > MAX_PORT) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "embedded " + component + ": port must be 1-" + MAX_PORT + ", was " + port);
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new ComponentStartException(component, bindProblem(port, e), e);
    }
  }

  /**
   * Why a port could not be bound, in the user's terms. The JDK reports both a taken port and a
   * privileged one as a {@link BindException}; only the message (the system's errno text) tells
   * them apart.
   */
  static String bindProblem(int port, IOException e) {
    String address = LOOPBACK + ":" + port;
    String message = e.getMessage() == null ? "" : e.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (e instanceof BindException && lower.contains("permission denied")) {
      return "permission denied to listen on "
          + address
          + (port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "");
    }
    if (e instanceof BindException && lower.contains("in use")) {
      return "port " + address + " is already in use";
    }
    return "cannot listen on " + address + (message.isEmpty() ? "" : ": " + message);
  }
}
