package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The ports the embedded stack used the last time it started on this data. Taking them again when
 * they are free keeps the endpoints stable between starts: the JDBC URL stored in the sink
 * connector's configuration, a Grafana data source, a terminal's history all stay valid. Only a
 * start that succeeded is remembered: a start that failed on its ports would otherwise hand the
 * same ports to every later start.
 */
final class RememberedPorts {

  private final Path file;
  private final Properties ports = new Properties();

  private RememberedPorts(Path file) {
    this.file = file;
  }

  static RememberedPorts load(Path file) {
    RememberedPorts r = new RememberedPorts(file);
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        r.ports.load(in);
      } catch (IOException | IllegalArgumentException e) {
        // A damaged file only costs new ports.
      }
    }
    return r;
  }

  /**
   * A port for every component, no two the same: a requested port as given (0 means any), else last
   * time's port if it is free and no other component has it, else a free port no other component
   * has.
   *
   * @param requested each component's requested port, in the order the components are started
   * @return each component's port, in the same order
   */
  Map<String, Integer> assign(Map<String, Integer> requested) {
    Map<String, Integer> assigned = new LinkedHashMap<>();
    Map<Integer, String> owners = new LinkedHashMap<>();
    requested.forEach(
        (component, port) -> {
          if (port == 0) {
            return;
          }
          String other = owners.putIfAbsent(port, component);
          if (other != null) {
            throw new ClicksimFailure(
                ClicksimFailure.Kind.INVALID_INPUT,
                "embedded " + other + " and " + component + " were both given port " + port);
          }
        });
    Set<Integer> taken = new HashSet<>(owners.keySet());
    requested.forEach(
        (component, port) -> {
          int chosen = port != 0 ? port : previousIfFree(component, taken);
          if (chosen == 0) {
            chosen = Ports.pickOtherThan(component, taken);
          }
          taken.add(chosen);
          assigned.put(component, chosen);
        });
    return assigned;
  }

  /** Last time's port of this component if it is free and not taken, else 0. */
  private int previousIfFree(String component, Set<Integer> taken) {
    int previous;
    try {
      previous = Integer.parseInt(ports.getProperty(component, "0").strip());
    } catch (NumberFormatException e) {
      return 0;
    }
    if (previous < 1 || previous > Ports.MAX_PORT || taken.contains(previous)) {
      return 0;
    }
    try {
      Ports.ensureFree(component, previous);
      return previous;
    } catch (ClicksimFailure e) {
      return 0; // taken by something else: any free port
    }
  }

  /** Keeps the ports of a start that succeeded, for the next start on this data. */
  void save(Map<String, Integer> started) {
    Properties kept = new Properties();
    started.forEach((component, port) -> kept.setProperty(component, Integer.toString(port)));
    try (Writer out = Files.newBufferedWriter(file)) {
      kept.store(out, "ports of the embedded stack's last successful start, reused when free");
    } catch (IOException e) {
      // Not fatal: the next start picks new ports.
    }
  }
}
