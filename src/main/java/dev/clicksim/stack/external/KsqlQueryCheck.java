package dev.clicksim.stack.external;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges the ksqlDB query that counts the clicks as it actually runs, from what the server says of
 * it ({@code DESCRIBE table EXTENDED}, {@code EXPLAIN query}, {@code DESCRIBE} of the stream it
 * reads, {@code SHOW PROPERTIES}), against what clicksim's truth and sink assume: the statements of
 * {@code ksql/}. {@code IF NOT EXISTS} keeps a table someone made differently, and the server's
 * defaults shape even a table clicksim made, so neither is taken on trust. Pure: the caller reads
 * the server.
 */
public final class KsqlQueryCheck {

  /** How bad a finding is. */
  public enum Severity {
    /** The counts are in other windows than the truth's: always refused. */
    ERROR,
    /** A verdict or a latency will mislead, or clicks can be lost: warned, refused by --strict. */
    WARNING
  }

  /** One thing found, in one line. */
  public record Finding(Severity severity, String message) {}

  /**
   * What clicksim expects.
   *
   * @param valueFormat what clicksim sends to {@code click_events} and configures the sink to read
   */
  public record Expected(
      PipelineNames names, WindowSpec windows, KsqlStatements.ValueFormat valueFormat) {}

  /**
   * What the server said; a part it could not tell is null, and its checks are skipped (the caller
   * reports why).
   *
   * @param table {@code DESCRIBE table EXTENDED}
   * @param query {@code EXPLAIN} of the query writing the table (its properties null when only
   *     {@code SHOW QUERIES} told of it)
   * @param inputStream {@code DESCRIBE} of the stream the query reads
   * @param serverProperties {@code SHOW PROPERTIES}
   */
  public record Observed(
      KsqlDbClient.SourceDescription table,
      KsqlDbClient.QueryDescription query,
      KsqlDbClient.SourceDescription inputStream,
      Map<String, String> serverProperties) {}

  /** The value columns of {@code ksql/02-click-counts-table.sql} the sink writes to PostgreSQL. */
  static final Map<String, String> VALUE_COLUMNS =
      Map.of("ID", "STRING", "CLICK_COUNT", "BIGINT", "START_TIME", "BIGINT", "END_TIME", "BIGINT");

  private static final List<String> VALUE_COLUMN_ORDER =
      List.of("ID", "CLICK_COUNT", "START_TIME", "END_TIME");

  private static final Pattern WINDOW =
      Pattern.compile(
          "(?i)TUMBLING\\s*\\(\\s*SIZE\\s+(\\d+)\\s+(\\w+)\\s*(?:,\\s*GRACE\\s+PERIOD\\s+(\\d+)\\s+(\\w+)\\s*)?\\)");
  private static final Pattern EMIT_FINAL = Pattern.compile("(?i)\\bEMIT\\s+FINAL\\b");
  private static final String OFFSET_RESET = "auto.offset.reset";

  private KsqlQueryCheck() {}

  public static List<Finding> check(Expected expected, Observed observed) {
    List<Finding> findings = new ArrayList<>();
    String table = "ksqlDB table " + expected.names().tableName();
    String text = statementText(observed);
    boolean emitFinal = emitsFinal(observed, text);
    if (observed.table() != null) {
      checkTable(expected, observed.table(), table, queryId(observed), text, emitFinal, findings);
    } else if (WINDOW.matcher(text).find()) {
      checkWindowSize(expected, table, queryId(observed), text, emitFinal, findings);
    }
    if (emitFinal) {
      findings.add(
          warning(
              table
                  + " emits final results (EMIT FINAL): a window reaches the topic only once stream"
                  + " time passes its end plus the grace ("
                  + KsqlStatements.interval(expected.windows().grace())
                  + "), so a run's last windows stay missing until later clicks arrive and every"
                  + " count lands that much later; clicksim's truth and freshness expect EMIT"
                  + " CHANGES"));
    }
    if (observed.inputStream() != null) {
      checkInputStream(expected, observed.inputStream(), findings);
    }
    if (observed.query() != null
        && observed.query().overriddenProperties() != null
        && observed.serverProperties() != null) {
      checkOffsetReset(expected, observed, table, findings);
    }
    return findings;
  }

  private static void checkTable(
      Expected expected,
      KsqlDbClient.SourceDescription d,
      String table,
      String queryId,
      String text,
      boolean emitFinal,
      List<Finding> findings) {
    PipelineNames names = expected.names();
    if (!names.outputTopic().equals(d.topic())) {
      findings.add(
          warning(
              table
                  + " writes topic "
                  + d.topic()
                  + ", not "
                  + names.outputTopic()
                  + ", which the sink reads: no count reaches PostgreSQL"));
    }
    if (!"KAFKA".equalsIgnoreCase(d.keyFormat())) {
      findings.add(
          warning(
              table
                  + " has key format "
                  + d.keyFormat()
                  + ", not KAFKA: its keys are not ksqlDB's default windowed key (the campaign's"
                  + " UTF-8 bytes and the 8-byte window start) that the embedded stand-in writes"
                  + " and the sink was tested with"));
    }
    String windowType = d.windowType() == null ? "" : d.windowType();
    if (windowType.isEmpty()) {
      findings.add(
          warning(
              table
                  + " is not windowed: it counts each campaign's clicks since its query started,"
                  + " not per "
                  + KsqlStatements.interval(expected.windows().size())
                  + " window"));
    } else if (!"TUMBLING".equalsIgnoreCase(windowType)) {
      findings.add(
          warning(
              table
                  + " counts in "
                  + windowType.toUpperCase(Locale.ROOT)
                  + " windows, not TUMBLING ones: its windows are not the truth's, so no window"
                  + " will match"));
    } else {
      checkWindowSize(expected, table, queryId, text, emitFinal, findings);
    }
    if (!expected.valueFormat().name().equalsIgnoreCase(d.valueFormat())) {
      findings.add(
          warning(
              table
                  + " writes "
                  + d.valueFormat()
                  + " values, not "
                  + expected.valueFormat()
                  + ": clicksim configures the sink for "
                  + expected.valueFormat()
                  + " ("
                  + (expected.valueFormat() == KsqlStatements.ValueFormat.JSON_SR
                      ? "a Schema Registry is given"
                      : "no Schema Registry is given")
                  + "), so the sink fails on every record"));
    }
    for (String column : VALUE_COLUMN_ORDER) {
      String type = VALUE_COLUMNS.get(column);
      Optional<KsqlDbClient.Column> found =
          d.fields().stream()
              .filter(f -> !f.key() && f.name().equalsIgnoreCase(column))
              .findFirst();
      if (found.isEmpty()) {
        findings.add(
            warning(
                table
                    + " has no value column "
                    + column
                    + " ("
                    + type
                    + "), which the sink writes to PostgreSQL"));
      } else if (!found.get().type().equalsIgnoreCase(type)) {
        findings.add(
            warning(
                table
                    + " has "
                    + column
                    + " as "
                    + found.get().type()
                    + ", not "
                    + type
                    + " as the sink expects"));
      }
    }
  }

  /**
   * The size and grace are only in the statement's text: ksqlDB's REST model has the window's type
   * but not its size. A difference is an error rather than a silent mismatch later.
   */
  private static void checkWindowSize(
      Expected expected,
      String table,
      String queryId,
      String text,
      boolean emitFinal,
      List<Finding> findings) {
    Matcher m = WINDOW.matcher(text);
    if (!m.find()) {
      findings.add(
          warning(
              table
                  + " is TUMBLING, but its statement does not say its size and grace, so they are"
                  + " not checked"));
      return;
    }
    WindowSpec windows = expected.windows();
    Duration size = duration(m.group(1), m.group(2));
    Duration grace = m.group(3) == null ? null : duration(m.group(3), m.group(4));
    if (windows.size().equals(size) && grace != null && windows.grace().equals(grace)) {
      return;
    }
    findings.add(
        new Finding(
            Severity.ERROR,
            table
                + " already exists with "
                + KsqlStatements.interval(size)
                + " windows and "
                + (grace != null
                    ? "grace " + KsqlStatements.interval(grace)
                    : emitFinal
                        ? "EMIT FINAL's default grace (none)"
                        : "ksqlDB's default grace (24 h minus the window)")
                + ", not "
                + KsqlStatements.interval(windows.size())
                + " and grace "
                + KsqlStatements.interval(windows.grace())
                + (queryId == null ? "" : " (query " + queryId + ")")
                + "; drop the table or run with its window settings"));
  }

  private static void checkInputStream(
      Expected expected, KsqlDbClient.SourceDescription stream, List<Finding> findings) {
    String name = "ksqlDB stream " + stream.name();
    if (!expected.names().inputTopic().equals(stream.topic())) {
      findings.add(
          warning(
              "the query reads "
                  + name
                  + " over topic "
                  + stream.topic()
                  + ", not "
                  + expected.names().inputTopic()
                  + ", where clicksim sends the clicks: it counts none of them"));
    }
    KsqlStatements.ValueFormat sent = expected.valueFormat();
    if (!sent.name().equalsIgnoreCase(stream.valueFormat())) {
      findings.add(
          warning(
              name
                  + " reads "
                  + stream.valueFormat()
                  + " values, but clicksim sends "
                  + (sent == KsqlStatements.ValueFormat.JSON_SR
                      ? "JSON_SR (Schema Registry framed JSON, since a Schema Registry is given)"
                      : "plain JSON (no Schema Registry is given)")
                  + ": ksqlDB cannot deserialize them and skips every click"));
    }
  }

  /**
   * {@code auto.offset.reset} decides only where a partition without a committed offset is read
   * from: a query that committed on every partition of {@code click_events} resumes there whatever
   * it says, and one clicksim creates is created with {@code earliest}. Otherwise, should the query
   * (re)start after clicks arrived but before it committed on their partition (a server restart, a
   * rebalance, a retry after an error), {@code latest} resumes at the partition's end and those
   * clicks are never counted.
   */
  private static void checkOffsetReset(
      Expected expected, Observed observed, String table, List<Finding> findings) {
    KsqlDbClient.QueryDescription query = observed.query();
    Map<String, String> effective = new LinkedHashMap<>();
    streamsProperties(observed.serverProperties()).forEach(effective::put);
    streamsProperties(query.overriddenProperties()).forEach(effective::put);
    // Kafka Streams gives its main consumer's settings precedence over the consumer's, and those
    // over the plain one; internal topics are always read from the earliest offset.
    String key =
        List.of("main.consumer." + OFFSET_RESET, "consumer." + OFFSET_RESET, OFFSET_RESET).stream()
            .filter(effective::containsKey)
            .findFirst()
            .orElse(null);
    String value = key == null ? "latest" : effective.get(key).strip().toLowerCase(Locale.ROOT);
    if (value.equals("earliest")) {
      return;
    }
    String source =
        key == null
            ? "set nowhere, so Kafka's default"
            : streamsProperties(query.overriddenProperties()).containsKey(key)
                ? "the query's own " + key
                : "the server's ksql.streams." + key;
    String input = expected.names().inputTopic();
    Optional<List<Integer>> uncommitted = uncommittedPartitions(observed, input);
    if (uncommitted.isPresent() && uncommitted.get().isEmpty()) {
      return;
    }
    String where =
        uncommitted
            .map(
                p ->
                    p.contains(-1)
                        ? "has committed no offset on " + input
                        : "has committed no offset on partition"
                            + (p.size() == 1 ? " " : "s ")
                            + String.join(", ", p.stream().map(String::valueOf).toList())
                            + " of "
                            + input)
            .orElse(
                "may not have committed an offset on every partition of "
                    + input
                    + " (the server does not say)");
    findings.add(
        warning(
            table
                + "'s query "
                + query.id()
                + " reads "
                + input
                + " with auto.offset.reset="
                + value
                + " ("
                + source
                + ") and "
                + where
                + ": should it restart there before committing (a server restart, a rebalance, a"
                + " retry after an error), it resumes "
                + (value.equals("latest") ? "at the partition's end" : "not at its start")
                + " and the clicks sent meanwhile are never counted; drop the table and let"
                + " clicksim create it (with earliest)"));
  }

  /**
   * The partitions of {@code topic} the query has no committed offset on, from DESCRIBE EXTENDED;
   * {@code [-1]} when it committed on none (the topic is not listed), empty when the server does
   * not report offsets.
   */
  private static Optional<List<Integer>> uncommittedPartitions(Observed observed, String topic) {
    if (observed.table() == null || observed.table().queryOffsets() == null) {
      return Optional.empty();
    }
    KsqlDbClient.QueryDescription query = observed.query();
    Optional<KsqlDbClient.QueryOffsets> group =
        observed.table().queryOffsets().stream()
            .filter(
                q ->
                    query.consumerGroupId() != null
                        ? q.groupId().equals(query.consumerGroupId())
                        : q.groupId().endsWith(query.id()))
            .findFirst();
    if (group.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        group.get().topics().stream()
            .filter(t -> t.topic().equals(topic))
            .findFirst()
            .map(
                t ->
                    t.partitions().stream()
                        .filter(p -> p.consumerOffset() <= 0)
                        .map(KsqlDbClient.PartitionOffsets::partition)
                        .toList())
            .orElse(List.of(-1)));
  }

  /** Streams and consumer settings without ksqlDB's {@code ksql.streams.} prefix. */
  private static Map<String, String> streamsProperties(Map<String, String> properties) {
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (v != null && k.endsWith(OFFSET_RESET)) {
            out.put(k.startsWith("ksql.streams.") ? k.substring("ksql.streams.".length()) : k, v);
          }
        });
    return out;
  }

  private static String queryId(Observed observed) {
    if (observed.query() != null) {
      return observed.query().id();
    }
    List<String> writers = observed.table() == null ? List.of() : observed.table().writeQueryIds();
    return writers.isEmpty() ? null : writers.get(0);
  }

  /** The table's statement as ksqlDB stored it, else the query's. */
  private static String statementText(Observed observed) {
    if (observed.table() != null && !observed.table().statement().isBlank()) {
      return observed.table().statement();
    }
    return observed.query() == null ? "" : observed.query().statementText();
  }

  /** EMIT FINAL as written, or the suppression step it plans ({@code [ SUPPRESS ]}). */
  private static boolean emitsFinal(Observed observed, String text) {
    return EMIT_FINAL.matcher(text).find()
        || (observed.query() != null && observed.query().executionPlan().contains("[ SUPPRESS ]"));
  }

  private static Finding warning(String message) {
    return new Finding(Severity.WARNING, message);
  }

  static Duration duration(String amount, String unit) {
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
              ClicksimFailure.Kind.INVALID_INPUT, "unknown ksqlDB time unit " + unit);
    };
  }
}
