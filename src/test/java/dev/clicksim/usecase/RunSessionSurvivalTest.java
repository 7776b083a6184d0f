package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.run.RunDirectory;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.simulation.Click;
import dev.clicksim.stack.ClickSink;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;
import dev.clicksim.testing.ReadOnlyDirectory;
import dev.clicksim.truth.WindowTruth;
import dev.clicksim.verify.ObservedWindow;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose stack or run directory fails under it, through the {@link ClickSink} port with a sink
 * that acknowledges what the test says: the truth of every acknowledged click is on disk whatever
 * ends the run, and the failure's one line says what went wrong and where that truth is.
 */
class RunSessionSurvivalTest {

  private static final Instant ANCHOR = Instant.parse("2026-11-27T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String PREFIX = "t1.";
  private static final int PARTITIONS = 3;

  @TempDir Path runs;

  private final List<String> lines = new ArrayList<>();

  private static Scenario smoke() {
    return ScenarioLoader.loadBuiltIn("smoke").withSpeed(Scenario.MAX_SPEED);
  }

  private static RunSession.Request request() {
    return new RunSession.Request(
        smoke(), "smoke", "none", ANCHOR, Duration.ofMillis(100), CountsTable.DEFAULT, PREFIX);
  }

  private RunDirectory newRun() {
    return RunDirectory.create(runs, NOW, "smoke");
  }

  private RunSession.Result send(FakeSink sink, RunDirectory run) {
    return new RunSession(lines::add)
        .send(new FakeStack(sink), run, request(), NOW, () -> false, null);
  }

  private RunDirectory dryRun() {
    RunDirectory run = RunDirectory.create(runs.resolve("dry"), NOW, "smoke");
    new RunSession(lines::add).dryRun(run, request(), WindowSpec.DEFAULT, NOW);
    return run;
  }

  private static long sent(List<WindowTruth> truth) {
    return truth.stream().mapToLong(WindowTruth::sent).sum();
  }

  @Test
  void should_write_the_same_truth_file_from_acknowledgements_out_of_order_across_partitions() {
    // Acks come back 50 at a time, one partition after another: in order within a partition, as
    // Kafka acknowledges, and out of order across them.
    FakeSink sink = new FakeSink(Integer.MAX_VALUE).releasingEvery(50);
    RunDirectory run = newRun();

    RunSession.Result result = send(sink, run);

    assertThat(result.complete()).isTrue();
    assertThat(result.acknowledged()).isEqualTo(300);
    assertThat(result.notAcknowledged()).isZero();
    assertThat(run.path().resolve(RunDirectory.TRUTH_FILE))
        .hasSameBinaryContentAs(dryRun().path().resolve(RunDirectory.TRUTH_FILE));
    assertThat(run.path().resolve(RunDirectory.JOURNAL_FILE))
        .as("the journal, once truth.csv and run.json hold it")
        .doesNotExist();
  }

  @Test
  void should_fail_naming_the_broker_with_the_truth_of_the_acknowledged_clicks_on_disk() {
    // Kafka acknowledges 120 clicks, then nothing: the delivery timeout fails the next ones.
    FakeSink sink = new FakeSink(120).failingAfterUnacknowledged(30);
    RunDirectory run = newRun();

    assertThatThrownBy(() -> send(sink, run))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
        .hasMessage(
            FakeSink.FAILURE
                + "; the truth of the 120 acknowledged clicks is in "
                + run.path()
                + " (clicksim verify --run "
                + run.path()
                + " checks it)");

    assertThat(sink.sent()).as("sending stopped at the failure").isLessThan(300);
    RunDirectory.Loaded loaded = RunDirectory.open(run.path()).load();
    assertThat(sent(loaded.truth())).isEqualTo(120);
    assertThat(loaded.info().clicksSent()).isEqualTo(120);
    assertThat(loaded.info().settings())
        .containsEntry("clicks.not-acknowledged", Long.toString(sink.sent() - 120));
  }

  @Test
  void should_stop_at_ctrl_c_with_the_truth_of_what_was_acknowledged() {
    FakeSink sink = new FakeSink(Integer.MAX_VALUE);
    RunDirectory run = newRun();

    RunSession.Result result =
        new RunSession(lines::add)
            .send(new FakeStack(sink), run, request(), NOW, () -> sink.sent() >= 77, null);

    assertThat(result.complete()).isFalse();
    assertThat(result.acknowledged()).isEqualTo(77);
    assertThat(sent(RunDirectory.open(run.path()).load().truth())).isEqualTo(77);
  }

  @Test
  void should_keep_the_truth_of_the_acknowledged_clicks_through_a_bug() {
    FakeSink sink =
        new FakeSink(Integer.MAX_VALUE)
            .onSend(
                n -> {
                  if (n == 200) {
                    throw new IllegalStateException("a bug at click 200");
                  }
                });
    RunDirectory run = newRun();

    assertThatThrownBy(() -> send(sink, run))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INTERNAL))
        .hasMessage(
            "internal error: java.lang.IllegalStateException: a bug at click 200 (details in the"
                + " log); the truth of the 199 acknowledged clicks is in "
                + run.path()
                + " (clicksim verify --run "
                + run.path()
                + " checks it)");
    assertThat(sent(RunDirectory.open(run.path()).load().truth())).isEqualTo(199);
  }

  @Test
  void should_name_the_file_it_cannot_write_when_the_run_directory_turns_read_only()
      throws IOException {
    RunDirectory run = newRun();
    ReadOnlyDirectory[] readOnly = {null};
    FakeSink sink =
        new FakeSink(Integer.MAX_VALUE)
            .onSend(
                n -> {
                  if (n == 150) {
                    readOnly[0] = ReadOnlyDirectory.make(run.path());
                  }
                });
    try {
      Path truthFile = run.path().resolve(RunDirectory.TRUTH_FILE);
      Path journal = run.path().resolve(RunDirectory.JOURNAL_FILE);
      assertThatThrownBy(() -> send(sink, run))
          .isInstanceOfSatisfying(
              ClicksimFailure.class,
              f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INFRASTRUCTURE))
          .message()
          // "Operation not permitted" is what root meets in an immutable directory
          .matches(
              java.util.regex.Pattern.quote("cannot write " + truthFile + ": ")
                  + "(permission denied|Operation not permitted)"
                  + java.util.regex.Pattern.quote(
                      "; the truth of the 300 acknowledged clicks is in "
                          + journal
                          + " (clicksim verify --run "
                          + run.path()
                          + " checks it)"));

      assertThat(truthFile).doesNotExist();
      RunDirectory reopened = RunDirectory.open(run.path());
      assertThat(reopened.readsJournal()).isTrue();
      RunDirectory.Loaded loaded = reopened.load();
      assertThat(loaded.truth()).isEqualTo(dryRun().readTruth());
      assertThat(loaded.info().clicksSent()).isEqualTo(300);
      assertThat(loaded.info().campaignPrefix()).isEqualTo(PREFIX);
    } finally {
      if (readOnly[0] != null) {
        readOnly[0].close();
      }
    }
  }

  @Test
  void should_say_what_an_incomplete_run_with_a_journal_can_be_verified_from() throws IOException {
    Path dir = Files.createDirectories(runs.resolve("20261201-000000-smoke"));
    Files.writeString(dir.resolve(RunDirectory.JOURNAL_FILE), "");

    assertThat(new RunDirectory.Incomplete(dir, "run.json and no truth.csv").describe())
        .isEqualTo(
            dir
                + " has no run.json and no truth.csv (interrupted, or still running?; verify --run "
                + dir
                + " reads its truth.journal)");
    assertThat(new RunDirectory.Incomplete(runs, "truth.csv").describe())
        .isEqualTo(runs + " has no truth.csv (interrupted?)");
  }

  /**
   * A sink that acknowledges the first clicks (at once, or in batches partition by partition) and
   * then none, failing once enough wait, as the producer's delivery timeout does.
   */
  private static final class FakeSink implements ClickSink {

    static final String FAILURE =
        "Kafka at fake:9092 did not acknowledge clicks within the delivery timeout of 30 s";

    private final int acknowledging;
    private int releaseEvery = 1;
    private int failAfter = Integer.MAX_VALUE;
    private IntConsumer onSend = n -> {};
    private final List<ArrayDeque<Acknowledgement>> held = new ArrayList<>();
    private long sent;
    private long acked;
    private boolean failing;

    FakeSink(int acknowledging) {
      this.acknowledging = acknowledging;
      for (int p = 0; p < PARTITIONS; p++) {
        held.add(new ArrayDeque<>());
      }
    }

    FakeSink releasingEvery(int n) {
      releaseEvery = n;
      return this;
    }

    FakeSink failingAfterUnacknowledged(int n) {
      failAfter = n;
      return this;
    }

    FakeSink onSend(IntConsumer action) {
      onSend = action;
      return this;
    }

    @Override
    public void send(Click click, long intendedNanos, Acknowledgement acknowledgement) {
      sent++;
      onSend.accept((int) sent);
      if (sent > acknowledging) {
        failing = sent - acknowledging >= failAfter;
        return;
      }
      held.get(CampaignPartitioner.partitionOf(click.campaignId(), PARTITIONS))
          .add(acknowledgement);
      if (sent % releaseEvery == 0) {
        release();
      }
    }

    private void release() {
      for (int p = PARTITIONS - 1; p >= 0; p--) {
        while (!held.get(p).isEmpty()) {
          held.get(p).poll().acknowledged(System.nanoTime());
          acked++;
        }
      }
    }

    @Override
    public boolean failing() {
      return failing;
    }

    @Override
    public void flush(Duration atMost) {
      release();
      if (sent > acked) {
        throw new ClicksimFailure(ClicksimFailure.Kind.INFRASTRUCTURE, FAILURE);
      }
    }

    @Override
    public Duration deliveryTimeout() {
      return ClickSink.DEFAULT_DELIVERY_TIMEOUT;
    }

    @Override
    public long sent() {
      return sent;
    }

    @Override
    public long acked() {
      return acked;
    }

    @Override
    public long failed() {
      return 0;
    }

    @Override
    public Optional<String> trouble() {
      return Optional.empty();
    }

    @Override
    public Histogram[] intervalAckLatencies() {
      return new Histogram[] {new Histogram(3), new Histogram(3)};
    }

    @Override
    public Histogram ackLatencyFromIntended() {
      return new Histogram(3);
    }

    @Override
    public void close() {}
  }

  /** A stack whose only parts are the sink and an empty table. */
  private record FakeStack(ClickSink sink) implements Stack {

    @Override
    public ClickSink openClickSink(LongSupplier nanoClock, Duration deliveryTimeout) {
      return sink;
    }

    @Override
    public String description() {
      return "fake";
    }

    @Override
    public List<String> describeEndpoints() {
      return List.of();
    }

    @Override
    public WindowSpec windows() {
      return WindowSpec.DEFAULT;
    }

    @Override
    public CountsTable countsTable() {
      return CountsTable.DEFAULT;
    }

    @Override
    public List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress) {
      return List.of();
    }

    @Override
    public List<String> provisioningPlan(CountsTable table) {
      return List.of();
    }

    @Override
    public List<String> preflight(CountsTable table) {
      return List.of();
    }

    @Override
    public int inputPartitions() {
      return PARTITIONS;
    }

    @Override
    public OptionalLong latestInputTimestamp() {
      return OptionalLong.empty();
    }

    @Override
    public Map<String, String> runSettings() {
      return Map.of();
    }

    @Override
    public CountsReader openCountsReader(CountsTable table) {
      return new CountsReader() {
        @Override
        public List<ObservedWindow> read(String campaignPrefix) {
          return List.of();
        }

        @Override
        public String detectLayout(String campaignPrefix) {
          return "upsert";
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String describe(CountsTable table) {
      return "fake table";
    }

    @Override
    public Optional<String> failedSinkTask() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
