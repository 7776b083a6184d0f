package dev.clicksim.stack.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports the embedded stack used last time on this data. Taking them again when they are free
 * keeps the endpoints stable between starts: the JDBC URL stored in the sink connector's
 * configuration, a Grafana data source, a terminal's history all stay valid.
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
      } catch (IOException e) {
        // A damaged file only costs new ports.
      }
    }
    return r;
  }

  /**
   * The requested port if one was given, else last time's port if it is still free, else 0 (any
   * free port).
   */
  int choose(String component, int requested) {
    if (requested != 0) {
      return requested;
    }
    try {
      int previous = Integer.parseInt(ports.getProperty(component, "0"));
      if (previous > 0) {
        Ports.ensureFree(component, previous);
        return previous;
      }
    } catch (NumberFormatException | ComponentStartException e) {
      // taken or unreadable: any free port
    }
    return 0;
  }

  void remember(String component, int port) {
    ports.setProperty(component, Integer.toString(port));
  }

  void save() {
    try (Writer out = Files.newBufferedWriter(file)) {
      ports.store(out, "ports of the embedded stack, reused when free");
    } catch (IOException e) {
      // Not fatal: the next start picks new ports.
    }
  }
}
