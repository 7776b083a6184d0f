package dev.clicksim.grafana;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A panel query as Grafana's PostgreSQL data source sends it: template variables replaced first
 * ({@code $name}, {@code ${name}}, {@code [[name]]}, as the dashboard does before the query leaves
 * the browser), then the data source's macros expanded as its macro engine does
 * (pkg/tsdb/grafana-postgresql-datasource/macros.go: {@code $__timeFilter(col)} is {@code col
 * BETWEEN 'from' AND 'to'} in RFC 3339 UTC, {@code $__timeFrom()} and {@code $__timeTo()} the
 * quoted instants, {@code $__time(col)} {@code col AS "time"}, {@code $__timeGroup(col, '2m')}
 * {@code floor(extract(epoch from col)/120)*120}, ...). A macro it does not know fails, so a new
 * one in the dashboard is noticed here.
 */
final class GrafanaMacros {

  /** Grafana's pattern for a macro call: {@code $name(args)}. */
  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([_a-zA-Z0-9]+)}|\\[\\[([_a-zA-Z0-9]+)]]|\\$([_a-zA-Z0-9]++)(?!\\()");

  /** Go's time.RFC3339Nano: trailing zeros of the fraction dropped, the fraction with them. */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GrafanaMacros() {}

  static String expand(String sql, Instant from, Instant to, Map<String, String> variables) {
    return macros(variables(sql, variables), from, to);
  }

  static String variables(String sql, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = variables.get(name);
      // Not a dashboard variable (Grafana's own $__ names, a macro): left for the data source.
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String macros(String sql, Instant from, Instant to) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String[] args = m.group(2).split(",", -1);
      for (int i = 0; i < args.length; i++) {
        args[i] = args[i].strip();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(macro(m.group(1), args, from, to)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String macro(String name, String[] args, Instant from, Instant to) {
    boolean column = args.length > 0 && !args[0].isEmpty();
    return switch (name) {
      case "__time" -> require(column, name) + args[0] + " AS \"time\"";
      case "__timeEpoch" ->
          require(column, name) + "extract(epoch from " + args[0] + ") as \"time\"";
      case "__timeFilter" ->
          require(column, name)
              + args[0]
              + " BETWEEN '"
              + rfc3339(from)
              + "' AND '"
              + rfc3339(to)
              + "'";
      case "__timeFrom" -> "'" + rfc3339(from) + "'";
      case "__timeTo" -> "'" + rfc3339(to) + "'";
      case "__timeGroup" -> {
        if (args.length < 2) {
          throw new IllegalArgumentException("$__timeGroup needs a column and an interval");
        }
        long seconds = intervalSeconds(args[1].replace("'", ""));
        yield "floor(extract(epoch from " + args[0] + ")/" + seconds + ")*" + seconds;
      }
      case "__timeGroupAlias" -> macro("__timeGroup", args, from, to) + " AS \"time\"";
      case "__unixEpochFilter" ->
          require(column, name)
              + args[0]
              + " >= "
              + from.getEpochSecond()
              + " AND "
              + args[0]
              + " <= "
              + to.getEpochSecond();
      default ->
          throw new IllegalArgumentException("a Grafana macro this test does not know: $" + name);
    };
  }

  private static String require(boolean column, String name) {
    if (!column) {
      throw new IllegalArgumentException("missing time column argument for macro " + name);
    }
    return "";
  }

  static String rfc3339(Instant at) {
    String text = SECONDS.format(at);
    int nanos = at.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
      text += "." + fraction;
    }
    return text + "Z";
  }

  private static long intervalSeconds(String interval) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(interval);
    if (!m.matches()) {
      throw new IllegalArgumentException("an interval this test does not know: " + interval);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n / 1000;
      case "s" -> n;
      case "m" -> n * 60;
      case "h" -> n * 3600;
      default -> n * 86_400;
    };
  }
}
