package dev.clicksim.bench;

import dev.clicksim.db.CountsTable;
import dev.clicksim.db.CountsTableReader;
import dev.clicksim.db.Jdbc;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ComparisonResult;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.verify.WindowComparison;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * How long {@code verify} takes on many windows (default 100 000: 1 000 campaigns x 100 two-minute
 * windows).
 *
 * <ul>
 *   <li>{@code pure [WINDOWS]}: times {@link WindowComparison#compare} on a truth and matching
 *       observed rows, no I/O; warm-up rounds, then the median and best of the measured rounds.
 *   <li>{@code prepare STATE_DIR RUNS_DIR [WINDOWS]}: against the PostgreSQL of a running {@code
 *       clicksim up} (endpoints from {@code STATE_DIR/stack.json}), (re)creates the scratch table
 *       {@value #TABLE}, copies in one row per window with the expected count, writes a run
 *       directory with the matching truth and a password file (0600), times the in-process read +
 *       compare, and prints {@code run-dir}, {@code jdbc-url}, {@code db-user} and {@code
 *       password-file} lines for {@code clicksim verify --run ... --jdbc-url ... --table} {@value
 *       #TABLE}.
 * </ul>
 */
public final class VerifyBenchmark {
  static final String TABLE = "bench_verify_counts";
  private static final long ANCHOR_MS = 1_795_737_600_000L; // 2026-11-27T00:00:00Z
  private static final String PREFIX = "rbench.";

  private VerifyBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "pure";
    switch (mode) {
      case "pure" -> pure(args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
      case "prepare" ->
          prepare(
              Path.of(args[1]),
              Path.of(args[2]),
              args.length > 3 ? Integer.parseInt(args[3]) : 100_000);
      default ->
          throw new IllegalArgumentException(
              "usage: VerifyBenchmark pure [WINDOWS] | prepare STATE_DIR RUNS_DIR [WINDOWS]");
    }
  }

  /**
   * {@code windows} windows over campaigns of 100 windows each, counts varying so no two neighbours
   * are alike.
   */
  static List<WindowTruth> truth(int windows) {
    long size = WindowSpec.DEFAULT.sizeMs();
    List<WindowTruth> truth = new ArrayList<>(windows);
    for (int i = 0; i < windows; i++) {
      String campaign = PREFIX + "campaign-" + (i / 100);
      long start = ANCHOR_MS + (i % 100) * size;
      long count = 1 + (i * 7919L) % 5000;
      truth.add(new WindowTruth(campaign, start, start + size, count, count, 0, 0));
    }
    return truth;
  }

  private static List<ObservedWindow> observed(List<WindowTruth> truth) {
    List<ObservedWindow> rows = new ArrayList<>(truth.size());
    for (WindowTruth t : truth) {
      rows.add(
          new ObservedWindow(
              t.campaignId(), t.windowStartMs(), t.windowEndMs(), t.expectedCount()));
    }
    return rows;
  }

  private static void pure(int windows) {
    List<WindowTruth> truth = truth(windows);
    List<ObservedWindow> observed = observed(truth);
    int warmup = 5;
    int rounds = 9;
    double[] ms = new double[rounds];
    for (int i = 0; i < warmup + rounds; i++) {
      long t0 = System.nanoTime();
      ComparisonResult r = WindowComparison.compare(truth, observed, WindowSpec.DEFAULT.sizeMs());
      long dt = System.nanoTime() - t0;
      if (!r.matches()) {
        throw new IllegalStateException("the benchmark's observed rows should match its truth");
      }
      if (i >= warmup) {
        ms[i - warmup] = dt / 1e6;
      }
    }
    Arrays.sort(ms);
    // First call on a cold JVM is what a one-shot 'clicksim verify' pays; it is the first warm-up
    // round above.
    System.out.printf(
        Locale.ROOT,
        "verify-pure windows %d median-ms %.1f best-ms %.1f%n",
        windows,
        ms[rounds / 2],
        ms[0]);
  }

  private static void prepare(Path stateDir, Path runsDir, int windows)
      throws IOException, SQLException {
    StackStateFile state =
        StackStateFile.readLive(stateDir, System.out::println)
            .orElseThrow(() -> new IllegalStateException("no running clicksim up in " + stateDir));
    DatabaseEndpoint db = state.database();
    CountsTable table =
        new CountsTable(TABLE, "campaignId", "click_count", "start_time", "end_time");
    List<WindowTruth> truth = truth(windows);
    long t0 = System.nanoTime();
    try (Connection c = Jdbc.connect(db)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + CountsTable.quote(TABLE));
        s.execute(table.createStatement());
      }
      StringBuilder csv = new StringBuilder(windows * 64);
      for (WindowTruth t : truth) {
        csv.append(t.campaignId())
            .append(',')
            .append(t.campaignId())
            .append(',')
            .append(t.expectedCount())
            .append(',')
            .append(LocalDateTime.ofEpochSecond(t.windowStartMs() / 1000, 0, ZoneOffset.UTC))
            .append(',')
            .append(LocalDateTime.ofEpochSecond(t.windowEndMs() / 1000, 0, ZoneOffset.UTC))
            .append('\n');
      }
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY "
                  + CountsTable.quote(TABLE)
                  + " (\"campaignId\", \"id\", \"click_count\", \"start_time\", \"end_time\") FROM STDIN WITH (FORMAT csv)",
              new StringReader(csv.toString()));
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE " + CountsTable.quote(TABLE));
      }
    }
    long loaded = System.nanoTime();
    RunDirectory run = RunDirectory.create(runsDir, Instant.now(), "verify-bench");
    run.writeTruth(truth);
    run.writeInfo(
        new RunDirectory.RunInfo(
            run.id(),
            "verify-bench",
            0,
            ANCHOR_MS,
            PREFIX,
            WindowSpec.DEFAULT.sizeMs(),
            WindowSpec.DEFAULT.graceMs(),
            truth.stream().mapToLong(WindowTruth::sent).sum(),
            truth.stream().mapToLong(WindowTruth::expectedCount).sum(),
            0,
            0,
            "bench",
            java.util.Map.of("source", "VerifyBenchmark")));
    Path passwordFile = runsDir.resolve("bench-db-password");
    Files.deleteIfExists(passwordFile);
    Files.createFile(
        passwordFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(passwordFile, db.password().reveal());

    // In-process: one read of the run's rows plus the comparison, what verify does once the table
    // has settled.
    double best = Double.MAX_VALUE;
    try (CountsTableReader reader = new CountsTableReader(db, table)) {
      for (int i = 0; i < 3; i++) {
        long r0 = System.nanoTime();
        List<ObservedWindow> rows = reader.read(PREFIX);
        ComparisonResult result =
            WindowComparison.compare(truth, rows, WindowSpec.DEFAULT.sizeMs());
        double ms = (System.nanoTime() - r0) / 1e6;
        if (!result.matches()) {
          throw new IllegalStateException(
              "table " + TABLE + " does not match the benchmark's truth");
        }
        best = Math.min(best, ms);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "verify-db windows %d load-ms %.0f read+compare-best-ms %.0f%n",
        windows,
        (loaded - t0) / 1e6,
        best);
    System.out.println("run-dir " + run.path());
    System.out.println("jdbc-url " + db.jdbcUrl());
    System.out.println("db-user " + db.user());
    System.out.println("password-file " + passwordFile);
  }
}
