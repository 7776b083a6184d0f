package dev.clicksim.cli;

import dev.clicksim.db.CountsTable;
import dev.clicksim.usecase.Verification;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How {@code verify} reads the table, how long it waits for it to settle, what it prints, and the
 * SLOs it enforces.
 */
public final class VerifyOptions {

  @Option(
      names = "--settle-timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Give up waiting for the table to settle after this long (default: ${DEFAULT-VALUE}).")
  Duration settleTimeout;

  @Option(
      names = "--quiet-period",
      defaultValue = "5s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "The table has settled when every expected window is present and nothing changed for this long (default: ${DEFAULT-VALUE}).")
  Duration quietPeriod;

  @Option(
      names = "--poll-interval",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How often the table is read while clicks are sent and while waiting; the resolution of the freshness latencies (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--list",
      defaultValue = "auto",
      paramLabel = "WHICH",
      description =
          "Which windows to print: all, mismatched, or auto (all up to 60 windows, else the mismatched ones) (default: ${DEFAULT-VALUE}).")
  VerificationPrinter.ListMode list;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "The table the sink writes the window counts to (default: click_counts).")
  String table;

  @Option(
      names = "--campaign-column",
      paramLabel = "NAME",
      description = "Column of the campaign id (default: campaignId; ID for ksqlDB).")
  String campaignColumn;

  @Option(
      names = "--count-column",
      paramLabel = "NAME",
      description = "Column of the count (default: click_count; CLICK_COUNT for ksqlDB).")
  String countColumn;

  @Option(
      names = "--start-column",
      paramLabel = "NAME",
      description = "Column of the window start (default: start_time; START_TIME for ksqlDB).")
  String startColumn;

  @Option(
      names = "--end-column",
      paramLabel = "NAME",
      description = "Column of the window end (default: end_time; END_TIME for ksqlDB).")
  String endColumn;

  @Option(
      names = "--layout",
      defaultValue = "auto",
      paramLabel = "LAYOUT",
      description =
          "upsert (one row per window), insert (a row per update, the seed's insert.mode=insert; the final count is the largest), or auto to detect it (default: ${DEFAULT-VALUE}).")
  Verification.Layout layout;

  @Option(
      names = "--max-p99-ack",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "SLO: p99 of the ack latency, measured from the intended send time (e.g. 50ms).")
  Duration maxP99Ack;

  @Option(
      names = "--max-p99-window-completion",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "SLO: p99 from the ack of a window's last click to its final count in PostgreSQL (e.g. 2s).")
  Duration maxP99WindowCompletion;

  @Option(
      names = "--max-p99-visibility",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "SLO: p99 from a click's ack to the first count in PostgreSQL that includes it.")
  Duration maxP99Visibility;

  @Option(
      names = "--min-match",
      paramLabel = "PERCENT",
      converter = ShareConverter.class,
      description =
          "SLO: share of windows that must match (default: the scenario's slos.minMatch, else 100%%).")
  String minMatch;

  @Option(
      names = "--no-topic-read",
      negatable = false,
      description =
          "Do not read click_events and the output topic back: the table is compared with the generated truth"
              + " alone, whose late drops assume that nothing else writes to the run's partitions, and a"
              + " difference is not attributed to a stage (never reached Kafka, duplicated into Kafka,"
              + " aggregation, sink).")
  boolean noTopicRead;

  /** The verification's settings; thresholds not given are the run's scenario objectives. */
  Verification.Settings settings() {
    return new Verification.Settings(
        pollInterval,
        quietPeriod,
        settleTimeout,
        layout,
        minMatch,
        maxP99Ack,
        maxP99WindowCompletion,
        maxP99Visibility,
        !noTopicRead);
  }

  /** The table as given, any name not given taken from the stack's own naming. */
  CountsTable countsTable(CountsTable stackDefault) {
    return new CountsTable(
        table != null ? table : stackDefault.table(),
        campaignColumn != null ? campaignColumn : stackDefault.campaignColumn(),
        countColumn != null ? countColumn : stackDefault.countColumn(),
        startColumn != null ? startColumn : stackDefault.startColumn(),
        endColumn != null ? endColumn : stackDefault.endColumn());
  }

  /** {@code --min-match}: a share such as 98% or 0.98, checked when parsed and kept as written. */
  public static final class ShareConverter implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        dev.clicksim.scenario.Shares.parse(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
