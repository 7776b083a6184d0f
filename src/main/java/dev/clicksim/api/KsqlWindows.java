package dev.clicksim.api;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
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
 * The tumbling window of a project's ksqlDB statements: the embedded stack's windowed count runs
 * with it, so the stand-in counts as the project's query would.
 */
final class KsqlWindows {

  private static final Pattern TUMBLING =
      Pattern.compile(
          "(?i)WINDOW\\s+TUMBLING\\s*\\(\\s*SIZE\\s+(\\d+)\\s+(\\w+)\\s*(?:,\\s*GRACE\\s+PERIOD\\s+(\\d+)\\s+(\\w+)\\s*)?\\)");

  private KsqlWindows() {}

  /** The one tumbling window of the {@code *.sql} files in {@code dir}. */
  static WindowSpec read(Path dir) {
    List<WindowSpec> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "ksql directory " + dir + ": cannot list it (" + e.getMessage() + ")",
          e);
    }
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "ksql statements " + file + ": cannot read them (" + e.getMessage() + ")",
            e);
      }
      Matcher m = TUMBLING.matcher(withoutComments(text));
      while (m.find()) {
        Duration size = duration(file, m.group(1), m.group(2));
        if (m.group(3) == null) {
          throw new ClicksimFailure(
              ClicksimFailure.Kind.INVALID_INPUT,
              "ksql statements "
                  + file
                  + ": the tumbling window has no GRACE PERIOD (ksqlDB's default of 24 h minus the"
                  + " window would keep every late click); give one explicitly");
        }
        found.add(new WindowSpec(size, duration(file, m.group(3), m.group(4))));
      }
    }
    if (found.isEmpty()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "ksql directory "
              + dir
              + ": no WINDOW TUMBLING (SIZE ..., GRACE PERIOD ...) in its *.sql");
    }
    if (found.stream().distinct().count() > 1) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "ksql directory " + dir + ": tumbling windows of different sizes or graces: " + found);
    }
    return found.get(0);
  }

  private static String withoutComments(String text) {
    return text.replaceAll("--[^\\n]*", "");
  }

  private static Duration duration(Path file, String amount, String unit) {
    long n = Long.parseLong(amount);
    String u = unit.toUpperCase(Locale.ROOT);
    u = u.endsWith("S") ? u.substring(0, u.length() - 1) : u;
    return switch (u) {
      case "MILLISECOND" -> Duration.ofMillis(n);
      case "SECOND" -> Duration.ofSeconds(n);
      case "MINUTE" -> Duration.ofMinutes(n);
      case "HOUR" -> Duration.ofHours(n);
      case "DAY" -> Duration.ofDays(n);
      default ->
          throw new ClicksimFailure(
              ClicksimFailure.Kind.INVALID_INPUT,
              "ksql statements " + file + ": unknown time unit " + unit);
    };
  }
}
