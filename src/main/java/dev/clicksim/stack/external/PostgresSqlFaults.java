package dev.clicksim.stack.external;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.Jdbc;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Faults on a PostgreSQL clicksim does not run, done through SQL as a DBA would: the sink's
 * sessions terminated ({@code pg_terminate_backend}), or its table locked for a while. clicksim's
 * own sessions carry {@code application_name} clicksim and are left alone.
 */
final class PostgresSqlFaults {

  /** How long the lock waits for a transaction of the sink's to end before it gives up. */
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

  /** PostgreSQL's insufficient_privilege. */
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final DatabaseEndpoint database;
  private final String sinkUser;
  private final CountsTable table;

  /**
   * @param database where clicksim connects, as whom
   * @param sinkUser the database user the sink's connector connects as
   */
  PostgresSqlFaults(DatabaseEndpoint database, String sinkUser, CountsTable table) {
    this.database = database;
    this.sinkUser = sinkUser;
    this.table = table;
  }

  /**
   * Terminates every session of the sink's user on the table's database that is not clicksim's: the
   * sink's connection pool loses its connections mid-use, as when a server drops them.
   */
  String terminateSinkSessions() {
    try (Connection c = Jdbc.connect(database)) {
      List<Integer> pids = sinkSessions(c);
      String db = c.getCatalog();
      if (pids.isEmpty()) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            "pg_terminate_backend: no session of the sink (user "
                + sinkUser
                + " on "
                + db
                + ", other than clicksim's own) to terminate");
      }
      int terminated = 0;
      try (PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
        for (int pid : pids) {
          terminate.setInt(1, pid);
          try (ResultSet rs = terminate.executeQuery()) {
            // false: the session ended by itself between the listing and now.
            if (rs.next() && rs.getBoolean(1)) {
              terminated++;
            }
          } catch (SQLException e) {
            throw refused(e, pid);
          }
        }
      }
      return "pg_terminate_backend of the sink's sessions (user "
          + sinkUser
          + " on "
          + db
          + "): "
          + terminated
          + " of "
          + pids.size()
          + " terminated (pid "
          + pids.stream().map(String::valueOf).collect(Collectors.joining(", "))
          + ")";
    } catch (SQLException e) {
      throw Jdbc.translate(e, "pg_terminate_backend of the sink's sessions at " + where());
    }
  }

  private List<Integer> sinkSessions(Connection c) throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            // A role that may not read another role's statistics sees its backend_type as null.
            "SELECT pid FROM pg_stat_activity WHERE usename = ? AND datname = current_database()"
                + " AND coalesce(backend_type, 'client backend') = 'client backend'"
                + " AND pid <> pg_backend_pid()"
                + " AND application_name IS DISTINCT FROM 'clicksim' ORDER BY pid")) {
      q.setString(1, sinkUser);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    }
    return pids;
  }

  private ClicksimFailure refused(SQLException e, int pid) {
    if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      return new ClicksimFailure(
          ClicksimFailure.Kind.AUTHENTICATION,
          "PostgreSQL at "
              + where()
              + " refused pg_terminate_backend of the sink's session (pid "
              + pid
              + ", user "
              + sinkUser
              + ") to "
              + database.user()
              + ": permission denied; it takes the same role, a member of pg_signal_backend, or a"
              + " superuser",
          e);
    }
    return Jdbc.translate(e, "pg_terminate_backend of the sink's session (pid " + pid + ")");
  }

  /**
   * Holds {@code LOCK TABLE ... IN ACCESS EXCLUSIVE MODE} for {@code length}, then rolls back: the
   * sink's writes (and every read) of the table wait that long, as behind a migration.
   */
  String lockTable(Duration length) {
    String quoted = CountsTable.quote(table.table());
    try (Connection c = Jdbc.connect(database)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'");
        s.execute("LOCK TABLE " + quoted + " IN ACCESS EXCLUSIVE MODE");
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw lockRefused(e);
      }
      try {
        // The lock is the fault itself, not a wait for a condition: it lasts exactly this long.
        Thread.sleep(length.toMillis());
      } catch (InterruptedException e) {
        throw ClicksimFailure.interrupted("while " + table.table() + " was locked", e);
      } finally {
        // Rolling back ends the lock, also when interrupted; a session the server has ended since
        // (idle_in_transaction_session_timeout) has released it already.
        c.rollback();
      }
      return "LOCK TABLE "
          + quoted
          + " IN ACCESS EXCLUSIVE MODE at "
          + where()
          + " for "
          + length.toSeconds()
          + " s, then ROLLBACK";
    } catch (SQLException e) {
      throw Jdbc.translate(e, "lock of table " + table.table() + " at " + where());
    }
  }

  private ClicksimFailure lockRefused(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals(INSUFFICIENT_PRIVILEGE)) {
      return new ClicksimFailure(
          ClicksimFailure.Kind.AUTHENTICATION,
          "PostgreSQL at "
              + where()
              + " refused LOCK TABLE "
              + table.table()
              + " IN ACCESS EXCLUSIVE MODE to "
              + database.user()
              + ": permission denied; it takes UPDATE, DELETE or TRUNCATE on the table, or owning"
              + " it",
          e);
    }
    if (state.equals("55P03")) {
      return new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "LOCK TABLE "
              + table.table()
              + " at "
              + where()
              + ": not granted within "
              + LOCK_TIMEOUT.toSeconds()
              + " s (a transaction holds the table)",
          e);
    }
    return Jdbc.translate(e, "LOCK TABLE " + table.table() + " at " + where());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is closed next; closing ends the transaction anyway
    }
  }

  private String where() {
    return Jdbc.redact(database.jdbcUrl());
  }
}
