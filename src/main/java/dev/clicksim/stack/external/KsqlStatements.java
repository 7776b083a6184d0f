package dev.clicksim.stack.external;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ksqlDB statements clicksim sends: the files of {@code ksql/} (the working directory's, else
 * the copy bundled in the jar under {@code /ksql/}), with the value format and the window's size
 * and grace put in, split into statements.
 */
public final class KsqlStatements {

  /**
   * The bundled files, in the order they run; a directory is read as all its {@code *.sql} files
   * sorted by name.
   */
  public static final List<String> BUNDLED =
      List.of("01-click-events-stream.sql", "02-click-counts-table.sql");

  /** How clicks are written: plain JSON, or JSON Schema framed by a Schema Registry. */
  public enum ValueFormat {
    JSON,
    JSON_SR
  }

  private static final Pattern VALUE_FORMAT =
      Pattern.compile("(?i)(VALUE_FORMAT\\s*=\\s*)'[A-Z_]+'");
  private static final Pattern TUMBLING =
      Pattern.compile(
          "(?i)WINDOW\\s+TUMBLING\\s*\\(\\s*SIZE\\s+\\d+\\s+\\w+\\s*(?:,\\s*GRACE\\s+PERIOD\\s+\\d+\\s+\\w+\\s*)?\\)");

  private final List<String> sources;

  private KsqlStatements(List<String> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * The working directory's {@code ksql/} if there is one, else the statements bundled in the jar.
   */
  public static KsqlStatements load() {
    Path dir = Path.of("ksql");
    return Files.isDirectory(dir) ? fromDirectory(dir) : bundled();
  }

  public static KsqlStatements fromDirectory(Path dir) {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
        texts.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "cannot read ksqlDB statements in " + dir + ": " + e.getMessage(),
          e);
    }
    if (texts.isEmpty()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "no *.sql files in " + dir.toAbsolutePath());
    }
    return new KsqlStatements(texts);
  }

  public static KsqlStatements bundled() {
    List<String> texts = new ArrayList<>();
    for (String name : BUNDLED) {
      try (InputStream in = KsqlStatements.class.getResourceAsStream("/ksql/" + name)) {
        if (in == null) {
          throw new ClicksimFailure(
              ClicksimFailure.Kind.INTERNAL, "ksql/" + name + " is not bundled in clicksim's jar");
        }
        texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new KsqlStatements(texts);
  }

  /** For tests: statements given as text, one file's content per element. */
  static KsqlStatements of(String... files) {
    return new KsqlStatements(List.of(files));
  }

  /**
   * The statements to send, each ending in {@code ;}, comments removed: every {@code VALUE_FORMAT}
   * set to {@code format} and every tumbling window set to the spec's size and grace.
   */
  public List<String> render(ValueFormat format, WindowSpec windows) {
    List<String> out = new ArrayList<>();
    for (String text : sources) {
      for (String statement : split(text)) {
        String s = VALUE_FORMAT.matcher(statement).replaceAll("$1'" + format.name() + "'");
        s =
            TUMBLING
                .matcher(s)
                .replaceAll(
                    Matcher.quoteReplacement(
                        "WINDOW TUMBLING (SIZE "
                            + interval(windows.size())
                            + ", GRACE PERIOD "
                            + interval(windows.grace())
                            + ")"));
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A duration in ksqlDB's interval syntax, in the largest unit that divides it: "2 MINUTES", "1500
   * MILLISECONDS".
   */
  static String interval(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0 SECONDS";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] units = {"DAYS", "HOURS", "MINUTES", "SECONDS", "MILLISECONDS"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return (ms / sizes[i]) + " " + units[i];
      }
    }
    throw new AssertionError();
  }

  /**
   * Splits on {@code ;} outside quotes, dropping {@code --} comments; each statement keeps its
   * {@code ;}.
   */
  static List<String> split(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '`' || c == '"') {
        quote = c;
        current.append(c);
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
      } else if (c == ';') {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
          statements.add(s + ";");
        }
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "ksqlDB statement without a closing ';': "
              + current.toString().strip().lines().findFirst().orElse(""));
    }
    return statements;
  }

  /** The source a CREATE statement makes ("CREATE TABLE IF NOT EXISTS x ..." gives x), or null. */
  static String createdSource(String statement) {
    Matcher m =
        Pattern.compile(
                "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:SOURCE\\s+)?(STREAM|TABLE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(`[^`]+`|\\w+)")
            .matcher(statement);
    return m.find() ? m.group(2) : null;
  }

  /** True for a CREATE ... AS SELECT, which starts a persistent query. */
  static boolean startsQuery(String statement) {
    return statement.toUpperCase(Locale.ROOT).matches("(?s).*\\bAS\\s+SELECT\\b.*");
  }
}
