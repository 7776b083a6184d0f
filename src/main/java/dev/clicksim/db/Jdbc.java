package dev.clicksim.db;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections and turns PostgreSQL's SQL states into clicksim's one-line errors and exit
 * codes.
 */
public final class Jdbc {

  private Jdbc() {}

  /**
   * A JDBC URL fit to print: PostgreSQL accepts {@code password=} among its parameters, so those
   * are left out.
   */
  public static String redact(String jdbcUrl) {
    if (jdbcUrl == null) {
      return null;
    }
    return jdbcUrl.replaceAll("(?i)([?&;](password|sslpassword)=)[^&;]*", "$1******");
  }

  /**
   * PostgreSQL's driver, asked directly. DriverManager would first load and initialise every driver
   * on the class path (Debezium's sink brings MySQL, MariaDB, Oracle, SQL Server and Db2 drivers,
   * and MariaDB's starts log4j): about 0.8 s of a one-shot verify.
   */
  private static final java.sql.Driver POSTGRES = new org.postgresql.Driver();

  /** A connection through PostgreSQL's driver; a URL it does not accept is invalid input. */
  public static Connection connect(String jdbcUrl, Properties props) throws SQLException {
    Connection c = POSTGRES.connect(jdbcUrl, props);
    if (c == null) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + redact(jdbcUrl));
    }
    return c;
  }

  public static Connection connect(DatabaseEndpoint db) {
    Properties props = new Properties();
    props.setProperty("user", db.user());
    props.setProperty("password", db.password().reveal());
    props.setProperty("connectTimeout", "10");
    // A server that stops answering (frozen, or its host gone) fails a read instead of holding it,
    // and the run or verify waiting on it, for ever; clicksim's reads take well under a second.
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", "clicksim");
    try {
      return connect(db.jdbcUrl(), props);
    } catch (SQLException e) {
      throw translate(
          e, "cannot connect to PostgreSQL at " + redact(db.jdbcUrl()) + " as " + db.user());
    }
  }

  /** The exit code follows the SQL state: bad credentials, missing table, unreachable server. */
  public static ClicksimFailure translate(SQLException e, String context) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String reason = firstLine(e.getMessage());
    if (state.equals("28P01") || state.equals("28000")) {
      return new ClicksimFailure(
          ClicksimFailure.Kind.AUTHENTICATION, context + ": password authentication failed", e);
    }
    if (state.equals("42P01") || state.equals("42703") || state.equals("3D000")) {
      return new ClicksimFailure(ClicksimFailure.Kind.MISSING_RESOURCE, context + ": " + reason, e);
    }
    return new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, context + ": " + reason, e);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
