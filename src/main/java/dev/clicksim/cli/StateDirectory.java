package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state directory ({@code --state-dir}, default {@code .clicksim}): the embedded stack's data,
 * the log file, a running {@code clicksim up}'s endpoints. Whether it can be written is known
 * before log4j opens its file and before a stack starts, so neither fails halfway with a library's
 * stack trace.
 */
final class StateDirectory {

  /** The default of {@code --state-dir}, for the commands that have no such option. */
  static final Path DEFAULT = Path.of(".clicksim");

  /** Where the log file goes unless {@code -Dclicksim.log.file} says otherwise. */
  static final String LOG_FILE_PROPERTY = "clicksim.log.file";

  /** Read by log4j2.xml: true selects no appender at all instead of the file. */
  static final String LOG_OFF_PROPERTY = "clicksim.log.off";

  private StateDirectory() {}

  /**
   * Points the log file into {@code stateDir/logs} (unless the launcher or a test chose a file), or
   * turns the log off when that file could not be written: a command that needs no state directory
   * then runs silently, and one that does fails in {@link #requireWritable}. Takes effect only
   * before log4j's first use, hence once per process, before the command runs.
   */
  static void configureLogging(Path stateDir) {
    String chosen = System.getProperty(LOG_FILE_PROPERTY);
    Path logFile =
        chosen != null && !chosen.isBlank()
            ? Path.of(chosen)
            : stateDir.resolve("logs").resolve("clicksim.log");
    System.setProperty(LOG_FILE_PROPERTY, logFile.toString());
    if (whyNotWritable(logFile.toAbsolutePath().getParent()).isPresent()
        || (Files.exists(logFile) && !Files.isWritable(logFile))) {
      System.setProperty(LOG_OFF_PROPERTY, "true");
    }
  }

  /**
   * Creates the state directory if needed, or fails in one line naming it: the directory is this
   * machine's, not the command line's, so it is an infrastructure failure (exit 4), as a port that
   * is taken is, even when {@code --state-dir} named it.
   */
  static void requireWritable(Path stateDir) {
    Path dir = stateDir.toAbsolutePath().normalize();
    Optional<String> problem = whyNotWritable(dir);
    if (problem.isEmpty()) {
      try {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
          problem = Optional.of("permission denied");
        }
      } catch (AccessDeniedException e) {
        problem = Optional.of("permission denied");
      } catch (FileSystemException e) {
        problem = Optional.of(e.getReason() != null ? e.getReason() : "cannot create it");
      } catch (IOException e) {
        problem = Optional.of(String.valueOf(e.getMessage()));
      }
    }
    if (problem.isPresent()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot write the state directory " + dir + ": " + problem.get());
    }
  }

  /**
   * Why {@code dir} could not be written, judged without creating anything: it, or its nearest
   * existing ancestor, must be a directory this process may write.
   */
  static Optional<String> whyNotWritable(Path dir) {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.of("no such file system");
    }
    if (!Files.isDirectory(existing)) {
      return Optional.of(
          (existing.equals(dir.toAbsolutePath()) ? "it" : existing.toString())
              + " is a file, not a directory");
    }
    if (!Files.isWritable(existing)) {
      return Optional.of("permission denied");
    }
    return Optional.empty();
  }
}
