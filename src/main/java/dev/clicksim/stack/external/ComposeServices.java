package dev.clicksim.stack.external;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.scenario.Fault;
import dev.clicksim.wait.BoundedWait;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Faults on the services of {@code docker-compose.yml} through docker compose itself ({@code kill},
 * {@code restart}, {@code pause}/{@code unpause}), run in clicksim's working directory, where
 * compose finds the file (or {@code COMPOSE_FILE} says where it is). {@code docker compose} (the
 * plugin) is used when it answers, else {@code docker-compose} (the standalone one, as Debian ships
 * it).
 */
final class ComposeServices {

  /** The compose file's service of each target; schema-registry and grafana take no faults. */
  static final Map<Fault.Target, String> SERVICES =
      Map.of(
          Fault.Target.broker, "kafka",
          Fault.Target.aggregation, "ksqldb",
          Fault.Target.connect, "connect",
          Fault.Target.postgres, "postgres");

  /**
   * A killed container stays down (docker restarts no container it was told to kill), so clicksim
   * starts it again after this long, as the embedded stack's supervisor does by default.
   */
  static final Duration RESTART_DELAY = Duration.ofSeconds(1);

  /** A restart of the broker or ksqlDB takes seconds; compose stops a container within 10 s. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final String searchPath;
  private final Path workingDirectory;
  private final BoundedWait wait;
  private List<String> compose;

  /**
   * @param searchPath where to look for docker and docker-compose, as PATH holds it
   * @param workingDirectory where compose runs (and looks for its file)
   */
  ComposeServices(String searchPath, Path workingDirectory, BoundedWait wait) {
    this.searchPath = searchPath == null ? "" : searchPath;
    this.workingDirectory = workingDirectory;
    this.wait = wait;
  }

  /** On this process's PATH, in its working directory. */
  static ComposeServices onPath() {
    return new ComposeServices(
        System.getenv("PATH"), Path.of("").toAbsolutePath(), BoundedWait.system());
  }

  String inject(Fault.Action action, Fault.Target target, Duration length) {
    String service = SERVICES.get(target);
    if (service == null) {
      throw new IllegalArgumentException("no compose service for " + target.label());
    }
    return switch (action) {
      case kill -> kill(service);
      case restart -> {
        run("restart", service);
        yield command() + " restart " + service;
      }
      case pause -> pause(service, length);
    };
  }

  private String kill(String service) {
    run("kill", service);
    wait.pause(RESTART_DELAY);
    run("start", service);
    return command()
        + " kill "
        + service
        + " (SIGKILL of its container), then "
        + command()
        + " start "
        + service
        + " after "
        + RESTART_DELAY.toSeconds()
        + " s, as a supervisor would";
  }

  private String pause(String service, Duration length) {
    run("pause", service);
    try {
      // The pause is the fault itself, not a wait for a condition: it lasts exactly this long.
      wait.pause(length);
    } finally {
      boolean interrupted = Thread.interrupted();
      try {
        run("unpause", service);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return command()
        + " pause "
        + service
        + " (its processes frozen) for "
        + length.toSeconds()
        + " s, then "
        + command()
        + " unpause "
        + service;
  }

  /** The compose command line as run, for messages: "docker compose" or "docker-compose". */
  private String command() {
    List<String> c = compose();
    return c.size() == 1 ? "docker-compose" : "docker compose";
  }

  /** {@code docker compose} when the plugin answers, else {@code docker-compose}; found once. */
  private synchronized List<String> compose() {
    if (compose == null) {
      Optional<Path> docker = executable("docker");
      if (docker.isPresent() && answers(List.of(docker.get().toString(), "compose", "version"))) {
        compose = List.of(docker.get().toString(), "compose");
      } else {
        compose =
            executable("docker-compose")
                .map(p -> List.of(p.toString()))
                .orElseThrow(
                    () ->
                        new ClicksimFailure(
                            ClicksimFailure.Kind.INFRASTRUCTURE,
                            "--profile compose: neither docker compose nor docker-compose is on"
                                + " PATH"));
      }
    }
    return compose;
  }

  private Optional<Path> executable(String name) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private boolean answers(List<String> commandLine) {
    try {
      return execute(commandLine).exit() == 0;
    } catch (ClicksimFailure e) {
      if (e.kind() == ClicksimFailure.Kind.INTERRUPTED) {
        throw e;
      }
      return false;
    }
  }

  private void run(String verb, String service) {
    List<String> commandLine = new ArrayList<>(compose());
    commandLine.add(verb);
    commandLine.add(service);
    Outcome outcome = execute(commandLine);
    if (outcome.exit() != 0) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          command()
              + " "
              + verb
              + " "
              + service
              + " failed (exit "
              + outcome.exit()
              + ")"
              + (outcome.lastLine().isEmpty() ? "" : ": " + outcome.lastLine()));
    }
  }

  private record Outcome(int exit, String lastLine) {}

  private Outcome execute(List<String> commandLine) {
    Path output = null;
    try {
      output = Files.createTempFile("clicksim-compose", ".out");
      Process p =
          new ProcessBuilder(commandLine)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            String.join(" ", shown(commandLine))
                + " did not end within "
                + COMMAND_TIMEOUT.toSeconds()
                + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return new Outcome(p.exitValue(), lastMeaningfulLine(text));
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot run " + String.join(" ", shown(commandLine)) + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while running " + String.join(" ", shown(commandLine)), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file of a few bytes
        }
      }
    }
  }

  /** The command line with the program's name rather than its path, for messages. */
  private static List<String> shown(List<String> commandLine) {
    List<String> s = new ArrayList<>(commandLine);
    s.set(0, Path.of(s.get(0)).getFileName().toString());
    return s;
  }

  /** Compose prints progress first and the error last. */
  private static String lastMeaningfulLine(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    return last.length() > 200 ? last.substring(0, 197) + "..." : last;
  }
}
