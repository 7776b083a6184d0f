package dev.clicksim.stack.external;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.http.RestClient;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.wait.BoundedWait;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The calls of ksqlDB's REST API that provisioning needs: {@code POST /ksql} with each command's
 * status checked and {@code GET /status/{commandId}} polled until SUCCESS, {@code SHOW QUERIES} to
 * wait for the persistent query behind a table to run, {@code DESCRIBE ... EXTENDED}, {@code
 * EXPLAIN} and {@code SHOW PROPERTIES} to read what that query is, {@code GET /info} for the
 * server's version.
 *
 * <p>Hand-written over {@code java.net.http}: Confluent's ksqlDB Java client ({@code
 * io.confluent.ksql:ksqldb-api-client}) is published only to Confluent's own repository, not to
 * Maven Central, and this is all clicksim needs of it.
 */
public final class KsqlDbClient {

  /** ksqlDB's versioned content type; the server also accepts {@code application/json}. */
  static final String CONTENT_TYPE = "application/vnd.ksql.v1+json";

  private static final Set<String> PENDING = Set.of("QUEUED", "PARSING", "EXECUTING");

  private final RestClient rest;
  private final BoundedWait wait = BoundedWait.system();
  private final Duration pollInterval;
  private final Duration commandTimeout;

  /**
   * {@code GET /info}: {@code KsqlServerInfo.version}, {@code kafkaClusterId}, {@code
   * ksqlServiceId}.
   */
  public record ServerInfo(String version, String kafkaClusterId, String ksqlServiceId) {}

  /** {@code GET /status/{commandId}}. */
  public record CommandStatus(String status, String message) {}

  /**
   * What one statement of a {@code POST /ksql} did, after its command finished.
   *
   * @param type the entity's {@code @type}: {@code currentStatus} for a command, {@code
   *     warning_entity} when {@code IF NOT EXISTS} found the source already there
   * @param status the command's final status (SUCCESS), or null for entities that are not commands
   * @param queryId the persistent query a CREATE ... AS SELECT started, when the server says
   */
  public record StatementResult(
      String statementText,
      String type,
      String commandId,
      String status,
      String message,
      String queryId) {

    /**
     * True when the statement created nothing because the source existed ({@code IF NOT EXISTS}).
     */
    public boolean alreadyExisted() {
      return "warning_entity".equals(type) && message != null && message.contains("already exists");
    }
  }

  /**
   * One entry of {@code SHOW QUERIES}: {@code id}, {@code queryType}, {@code state}, {@code
   * statusCount}, {@code sinks}.
   */
  public record RunningQuery(
      String id,
      String queryType,
      String state,
      Map<String, Integer> statusCount,
      List<String> sinks,
      List<String> sinkKafkaTopics,
      String queryString) {

    /**
     * RUNNING on every server that runs it: {@code state}, or else every count in {@code
     * statusCount}.
     */
    public boolean isRunning() {
      if (state != null && !state.isEmpty()) {
        return "RUNNING".equalsIgnoreCase(state);
      }
      return !statusCount.isEmpty()
          && statusCount.keySet().stream().allMatch("RUNNING"::equalsIgnoreCase);
    }

    public boolean writesTo(String source) {
      return sinks.stream()
          .anyMatch(s -> s.equalsIgnoreCase(source) || s.equalsIgnoreCase("`" + source + "`"));
    }

    String describeState() {
      return state != null && !state.isEmpty() ? state : statusCount.toString();
    }
  }

  /**
   * {@code DESCRIBE} (and {@code DESCRIBE ... EXTENDED}): ksqlDB's {@code SourceDescription}.
   *
   * @param fields the columns, the key's marked
   * @param statement the statement that made the source, as ksqlDB stored it (reformatted: {@code
   *     WINDOW TUMBLING ( SIZE 2 MINUTES , GRACE PERIOD 1 MINUTES )}); empty if not reported
   * @param queryOffsets with {@code EXTENDED}: the committed offsets of each query writing the
   *     source; null when the server reports none (not extended, or a server before 0.15)
   */
  public record SourceDescription(
      String name,
      String type,
      String topic,
      String keyFormat,
      String valueFormat,
      String windowType,
      List<String> writeQueryIds,
      List<Column> fields,
      String statement,
      List<QueryOffsets> queryOffsets) {}

  /**
   * A column of a source: its name, its SQL type ({@code STRING}, {@code BIGINT}, ...), key or not.
   */
  public record Column(String name, String type, boolean key) {}

  /**
   * {@code queryOffsetSummaries[i]} of {@code DESCRIBE ... EXTENDED}: a query's consumer group and,
   * per topic it has committed offsets on, each partition. A topic it committed nothing on is not
   * listed.
   */
  public record QueryOffsets(String groupId, List<TopicOffsets> topics) {}

  public record TopicOffsets(String topic, List<PartitionOffsets> partitions) {}

  /** ksqlDB reports a partition without a committed offset with {@code consumerOffset} 0. */
  public record PartitionOffsets(
      int partition, long logStartOffset, long logEndOffset, long consumerOffset) {}

  /**
   * {@code EXPLAIN queryId}: ksqlDB's {@code QueryDescription}.
   *
   * @param overriddenProperties the properties the query was created with (the {@code
   *     streamsProperties} of the request, or the CLI's {@code SET}s), as strings; null when not
   *     known
   * @param consumerGroupId the query's application id, which is its consumer group; null on servers
   *     that do not say
   */
  public record QueryDescription(
      String id,
      String statementText,
      String windowType,
      List<String> sources,
      List<String> sinks,
      String executionPlan,
      Map<String, String> overriddenProperties,
      String state,
      String consumerGroupId) {}

  public KsqlDbClient(URI baseUrl) {
    this(baseUrl, null, null);
  }

  /**
   * With basic auth when {@code user} is not empty; the password is only ever sent in the header.
   */
  public KsqlDbClient(URI baseUrl, String user, Secret password) {
    this(baseUrl, user, password, Duration.ofMillis(250), Duration.ofSeconds(60));
  }

  public KsqlDbClient(ServiceEndpoint endpoint) {
    this(endpoint.url(), endpoint.user(), endpoint.password());
  }

  KsqlDbClient(
      URI baseUrl, String user, Secret password, Duration pollInterval, Duration commandTimeout) {
    this.rest = new RestClient("ksqlDB", baseUrl, user, password, Duration.ofSeconds(60));
    this.pollInterval = pollInterval;
    this.commandTimeout = commandTimeout;
  }

  public URI baseUrl() {
    return rest.baseUrl();
  }

  /**
   * The server's version and Kafka cluster; doubles as a health check (a server that is starting
   * answers 503).
   */
  public ServerInfo info() {
    RestClient.Reply reply = rest.get("/info", CONTENT_TYPE);
    if (reply.status() != 200 || !reply.body().has("KsqlServerInfo")) {
      throw rest.unexpected(reply, "GET /info");
    }
    JsonNode info = reply.body().get("KsqlServerInfo");
    return new ServerInfo(
        info.path("version").asText(null),
        info.path("kafkaClusterId").asText(null),
        info.path("ksqlServiceId").asText(null));
  }

  /**
   * Runs the statements ({@code POST /ksql}) and waits until each one's command is SUCCESS, polling
   * {@code /status/{commandId}} while it is QUEUED, PARSING or EXECUTING.
   *
   * @throws ClicksimFailure INVALID_INPUT when ksqlDB rejects a statement or its command ends in
   *     ERROR, INFRASTRUCTURE when the server fails or a command does not finish within the command
   *     timeout
   */
  public List<StatementResult> execute(String ksql, Map<String, String> streamsProperties) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ksql", ksql);
    body.put("streamsProperties", streamsProperties);
    RestClient.Reply reply = rest.post("/ksql", body, CONTENT_TYPE);
    if (reply.status() != 200 || !reply.body().isArray()) {
      throw statementError(reply, ksql);
    }
    List<StatementResult> results = new ArrayList<>();
    for (JsonNode entity : reply.body()) {
      results.add(awaitCommand(toResult(entity)));
    }
    return results;
  }

  public CommandStatus commandStatus(String commandId) {
    RestClient.Reply reply = rest.get("/status/" + encodeCommandId(commandId), CONTENT_TYPE);
    if (reply.status() != 200) {
      throw rest.unexpected(reply, "GET /status/" + commandId);
    }
    return new CommandStatus(
        reply.body().path("status").asText(""), reply.body().path("message").asText(""));
  }

  /** {@code SHOW QUERIES}: the queries running on the cluster. */
  public List<RunningQuery> queries() {
    JsonNode entity = single("SHOW QUERIES;", "queries");
    List<RunningQuery> queries = new ArrayList<>();
    for (JsonNode q : entity.path("queries")) {
      queries.add(runningQuery(q));
    }
    return queries;
  }

  /** {@code DESCRIBE source}; empty when ksqlDB has no such stream or table. */
  public Optional<SourceDescription> describe(String source) {
    return describe(source, false);
  }

  /**
   * {@code DESCRIBE source EXTENDED}: with the committed offsets of the queries writing it; empty
   * when ksqlDB has no such stream or table.
   */
  public Optional<SourceDescription> describeExtended(String source) {
    return describe(source, true);
  }

  private Optional<SourceDescription> describe(String source, boolean extended) {
    String statement = "DESCRIBE " + source + (extended ? " EXTENDED" : "") + ";";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ksql", statement);
    body.put("streamsProperties", Map.of());
    RestClient.Reply reply = rest.post("/ksql", body, CONTENT_TYPE);
    if (reply.status() == 400
        && reply.body().path("message").asText("").contains("Could not find")) {
      return Optional.empty();
    }
    return Optional.of(
        sourceDescription(entity(reply, statement, "sourceDescription").path("sourceDescription")));
  }

  /** {@code EXPLAIN queryId}: what the query runs and the properties it was created with. */
  public QueryDescription explain(String queryId) {
    return queryDescription(single("EXPLAIN " + queryId + ";", "queryDescription"));
  }

  /**
   * {@code SHOW PROPERTIES}: the server's properties as a request without overrides sees them,
   * {@code ksql.streams.*} among them where the server sets them.
   */
  public Map<String, String> properties() {
    return properties(single("SHOW PROPERTIES;", "properties"));
  }

  static SourceDescription sourceDescription(JsonNode d) {
    List<String> writers = new ArrayList<>();
    d.path("writeQueries").forEach(q -> writers.add(q.path("id").asText()));
    List<Column> fields = new ArrayList<>();
    for (JsonNode f : d.path("fields")) {
      String kind = f.hasNonNull("type") ? f.get("type").asText() : f.path("fieldType").asText("");
      fields.add(
          new Column(
              f.path("name").asText(),
              f.path("schema").path("type").asText(""),
              "KEY".equalsIgnoreCase(kind)));
    }
    List<QueryOffsets> offsets = null;
    if (d.path("queryOffsetSummaries").isArray()) {
      offsets = new ArrayList<>();
      for (JsonNode q : d.get("queryOffsetSummaries")) {
        List<TopicOffsets> topics = new ArrayList<>();
        for (JsonNode t : q.path("topicSummaries")) {
          List<PartitionOffsets> partitions = new ArrayList<>();
          for (JsonNode o : t.path("offsets")) {
            partitions.add(
                new PartitionOffsets(
                    o.path("partition").asInt(),
                    o.path("logStartOffset").asLong(),
                    o.path("logEndOffset").asLong(),
                    o.path("consumerOffset").asLong()));
          }
          topics.add(new TopicOffsets(t.path("kafkaTopic").asText(), partitions));
        }
        offsets.add(new QueryOffsets(q.path("groupId").asText(), topics));
      }
    }
    // Servers before 0.10 had one "format" for the value and no key format.
    String valueFormat =
        d.hasNonNull("valueFormat") ? d.get("valueFormat").asText() : d.path("format").asText(null);
    return new SourceDescription(
        d.path("name").asText(),
        d.path("type").asText(),
        d.path("topic").asText(),
        d.path("keyFormat").asText(null),
        valueFormat,
        d.path("windowType").asText(null),
        writers,
        fields,
        d.path("statement").asText(""),
        offsets);
  }

  static QueryDescription queryDescription(JsonNode entity) {
    JsonNode q = entity.path("queryDescription");
    List<String> sources = new ArrayList<>();
    q.path("sources").forEach(s -> sources.add(s.asText()));
    List<String> sinks = new ArrayList<>();
    q.path("sinks").forEach(s -> sinks.add(s.asText()));
    Map<String, String> overridden = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : q.path("overriddenProperties").properties()) {
      overridden.put(e.getKey(), e.getValue().asText());
    }
    return new QueryDescription(
        q.path("id").asText(),
        q.path("statementText").asText(""),
        q.path("windowType").asText(null),
        sources,
        sinks,
        q.path("executionPlan").asText(""),
        overridden,
        q.path("state").asText(null),
        q.path("consumerGroupId").asText(null));
  }

  /**
   * The {@code properties} of a {@code SHOW PROPERTIES} entity: a list of {@code name}/{@code
   * value} objects ({@code PropertiesList}); the documentation's older map of names to values is
   * read too.
   */
  static Map<String, String> properties(JsonNode entity) {
    Map<String, String> properties = new LinkedHashMap<>();
    JsonNode list = entity.path("properties");
    if (list.isArray()) {
      for (JsonNode p : list) {
        properties.put(p.path("name").asText(), p.path("value").asText(null));
      }
    } else {
      for (Map.Entry<String, JsonNode> e : list.properties()) {
        properties.put(e.getKey(), e.getValue().asText(null));
      }
    }
    return properties;
  }

  /**
   * Waits until the persistent query writing {@code sinkName} is RUNNING. A query in ERROR is
   * waited on too (ksqlDB retries it, for example while a topic is missing) and named with its
   * state when the time is up.
   */
  public RunningQuery awaitQueryRunning(String sinkName, Duration timeout) {
    RunningQuery[] last = {null};
    return wait.until(
        timeout,
        pollInterval,
        () -> {
          Optional<RunningQuery> query =
              queries().stream()
                  .filter(q -> q.writesTo(sinkName))
                  .filter(
                      q ->
                          q.queryType() == null
                              || q.queryType().isEmpty()
                              || "PERSISTENT".equalsIgnoreCase(q.queryType()))
                  .findFirst();
          last[0] = query.orElse(null);
          return query.filter(RunningQuery::isRunning);
        },
        () ->
            new ClicksimFailure(
                ClicksimFailure.Kind.INFRASTRUCTURE,
                rest.name()
                    + ": "
                    + Optional.ofNullable(last[0])
                        .map(
                            q ->
                                "query "
                                    + q.id()
                                    + " writing "
                                    + sinkName
                                    + " not RUNNING after "
                                    + timeout.toSeconds()
                                    + " s (state "
                                    + q.describeState()
                                    + ")")
                        .orElse(
                            "no persistent query writes "
                                + sinkName
                                + " after "
                                + timeout.toSeconds()
                                + " s")));
  }

  private JsonNode single(String statement, String type) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ksql", statement);
    body.put("streamsProperties", Map.of());
    return entity(rest.post("/ksql", body, CONTENT_TYPE), statement, type);
  }

  /** The one entity of a statement's answer, which must be of {@code type}. */
  private JsonNode entity(RestClient.Reply reply, String statement, String type) {
    if (reply.status() != 200 || !reply.body().isArray() || reply.body().isEmpty()) {
      throw statementError(reply, statement);
    }
    JsonNode entity = reply.body().get(0);
    if (!type.equals(entity.path("@type").asText())) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          rest.name()
              + " answered "
              + statement
              + " with "
              + entity.path("@type").asText("an entity without @type")
              + " instead of "
              + type);
    }
    return entity;
  }

  private StatementResult toResult(JsonNode entity) {
    String type = entity.path("@type").asText("");
    String text = entity.path("statementText").asText("");
    if (type.endsWith("_error")) {
      ClicksimFailure.Kind code =
          type.startsWith("kafka")
              ? ClicksimFailure.Kind.INFRASTRUCTURE
              : ClicksimFailure.Kind.INVALID_INPUT;
      throw new ClicksimFailure(
          code,
          rest.name()
              + " failed "
              + shortStatement(text)
              + ": "
              + RestClient.firstLine(entity.path("message").asText())
              + errorCode(entity));
    }
    JsonNode status = entity.path("commandStatus");
    String message =
        status.isMissingNode()
            ? entity.path("message").asText(null)
            : status.path("message").asText(null);
    String queryId = status.hasNonNull("queryId") ? status.get("queryId").asText() : null;
    return new StatementResult(
        text,
        type,
        entity.path("commandId").asText(null),
        status.isMissingNode() ? null : status.path("status").asText(""),
        message,
        queryId);
  }

  private StatementResult awaitCommand(StatementResult result) {
    if (result.status() == null) {
      return result;
    }
    CommandStatus done = new CommandStatus(result.status(), result.message());
    if (PENDING.contains(done.status())) {
      if (result.commandId() == null) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            rest.name()
                + " left "
                + shortStatement(result.statementText())
                + " "
                + done.status()
                + " without a commandId to follow");
      }
      CommandStatus[] last = {done};
      done =
          wait.until(
              commandTimeout,
              pollInterval,
              () -> {
                last[0] = commandStatus(result.commandId());
                return PENDING.contains(last[0].status()) ? Optional.empty() : Optional.of(last[0]);
              },
              () ->
                  new ClicksimFailure(
                      ClicksimFailure.Kind.INFRASTRUCTURE,
                      rest.name()
                          + ": command "
                          + result.commandId()
                          + " still "
                          + last[0].status()
                          + " after "
                          + commandTimeout.toSeconds()
                          + " s"));
    }
    if (!"SUCCESS".equals(done.status())) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          rest.name()
              + ": "
              + shortStatement(result.statementText())
              + " ended "
              + done.status()
              + ": "
              + RestClient.firstLine(done.message()));
    }
    return new StatementResult(
        result.statementText(),
        result.type(),
        result.commandId(),
        done.status(),
        done.message(),
        result.queryId());
  }

  private static RunningQuery runningQuery(JsonNode q) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    q.path("statusCount")
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
    List<String> sinks = new ArrayList<>();
    q.path("sinks").forEach(s -> sinks.add(s.asText()));
    List<String> topics = new ArrayList<>();
    q.path("sinkKafkaTopics").forEach(s -> topics.add(s.asText()));
    return new RunningQuery(
        q.path("id").asText(),
        q.path("queryType").asText(null),
        q.path("state").asText(null),
        counts,
        sinks,
        topics,
        q.path("queryString").asText(""));
  }

  /**
   * A 4xx from {@code /ksql} is the statement's fault (INVALID_INPUT); a 5xx or garbage is the
   * server's.
   */
  private ClicksimFailure statementError(RestClient.Reply reply, String ksql) {
    JsonNode body = reply.body();
    String failed = body.hasNonNull("statementText") ? body.get("statementText").asText() : ksql;
    if (reply.status() >= 400 && reply.status() < 500 && body.has("message")) {
      return new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          rest.name() + " rejected " + shortStatement(failed) + ": " + RestClient.errorText(reply));
    }
    return rest.unexpected(reply, "POST /ksql " + shortStatement(failed));
  }

  private static String errorCode(JsonNode entity) {
    return entity.hasNonNull("error_code")
        ? " (error_code " + entity.get("error_code").asText() + ")"
        : "";
  }

  /**
   * The statement's first words, enough to name it in a one-line error: "CREATE TABLE IF NOT EXISTS
   * click_counts_table".
   */
  static String shortStatement(String ksql) {
    String flat =
        ksql == null ? "" : ksql.replaceAll("--[^\n]*", " ").replaceAll("\\s+", " ").strip();
    int end = flat.length();
    for (String stop : new String[] {" WITH", " AS SELECT", " (", ";"}) {
      int at = flat.toUpperCase(Locale.ROOT).indexOf(stop);
      if (at > 0) {
        end = Math.min(end, at);
      }
    }
    String head = flat.substring(0, end);
    return head.length() > 80 ? head.substring(0, 77) + "..." : head;
  }

  /**
   * Command ids look like {@code table/`CLICK_COUNTS_TABLE`/create}: keep the slashes, encode the
   * rest.
   */
  static String encodeCommandId(String commandId) {
    StringBuilder sb = new StringBuilder();
    for (String part : commandId.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(RestClient.pathSegment(part));
    }
    return sb.toString();
  }
}
