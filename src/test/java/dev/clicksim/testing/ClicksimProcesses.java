package dev.clicksim.testing;

import dev.clicksim.cli.Clicksim;
import dev.clicksim.stack.Postmaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * clicksim commands in JVMs of their own, as from terminals, with their output in files under a
 * test's directory; {@link #close()} leaves nothing running and keeps the logs where CI keeps the
 * other integration tests' logs.
 */
public final class ClicksimProcesses implements AutoCloseable {

  private final Path root;
  private final String keptUnder;
  private final List<Started> started = new ArrayList<>();

  /**
   * @param root the working directory of every process, where their output files go
   * @param keptUnder the folder of target/it-logs their logs are kept in
   */
  public ClicksimProcesses(Path root, String keptUnder) {
    this.root = root;
    this.keptUnder = keptUnder;
  }

  /** A clicksim process with its stdout and stderr in {@code NAME.out} and {@code NAME.err}. */
  public record Started(String name, Process process, Path outFile, Path errFile) {

    public String out() throws IOException {
      return Files.readString(outFile);
    }

    /** Waits until its stdout holds {@code text}; fails at once if it exits without. */
    public String awaitOut(String text, Duration bound) throws IOException {
      return awaitOut(out -> out.contains(text), bound, "'" + text + "' from " + name);
    }

    public String awaitOut(Predicate<String> done, Duration bound, String what) throws IOException {
      try {
        return Awaitility.await(what)
            .atMost(bound)
            .pollInterval(Duration.ofMillis(200))
            .failFast(name + " exited", () -> !process.isAlive() && !done.test(out()))
            .until(this::out, done);
      } catch (ConditionTimeoutException | TerminalFailureException e) {
        throw new AssertionError(
            e.getMessage() + "\nstdout:\n" + out() + "\nstderr:\n" + Files.readString(errFile), e);
      }
    }
  }

  public Started start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Clicksim.class.getName());
    command.addAll(List.of(args));
    Path out = root.resolve(name + ".out");
    Path err = root.resolve(name + ".err");
    Process process =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    Started p = new Started(name, process, out, err);
    started.add(p);
    return p;
  }

  /**
   * Every process thawed and stopped (an up by SIGTERM, so it stops its stack), a PostgreSQL left
   * behind on {@code stateDir}'s data shut down fast, and the logs kept.
   */
  public void stopAll(Path stateDir) throws Exception {
    for (Started p : started) {
      if (p.process.isAlive()) {
        new ProcessBuilder("kill", "-CONT", Long.toString(p.process.pid())).start().waitFor();
        p.process.destroy();
        if (!p.process.waitFor(2, TimeUnit.MINUTES)) {
          p.process.destroyForcibly();
        }
      }
    }
    Postmaster.of(stateDir.resolve("embedded/postgres/data"))
        .ifPresent(left -> left.fastShutdown(Duration.ofSeconds(60)));
    keepLogs(stateDir.resolve("logs"));
  }

  private void keepLogs(Path stackLogs) throws IOException {
    Path kept = Path.of("target", "it-logs", keptUnder);
    Files.createDirectories(kept);
    List<Path> logs = new ArrayList<>();
    for (Started p : started) {
      logs.add(p.outFile);
      logs.add(p.errFile);
    }
    if (Files.isDirectory(stackLogs)) {
      try (var files = Files.list(stackLogs)) {
        files.forEach(logs::add);
      }
    }
    for (Path log : logs) {
      if (Files.exists(log)) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Override
  public void close() throws Exception {
    stopAll(root.resolve("state"));
  }
}
