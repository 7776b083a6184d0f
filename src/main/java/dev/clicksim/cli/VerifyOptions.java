package dev.clicksim.cli;

import java.time.Duration;

import picocli.CommandLine.Option;

import dev.clicksim.db.CountsTable;

/** How long and how often {@code verify} waits for the table to settle, and what it lists. */
public final class VerifyOptions {

  @Option(names = "--settle-timeout", defaultValue = "120s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Give up waiting for the table to settle after this long (default: ${DEFAULT-VALUE}).")
  Duration settleTimeout;

  @Option(names = "--quiet-period", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "The table has settled when every expected window is present and nothing changed for this long (default: ${DEFAULT-VALUE}).")
  Duration quietPeriod;

  @Option(names = "--poll-interval", defaultValue = "200ms", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How often the table is read while waiting (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--table", defaultValue = "click_counts", paramLabel = "NAME",
      description = "The table the sink writes the window counts to (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(names = "--list", defaultValue = "auto", paramLabel = "WHICH",
      description = "Which windows to print: all, mismatched, or auto (all up to 60 windows, else the mismatched ones) (default: ${DEFAULT-VALUE}).")
  String list;

  CountsTable countsTable() {
    CountsTable d = CountsTable.DEFAULT;
    return new CountsTable(table, d.campaignColumn(), d.countColumn(), d.startColumn(), d.endColumn());
  }
}
