package dev.clicksim.stack;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.CountsTableReader;
import dev.clicksim.db.Jdbc;
import java.util.Optional;

/**
 * Any PostgreSQL reached by its JDBC URL, with no stack around it: what {@code verify --jdbc-url}
 * reads.
 */
public final class DatabaseCounts implements CountsSource {

  private final DatabaseEndpoint database;

  public DatabaseCounts(DatabaseEndpoint database) {
    this.database = database;
  }

  @Override
  public CountsReader openCountsReader(CountsTable table) {
    return new CountsTableReader(database, table);
  }

  @Override
  public String describe(CountsTable table) {
    return "table " + table.table() + " at " + Jdbc.redact(database.jdbcUrl());
  }

  /** There is no sink here to ask. */
  @Override
  public Optional<String> failedSinkTask() {
    return Optional.empty();
  }
}
