package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import dev.clicksim.stack.external.ExternalEndpoints;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where an external pipeline is: options, else a properties file, else a profile. In the properties
 * file, keys under {@code clicksim.} are clicksim's; every other key is a Kafka client setting
 * (SASL, TLS) passed to every Kafka client.
 */
public final class ExternalOptions {

  /** Ready-made endpoints. */
  enum Profile {
    /** The docker-compose.yml stack on this host. */
    compose
  }

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Ready-made endpoints: compose (the docker-compose.yml stack on this host).")
  Profile profile;

  @Option(
      names = "--properties",
      paramLabel = "FILE",
      description = "Endpoints (clicksim.*) and Kafka client settings (anything else).")
  Path propertiesFile;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--ksqldb-url",
      paramLabel = "URL",
      description = "ksqlDB server's REST API; without it the windowed count must already run.")
  URI ksqlDbUrl;

  @Option(
      names = "--ksqldb-user",
      paramLabel = "USER",
      description = "ksqlDB's basic-auth user (or clicksim.ksqldb.user).")
  String ksqlDbUser;

  @Option(
      names = "--ksqldb-password-file",
      paramLabel = "FILE",
      description = "File holding ksqlDB's password; else clicksim.ksqldb.password.")
  Path ksqlDbPasswordFile;

  @Option(names = "--connect-url", paramLabel = "URL", description = "Kafka Connect's REST API.")
  URI connectUrl;

  @Option(
      names = "--connect-user",
      paramLabel = "USER",
      description = "Kafka Connect's basic-auth user (or clicksim.connect.user).")
  String connectUser;

  @Option(
      names = "--connect-password-file",
      paramLabel = "FILE",
      description = "File holding Kafka Connect's password; else clicksim.connect.password.")
  Path connectPasswordFile;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description = "Schema Registry: clicks are then sent as JSON Schema (JSON_SR).")
  URI schemaRegistryUrl;

  @Option(
      names = "--schema-registry-user",
      paramLabel = "USER",
      description = "Schema Registry's basic-auth user (or clicksim.schema-registry.user).")
  String schemaRegistryUser;

  @Option(
      names = "--schema-registry-password-file",
      paramLabel = "FILE",
      description =
          "File holding Schema Registry's password; else clicksim.schema-registry.password.")
  Path schemaRegistryPasswordFile;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL as clicksim reaches it, e.g. jdbc:postgresql://db:5432/db_metrics.")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (default: user_metrics).")
  String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description =
          "File holding the database password; else CLICKSIM_DB_PASSWORD, else clicksim.jdbc.password, else the profile's.")
  Path dbPasswordFile;

  @Option(
      names = "--sink-jdbc-url",
      paramLabel = "URL",
      description =
          "PostgreSQL as the Connect workers reach it, for the sink's configuration (default: --jdbc-url).")
  String sinkJdbcUrl;

  @Option(
      names = "--sink-db-password-ref",
      paramLabel = "REF",
      // $${ keeps picocli from resolving ${env:...} itself, which would print the password.
      description =
          "The database password as the Connect workers get it: a config provider reference such as"
              + " '$${file:/etc/secrets/db.properties:password}' (or clicksim.sink.jdbc.password-ref),"
              + " for which the workers need the matching provider in config.providers."
              + " Default: the password's value, then readable through Connect's REST API"
              + " (--profile compose: $${env:POSTGRES_PASSWORD}).")
  String sinkDbPasswordReference;

  @Option(
      names = "--sink-schema-registry-url",
      paramLabel = "URL",
      description =
          "Schema Registry as the Connect workers reach it (default: --schema-registry-url).")
  URI sinkSchemaRegistryUrl;

  /** The compose stack of docker-compose.yml, seen from this host and from inside its network. */
  private static Map<String, String> profile(Profile profile) {
    if (profile == null) {
      return Map.of();
    }
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", "127.0.0.1:9092");
    p.put("clicksim.ksqldb.url", "http://127.0.0.1:8088");
    p.put("clicksim.connect.url", "http://127.0.0.1:8083");
    p.put("clicksim.schema-registry.url", "http://127.0.0.1:8081");
    p.put("clicksim.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/db_metrics");
    p.put("clicksim.jdbc.user", "user_metrics");
    // The compose file's default (POSTGRES_PASSWORD); set CLICKSIM_DB_PASSWORD when you change it
    // there.
    p.put("clicksim.jdbc.password", "password_metrics");
    p.put("clicksim.sink.jdbc.url", "jdbc:postgresql://postgres:5432/db_metrics");
    // docker-compose.yml gives the Connect container the password in this variable, with an
    // EnvVarConfigProvider named env.
    p.put("clicksim.sink.jdbc.password-ref", "${env:POSTGRES_PASSWORD}");
    p.put("clicksim.sink.schema-registry.url", "http://schema-registry:8081");
    return p;
  }

  private Map<String, String> fileProperties() {
    if (propertiesFile == null) {
      return Map.of();
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(propertiesFile)) {
      props.load(in);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "--properties: cannot read " + propertiesFile + ": " + why(e),
          e);
    }
    Map<String, String> m = new HashMap<>();
    props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
    return m;
  }

  boolean anyDatabaseGiven() {
    return jdbcUrl != null;
  }

  /** Every endpoint resolved; a missing one that is required is named in one line. */
  ExternalEndpoints resolve(boolean needKafka) {
    Map<String, String> merged = new HashMap<>(profile(profile));
    merged.putAll(fileProperties());
    put(merged, "bootstrap.servers", bootstrapServers);
    put(merged, "clicksim.ksqldb.url", ksqlDbUrl);
    put(merged, "clicksim.ksqldb.user", ksqlDbUser);
    put(merged, "clicksim.connect.url", connectUrl);
    put(merged, "clicksim.connect.user", connectUser);
    put(merged, "clicksim.schema-registry.url", schemaRegistryUrl);
    put(merged, "clicksim.schema-registry.user", schemaRegistryUser);
    put(merged, "clicksim.jdbc.url", jdbcUrl);
    put(merged, "clicksim.jdbc.user", dbUser);
    put(merged, "clicksim.sink.jdbc.url", sinkJdbcUrl);
    put(merged, "clicksim.sink.jdbc.password-ref", sinkDbPasswordReference);
    put(merged, "clicksim.sink.schema-registry.url", sinkSchemaRegistryUrl);
    Map<String, Object> kafka = new HashMap<>();
    merged.forEach(
        (k, v) -> {
          if (!k.startsWith("clicksim.")) {
            kafka.put(k, v);
          }
        });
    if (needKafka) {
      require(merged, "bootstrap.servers", "--bootstrap-servers");
      require(merged, "clicksim.connect.url", "--connect-url");
    }
    require(merged, "clicksim.jdbc.url", "--jdbc-url");
    String user = merged.getOrDefault("clicksim.jdbc.user", "user_metrics");
    DatabaseEndpoint db =
        new DatabaseEndpoint(merged.get("clicksim.jdbc.url"), user, password(merged));
    SinkDatabaseEndpoint sinkDb =
        new SinkDatabaseEndpoint(
            new DatabaseEndpoint(
                merged.getOrDefault("clicksim.sink.jdbc.url", db.jdbcUrl()), user, db.password()),
            passwordReference(merged));
    return new ExternalEndpoints(
        kafka,
        service(merged, "ksqldb", "ksqlDB", ksqlDbPasswordFile),
        service(merged, "schema-registry", "Schema Registry", schemaRegistryPasswordFile),
        service(merged, "connect", "Kafka Connect", connectPasswordFile),
        db,
        sinkDb,
        uri(merged, "clicksim.sink.schema-registry.url"),
        profile == Profile.compose);
  }

  /**
   * A REST service's URL and basic-auth credentials, from {@code --NAME-url}, {@code --NAME-user}
   * and {@code --NAME-password-file} or {@code clicksim.NAME.*}; null without a URL. A password
   * without a user, or a user without a URL, is a mistake that would otherwise pass silently.
   */
  private static ServiceEndpoint service(
      Map<String, String> merged, String name, String service, Path passwordFile) {
    String key = "clicksim." + name + ".";
    URI url = uri(merged, key + "url");
    String given = merged.get(key + "user");
    String user = given == null || given.isBlank() ? null : given.strip();
    boolean passwordGiven = passwordFile != null || merged.containsKey(key + "password");
    if (user == null && passwordGiven) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "a password for "
              + service
              + " is given but no user: --"
              + name
              + "-user (or "
              + key
              + "user in --properties)");
    }
    if (url == null) {
      if (user != null) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INVALID_INPUT,
            "a user for "
                + service
                + " is given but no URL: --"
                + name
                + "-url (or "
                + key
                + "url in --properties)");
      }
      return null;
    }
    if (user == null) {
      return ServiceEndpoint.of(url);
    }
    Secret password =
        passwordFile != null
            ? readSecret(passwordFile, "--" + name + "-password-file")
            : Secret.of(merged.getOrDefault(key + "password", ""));
    return new ServiceEndpoint(url, user, password);
  }

  /** Just the database, for verify against any PostgreSQL. */
  DatabaseEndpoint database() {
    return resolve(false).database();
  }

  private Secret password(Map<String, String> merged) {
    if (dbPasswordFile != null) {
      return readSecret(dbPasswordFile, "--db-password-file");
    }
    String env = System.getenv("CLICKSIM_DB_PASSWORD");
    if (env != null) {
      return Secret.of(env);
    }
    return Secret.of(merged.getOrDefault("clicksim.jdbc.password", ""));
  }

  /** The sink's password reference, or null to send the value; a literal here is refused. */
  private static String passwordReference(Map<String, String> merged) {
    String reference = merged.get("clicksim.sink.jdbc.password-ref");
    if (reference == null) {
      return null;
    }
    if (!SinkDatabaseEndpoint.isReference(reference.strip())) {
      // Not echoed: it may be the password itself, given by mistake.
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "--sink-db-password-ref (or clicksim.sink.jdbc.password-ref): not a config provider"
              + " reference; expected ${provider:[path:]key}, e.g."
              + " ${file:/etc/secrets/db.properties:password}");
    }
    return reference.strip();
  }

  private static Secret readSecret(Path file, String option) {
    try {
      return Secret.of(Files.readString(file).strip());
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, option + ": cannot read " + file + ": " + why(e), e);
    }
  }

  /** An I/O failure in the user's words; a missing file's exception says only its path. */
  private static String why(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static void put(Map<String, String> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }

  private static void require(Map<String, String> m, String key, String option) {
    if (m.get(key) == null || m.get(key).isBlank()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "--target external needs "
              + option
              + " (or "
              + key
              + " in --properties, or --profile compose)");
    }
  }

  private static URI uri(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return URI.create(v);
    } catch (IllegalArgumentException e) {
      throw new ClicksimFailure(ClicksimFailure.Kind.INVALID_INPUT, key + ": not a URL: " + v);
    }
  }
}
