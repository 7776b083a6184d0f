package dev.clicksim.run;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.simulation.Click;
import dev.clicksim.truth.TruthJournal;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.truth.WindowTruth;
import java.time.Duration;
import java.util.List;

/**
 * The truth of the clicks Kafka acknowledged, in the order it acknowledged them, and its journal on
 * disk, checkpointed at a fixed interval by a thread of its own. Acknowledgements of one partition
 * arrive in the partition's order (one idempotent producer), and the ledger's stream time is per
 * partition, so this ledger predicts the same late drops as one fed in send order: for a run whose
 * every click was acknowledged the two are equal, and for one cut short this one holds exactly what
 * reached Kafka for certain.
 *
 * <p>Acknowledgements come from the producer's I/O thread; the lock around the ledger is held for
 * one click at a time, and the journal is written outside it.
 */
public final class AcknowledgedTruth implements AutoCloseable {

  /** How often the journal is appended to: what a process that dies outright can lose. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

  private final TruthLedger ledger;
  private final TruthJournal journal;
  private final Object checkpointing = new Object();
  private final BackgroundLoop loop;
  private volatile ClicksimFailure failure;
  private boolean closed;

  /**
   * @param ledger an empty ledger, fed from now on with acknowledged clicks only
   * @param journal the run's journal, closed with this
   */
  public AcknowledgedTruth(TruthLedger ledger, TruthJournal journal, Duration interval) {
    this.ledger = ledger;
    this.journal = journal;
    this.loop =
        BackgroundLoop.start(
            "clicksim-truth-journal",
            interval,
            interval,
            Duration.ofSeconds(5),
            this::tryCheckpoint);
  }

  /** A click Kafka acknowledged; called on the producer's I/O thread. */
  public void acknowledged(Click click, boolean duplicate) {
    synchronized (ledger) {
      if (duplicate) {
        ledger.recordDuplicate(click);
      } else {
        ledger.record(click);
      }
    }
  }

  /**
   * Appends what changed since the last checkpoint to the journal.
   *
   * @throws ClicksimFailure when the journal cannot be written
   */
  public void checkpoint() {
    synchronized (checkpointing) {
      List<WindowTruth> changed;
      long sent;
      synchronized (ledger) {
        changed = ledger.drainChanged();
        sent = ledger.sent();
      }
      try {
        journal.checkpoint(changed, sent);
      } catch (ClicksimFailure e) {
        if (failure == null) {
          failure = e;
        }
        throw e;
      }
    }
  }

  private void tryCheckpoint() {
    if (failure != null) {
      return;
    }
    try {
      checkpoint();
    } catch (ClicksimFailure e) {
      // kept in failure: the run stops and says so
    }
  }

  /** Why the journal could not be written, once it could not; then the run should stop. */
  public ClicksimFailure failure() {
    return failure;
  }

  /** Every window of the acknowledged clicks so far, in truth.csv's order. */
  public List<WindowTruth> windows() {
    synchronized (ledger) {
      return ledger.windows();
    }
  }

  /** The acknowledged clicks' totals, as run.json records them. */
  public record Totals(long sent, long expected, long droppedLate, long duplicates) {}

  public Totals totals() {
    synchronized (ledger) {
      return new Totals(
          ledger.sent(), ledger.expected(), ledger.droppedLate(), ledger.duplicates());
    }
  }

  /**
   * Stops the checkpoint thread and writes a last checkpoint: after this the journal holds every
   * acknowledgement received so far. Call it once no more acknowledgements can come.
   *
   * @throws ClicksimFailure when that checkpoint cannot be written
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.close();
    try {
      if (failure == null) {
        checkpoint();
      }
    } finally {
      journal.close();
    }
  }
}
