package dev.clicksim.stack.external;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.pipeline.StreamsSettings;
import dev.clicksim.stack.Aggregation;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.window.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The windowed count run by a ksqlDB server: the statements of {@code ksql/} sent with {@code IF
 * NOT EXISTS}, then a wait until the persistent query behind the table is RUNNING. With {@code
 * JSON_SR} the click schema is registered first, so that ksqlDB finds {@code click_events-value}
 * present instead of registering a schema of its own.
 */
public final class KsqlDbAggregation implements Aggregation {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern WINDOW_IN_QUERY =
      Pattern.compile(
          "(?i)TUMBLING\\s*\\(\\s*SIZE\\s+(\\d+)\\s+(\\w+)\\s*(?:,\\s*GRACE\\s+PERIOD\\s+(\\d+)\\s+(\\w+)\\s*)?\\)");

  private final KsqlDbClient ksql;
  private final SchemaRegistryClient registry;
  private final KsqlStatements statements;
  private final PipelineNames names;
  private final WindowSpec windows;
  private final KsqlStatements.ValueFormat format;
  private final Map<String, String> streamsProperties;

  /**
   * @param registry the Schema Registry for {@code JSON_SR}; null with {@code JSON}
   * @param settings commit interval and cache of the query; ksqlDB's own defaults are {@link
   *     EngineProfile#ksqldb}
   */
  public KsqlDbAggregation(
      KsqlDbClient ksql,
      SchemaRegistryClient registry,
      KsqlStatements statements,
      PipelineNames names,
      WindowSpec windows,
      KsqlStatements.ValueFormat format,
      StreamsSettings settings) {
    if (format == KsqlStatements.ValueFormat.JSON_SR && registry == null) {
      throw new IllegalArgumentException("value format JSON_SR needs a Schema Registry");
    }
    this.ksql = ksql;
    this.registry = registry;
    this.statements = statements;
    this.names = names;
    this.windows = windows;
    this.format = format;
    this.streamsProperties = streamsProperties(settings);
  }

  /**
   * Per-request properties of the statements: read the input from its start, the processing
   * guarantee, and those of commit, cache and linger that differ from a ksqlDB server's defaults
   * (the {@code ksqldb} engine profile leaves the server's own settings).
   */
  static Map<String, String> streamsProperties(StreamsSettings settings) {
    StreamsSettings server = EngineProfile.ksqldb.settings();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ksql.streams.auto.offset.reset", "earliest");
    if (settings.commitIntervalMs() != server.commitIntervalMs()) {
      p.put("ksql.streams.commit.interval.ms", Long.toString(settings.commitIntervalMs()));
    }
    if (settings.cacheMaxBytes() != server.cacheMaxBytes()) {
      p.put("ksql.streams.cache.max.bytes.buffering", Long.toString(settings.cacheMaxBytes()));
    }
    if (settings.producerLingerMs() != server.producerLingerMs()) {
      p.put("ksql.streams.producer.linger.ms", Integer.toString(settings.producerLingerMs()));
    }
    p.put("ksql.streams.processing.guarantee", settings.processingGuarantee());
    return p;
  }

  @Override
  public WindowSpec windows() {
    return windows;
  }

  /** The statements this sends, in order. */
  public List<String> plannedStatements() {
    return statements.render(format, windows);
  }

  @Override
  public List<String> plan() {
    List<String> plan = new ArrayList<>();
    if (format == KsqlStatements.ValueFormat.JSON_SR) {
      plan.add(
          "Schema Registry at "
              + registry.baseUrl()
              + ": register the click schema (JSON) under "
              + ClickEventSchema.subject(names.inputTopic()));
    }
    plan.add(
        "ksqlDB at " + ksql.baseUrl() + ": run, and wait for the table's query to be RUNNING:");
    for (String statement : plannedStatements()) {
      statement.lines().forEach(l -> plan.add("     " + l));
    }
    return plan;
  }

  @Override
  public ProvisionStep ensureRunning() {
    List<String> details = new ArrayList<>();
    if (format == KsqlStatements.ValueFormat.JSON_SR) {
      String subject = ClickEventSchema.subject(names.inputTopic());
      int id = registry.registerJsonSchema(subject, ClickEventSchema.JSON);
      details.add(subject + " schema id " + id);
    }
    boolean created = false;
    for (String statement : plannedStatements()) {
      for (KsqlDbClient.StatementResult r : ksql.execute(statement, streamsProperties)) {
        created |= !r.alreadyExisted();
      }
    }
    KsqlDbClient.RunningQuery query = ksql.awaitQueryRunning(names.tableName(), QUERY_TIMEOUT);
    checkWindows(query);
    details.add("query " + query.id() + " RUNNING");
    details.add(
        KsqlStatements.interval(windows.size())
            + " windows, grace "
            + KsqlStatements.interval(windows.grace()));
    String what = "ksqlDB table " + names.tableName();
    String detail = String.join(", ", details);
    return created ? ProvisionStep.created(what, detail) : ProvisionStep.unchanged(what, detail);
  }

  /**
   * A table that existed before may count in other windows than the truth assumes: {@code IF NOT
   * EXISTS} kept it as it was. Its query's text says which; a difference is an error rather than a
   * silent mismatch later.
   */
  private void checkWindows(KsqlDbClient.RunningQuery query) {
    Matcher m = WINDOW_IN_QUERY.matcher(query.queryString());
    if (!m.find()) {
      return;
    }
    Duration size = duration(m.group(1), m.group(2));
    Duration grace = m.group(3) == null ? null : duration(m.group(3), m.group(4));
    if (!windows.size().equals(size) || grace == null || !windows.grace().equals(grace)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "ksqlDB table "
              + names.tableName()
              + " already exists with "
              + KsqlStatements.interval(size)
              + " windows and "
              + (grace == null
                  ? "ksqlDB's default grace (24 h minus the window)"
                  : "grace " + KsqlStatements.interval(grace))
              + ", not "
              + KsqlStatements.interval(windows.size())
              + " and grace "
              + KsqlStatements.interval(windows.grace())
              + " (query "
              + query.id()
              + "); drop the table or run with its window settings");
    }
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
