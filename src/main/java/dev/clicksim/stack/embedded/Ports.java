package dev.clicksim.stack.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: everything the embedded stack opens listens on 127.0.0.1 only. */
public final class Ports {

  public static final String LOOPBACK = "127.0.0.1";

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

  public static void ensureFree(String component, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new ComponentStartException(
          component, "port " + LOOPBACK + ":" + port + " is already in use", e);
    }
  }
}
