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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The windowed count run by a ksqlDB server: the statements of {@code ksql/} sent with {@code IF
 * NOT EXISTS}, then a wait until the persistent query behind the table is RUNNING. With {@code
 * JSON_SR} the click schema is registered first, so that ksqlDB finds {@code click_events-value}
 * present instead of registering a schema of its own. Then the running query is read back and
 * judged ({@link KsqlQueryCheck}): a table that existed keeps the statement it was made with, and
 * the server's defaults shape even one clicksim made.
 */
public final class KsqlDbAggregation implements Aggregation {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(120);

  private final KsqlDbClient ksql;
  private final SchemaRegistryClient registry;
  private final KsqlStatements statements;
  private final PipelineNames names;
  private final WindowSpec windows;
  private final KsqlStatements.ValueFormat format;
  private final Map<String, String> streamsProperties;
  private volatile List<String> findings = List.of();

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
    plan.add(
        "   then read what runs (DESCRIBE "
            + names.tableName()
            + " EXTENDED, EXPLAIN its query, DESCRIBE the stream it reads, SHOW PROPERTIES) and");
    plan.add(
        "     refuse windows other than "
            + KsqlStatements.interval(windows.size())
            + " with grace "
            + KsqlStatements.interval(windows.grace())
            + ";");
    plan.add(
        "     warn (refuse with --strict) about a key format other than KAFKA, windows other than"
            + " TUMBLING, EMIT FINAL,");
    plan.add(
        "     value formats other than "
            + format
            + ", other topics than "
            + names.inputTopic()
            + " and "
            + names.outputTopic()
            + ", missing value columns,");
    plan.add(
        "     auto.offset.reset other than earliest on a partition of "
            + names.inputTopic()
            + " the query has no committed offset on");
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
    List<String> warnings = new ArrayList<>();
    for (KsqlQueryCheck.Finding f : check(query)) {
      if (f.severity() == KsqlQueryCheck.Severity.ERROR) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, f.message());
      }
      warnings.add(f.message());
    }
    findings = List.copyOf(warnings);
    details.add("query " + query.id() + " RUNNING");
    details.add(
        KsqlStatements.interval(windows.size())
            + " windows, grace "
            + KsqlStatements.interval(windows.grace()));
    details.add(
        warnings.isEmpty()
            ? "checked as expected"
            : warnings.size() + (warnings.size() == 1 ? " finding" : " findings") + " (warnings)");
    String what = "ksqlDB table " + names.tableName();
    String detail = String.join(", ", details);
    return created ? ProvisionStep.created(what, detail) : ProvisionStep.unchanged(what, detail);
  }

  /**
   * What the last {@link #ensureRunning()} found about the running query that could mislead a
   * verdict or lose clicks, one line each; empty before it ran.
   */
  public List<String> findings() {
    return findings;
  }

  /**
   * Reads the running query from the server and judges it. A part the server will not tell (an
   * older server, a user without the right to EXPLAIN) is a finding itself: it was not checked.
   */
  private List<KsqlQueryCheck.Finding> check(KsqlDbClient.RunningQuery running) {
    List<KsqlQueryCheck.Finding> unread = new ArrayList<>();
    KsqlDbClient.SourceDescription table =
        read(
            "DESCRIBE " + names.tableName() + " EXTENDED",
            () -> ksql.describeExtended(names.tableName()),
            unread);
    KsqlDbClient.QueryDescription query =
        read("EXPLAIN " + running.id(), () -> Optional.of(ksql.explain(running.id())), unread);
    String streamName =
        query != null && query.sources().size() == 1 ? query.sources().get(0) : names.streamName();
    KsqlDbClient.SourceDescription stream =
        read("DESCRIBE " + streamName, () -> ksql.describe(streamName), unread);
    Map<String, String> server =
        read("SHOW PROPERTIES", () -> Optional.of(ksql.properties()), unread);
    if (query == null) {
      // SHOW QUERIES still tells the query's text, and so its window; not its properties.
      query =
          new KsqlDbClient.QueryDescription(
              running.id(),
              running.queryString(),
              null,
              List.of(),
              running.sinks(),
              "",
              null,
              running.state(),
              null);
    }
    List<KsqlQueryCheck.Finding> findings = new ArrayList<>(unread);
    findings.addAll(
        KsqlQueryCheck.check(
            new KsqlQueryCheck.Expected(names, windows, format),
            new KsqlQueryCheck.Observed(table, query, stream, server)));
    return findings;
  }

  /** The answer to {@code what}, or null with a finding saying why there is none. */
  private static <T> T read(
      String what, Supplier<Optional<T>> request, List<KsqlQueryCheck.Finding> unread) {
    String reason;
    try {
      Optional<T> answer = request.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      reason = "ksqlDB has no such source";
    } catch (ClicksimFailure e) {
      if (e.kind() == ClicksimFailure.Kind.INTERRUPTED) {
        throw e;
      }
      reason = e.getMessage();
    }
    unread.add(
        new KsqlQueryCheck.Finding(
            KsqlQueryCheck.Severity.WARNING,
            "could not read the running query with "
                + what
                + ", so what it tells was not checked: "
                + reason));
    return null;
  }
}
