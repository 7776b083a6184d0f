package dev.clicksim.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.simulation.Click;
import dev.clicksim.testing.ReadOnlyDirectory;
import dev.clicksim.window.WindowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal a run appends its truth to while it sends, and truth.csv rebuilt from it. */
class TruthJournalTest {

  private static final String RUN = "{\"runId\":\"r\"}";

  @TempDir Path dir;

  private static Click click(String campaign, long ts) {
    return new Click(ts, campaign, "i", "s", "s-s0", campaign + "@" + ts);
  }

  @Test
  void should_rebuild_the_truth_of_its_last_checkpoint_from_the_changed_windows_alone() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, campaign -> 0);
    Path file = dir.resolve("truth.journal");
    try (TruthJournal journal = TruthJournal.create(file, RUN)) {
      ledger.record(click("a", 1_000));
      ledger.record(click("b", 2_000));
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
      // Only "a" changes: the second checkpoint carries its row alone.
      ledger.record(click("a", 3_000));
      ledger.recordDuplicate(click("a", 3_000));
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
    }

    TruthJournal.Contents read = TruthJournal.read(file);

    assertThat(read.run()).isEqualTo(RUN);
    assertThat(read.windows()).isEqualTo(ledger.windows());
    assertThat(read.sent()).isEqualTo(4);
  }

  @Test
  void should_give_the_same_truth_file_as_the_ledger_for_a_whole_scenario() {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, campaign -> campaign.length() % 3);
    Path file = dir.resolve("truth.journal");
    try (TruthJournal journal = TruthJournal.create(file, RUN)) {
      for (int i = 0; i < 5_000; i++) {
        ledger.record(click("campaign-" + (i % 7), 10_000L + i * 997L));
        if (i % 250 == 0) {
          journal.checkpoint(ledger.drainChanged(), ledger.sent());
        }
      }
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
    }
    Path fromLedger = dir.resolve("ledger.csv");
    Path fromJournal = dir.resolve("journal.csv");
    TruthFile.write(fromLedger, ledger.windows());
    TruthFile.write(fromJournal, TruthJournal.read(file).windows());

    assertThat(fromJournal).hasSameBinaryContentAs(fromLedger);
  }

  @Test
  void should_leave_out_the_rows_after_the_last_checkpoint_and_a_line_cut_off_mid_write()
      throws IOException {
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, campaign -> 0);
    Path file = dir.resolve("truth.journal");
    try (TruthJournal journal = TruthJournal.create(file, RUN)) {
      ledger.record(click("a", 1_000));
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
    }
    List<WindowTruth> checkpointed = ledger.windows();
    // What a process killed in the middle of its next checkpoint leaves behind.
    Files.writeString(
        file,
        "w,a,0,120000,9,9,0,0,0\nw,b,0,120000,1,1,0,0,0\ncheckpo",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    TruthJournal.Contents read = TruthJournal.read(file);

    assertThat(read.windows()).isEqualTo(checkpointed);
    assertThat(read.sent()).isEqualTo(1);
  }

  @Test
  void should_read_a_journal_cut_off_before_its_first_checkpoint_as_no_clicks() throws IOException {
    Path file = dir.resolve("truth.journal");
    TruthJournal.create(file, RUN).close();

    TruthJournal.Contents read = TruthJournal.read(file);

    assertThat(read.windows()).isEmpty();
    assertThat(read.sent()).isZero();
  }

  @Test
  void should_name_the_line_of_a_damaged_journal() throws IOException {
    Path file = dir.resolve("truth.journal");
    TruthJournal.create(file, RUN).close();
    Files.writeString(file, "w,a,0,120000,2,2,0,0,0\ncheckpoint,3\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> TruthJournal.read(file))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "truth journal " + file + ", line 4: the checkpoint says 3 clicks, its windows hold 2");

    Files.writeString(file, TruthJournal.HEADER + "\nrun,{}\nsomething else\n");
    assertThatThrownBy(() -> TruthJournal.read(file))
        .hasMessage(
            "truth journal "
                + file
                + ", line 3: expected a window (w,...) or a checkpoint (checkpoint,...)");

    Files.writeString(file, "campaign_id,window_start_ms\n");
    assertThatThrownBy(() -> TruthJournal.read(file))
        .hasMessage(
            "truth journal "
                + file
                + ", line 1: expected the header '"
                + TruthJournal.HEADER
                + "'");
  }

  @Test
  void should_keep_appending_through_its_open_file_after_the_directory_is_made_read_only()
      throws IOException {
    Path runDir = Files.createDirectory(dir.resolve("run"));
    Path file = runDir.resolve("truth.journal");
    TruthLedger ledger = new TruthLedger(WindowSpec.DEFAULT, campaign -> 0);
    try (TruthJournal journal = TruthJournal.create(file, RUN);
        ReadOnlyDirectory readOnly = ReadOnlyDirectory.make(runDir)) {
      assertThatThrownBy(() -> Files.createFile(runDir.resolve("truth.csv")))
          .isInstanceOf(IOException.class);
      ledger.record(click("a", 1_000));
      journal.checkpoint(ledger.drainChanged(), ledger.sent());
    }

    assertThat(TruthJournal.read(file).sent()).isEqualTo(1);
  }
}
