package dev.clicksim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds and reads scenario files: a path, a shipped scenario by name, or the list of shipped
 * scenarios. Anything wrong becomes an {@link InvalidScenarioException} with one line naming the
 * file; {@link ScenarioYaml} reads the YAML.
 */
public final class ScenarioLoader {
  /**
   * The classpath index of shipped scenario names, one per line: {@code scenarios/index.txt} in the
   * source tree.
   */
  static final String INDEX = "/scenarios/index.txt";

  private static final Pattern BUILT_IN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private ScenarioLoader() {}

  /** Loads a scenario file; the message of any error names the file as given. */
  public static Scenario load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new InvalidScenarioException(
            "scenario " + source + ": is a directory, not a scenario file");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new InvalidScenarioException("scenario " + source + ": not a regular file");
      }
      if (Files.size(file) > ScenarioYaml.MAX_BYTES) {
        throw ScenarioYaml.tooLarge(source, Files.size(file));
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(ScenarioYaml.MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidScenarioException("scenario " + source + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new InvalidScenarioException("scenario " + source + ": permission denied", e);
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenario " + source + ": cannot read it (" + e.getMessage() + ")", e);
    }
    return parse(bytes, source, baseName(file.getFileName().toString()));
  }

  /**
   * Loads a built-in scenario: {@code scenarios/<name>.yaml} in the working directory if it exists
   * (so an edited copy wins), else the classpath resource {@code /scenarios/<name>.yaml}.
   */
  public static Scenario loadBuiltIn(String name) {
    if (name == null || !BUILT_IN_NAME.matcher(name).matches()) {
      throw new InvalidScenarioException(
          "scenario '" + name + "': not a valid built-in scenario name");
    }
    Path local = Path.of("scenarios", name + ".yaml");
    if (Files.isRegularFile(local)) {
      return load(local);
    }
    String resource = "/scenarios/" + name + ".yaml";
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidScenarioException(
            "scenario "
                + name
                + ": no built-in scenario named '"
                + name
                + "' (looked for "
                + local
                + " and classpath "
                + resource
                + ")");
      }
      return parse(in.readNBytes(ScenarioYaml.MAX_BYTES + 1), name + ".yaml", name);
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenario " + name + ".yaml: cannot read " + resource + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A scenario named on the command line: a file when it ends with {@code .yaml}/{@code .yml} or
   * names an existing file, else a built-in scenario.
   */
  public static Scenario resolve(String nameOrFile) {
    if (nameOrFile == null || nameOrFile.isBlank()) {
      throw new InvalidScenarioException("scenario: no scenario name or file given");
    }
    Path file;
    try {
      file = Path.of(nameOrFile);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidScenarioException(
          "scenario " + nameOrFile.strip() + ": not a file name or a shipped scenario name", e);
    }
    if (Files.isDirectory(file)) {
      throw new InvalidScenarioException(
          "scenario "
              + nameOrFile
              + ": is a directory; give a scenario file (.yaml) or the name of a shipped scenario"
              + " (clicksim scenario list)");
    }
    if (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.isRegularFile(file)) {
      return load(file);
    }
    return loadBuiltIn(nameOrFile);
  }

  /** A shipped scenario: its name and where it was found. */
  public record BuiltIn(String name, String location) {}

  /**
   * The shipped scenarios: the {@code *.yaml} files of {@code scenarios/} in the working directory
   * if that folder exists, else the names listed in the classpath resource {@code
   * /scenarios/index.txt} (inside the jar), sorted by name.
   */
  public static List<BuiltIn> listBuiltIn() {
    Path dir = Path.of("scenarios");
    if (Files.isDirectory(dir)) {
      return listDirectory(dir);
    }
    return listClasspath();
  }

  static List<BuiltIn> listDirectory(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
          .map(f -> new BuiltIn(baseName(f.getFileName().toString()), f.toString()))
          .sorted(java.util.Comparator.comparing(BuiltIn::name))
          .toList();
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenarios: cannot list " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  static List<BuiltIn> listClasspath() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .sorted()
          .map(n -> new BuiltIn(n, "classpath /scenarios/" + n + ".yaml"))
          .toList();
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenarios: cannot read " + INDEX + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Parses scenario YAML; {@code source} names it in error messages, {@code defaultName} is used
   * when it has no name.
   */
  public static Scenario parse(byte[] yaml, String source, String defaultName) {
    return ScenarioYaml.read(yaml, source, defaultName);
  }

  private static String baseName(String fileName) {
    return fileName.endsWith(".yaml")
        ? fileName.substring(0, fileName.length() - 5)
        : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }
}
