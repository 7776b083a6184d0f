package dev.clicksim.stack;

import java.util.regex.Pattern;

/**
 * The database as the Connect workers reach it, and how they get its password. With a reference
 * such as {@code ${directory:/data/postgres:password}} or {@code ${env:POSTGRES_PASSWORD}} the
 * workers resolve it through their own config providers, so the connector's stored configuration
 * (its REST API, its config topic) holds the reference only. Without one the value itself is sent,
 * and anyone who can read Connect's REST API reads it.
 *
 * @param passwordReference a config provider reference the Connect workers resolve, or null to send
 *     the password's value
 */
public record SinkDatabaseEndpoint(DatabaseEndpoint database, String passwordReference) {

  /**
   * A whole value of the form {@code ${provider:[path:]key}}, as Kafka's config transformer reads
   * it.
   */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}:\\s]+:[^}]+}");

  /** The sink of a Connect cluster without config providers: the password's value is sent. */
  public static SinkDatabaseEndpoint sendingThePassword(DatabaseEndpoint database) {
    return new SinkDatabaseEndpoint(database, null);
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  public String user() {
    return database.user();
  }

  public boolean sendsThePassword() {
    return passwordReference == null;
  }

  /** What the connector's {@code connection.password} holds: the reference, else the value. */
  public String connectionPassword() {
    return sendsThePassword() ? database.password().reveal() : passwordReference;
  }

  /** Whether the whole value is one config provider reference, {@code ${provider:[path:]key}}. */
  public static boolean isReference(String value) {
    return value != null && REFERENCE.matcher(value).matches();
  }
}
