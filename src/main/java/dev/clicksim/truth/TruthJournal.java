package dev.clicksim.truth;

import dev.clicksim.failure.ClicksimFailure;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The truth of a run as it grows, appended to one file that stays open: whatever ends the run (a
 * dead broker, Ctrl-C, a halt, a run directory made read-only, in which an open file can still be
 * written), what was acknowledged up to the last checkpoint is on disk. {@code truth.csv} is
 * rebuilt from it when the run could not write one.
 *
 * <p>UTF-8 lines: a header; {@code run,} and the run's description (one line, opaque here); then
 * checkpoints, each the rows of the windows changed since the previous one (as {@code w,} and a row
 * of {@link TruthFile}, the window's counts so far) followed by {@code checkpoint,} and the clicks
 * in the truth so far. A later row of a window replaces an earlier one. Rows after the last
 * checkpoint line, and a last line without its line end (the writer died mid-write), are not part
 * of the truth.
 */
public final class TruthJournal implements AutoCloseable {

  public static final String HEADER = "# clicksim truth journal 1";

  private static final String RUN = "run,";
  private static final String ROW = "w,";
  private static final String CHECKPOINT = "checkpoint,";

  private final Path file;
  // A plain stream, not a channel: an interrupt (Ctrl-C interrupts the run's thread) would close a
  // channel mid-write and lose the journal for the rest of the run.
  private final FileOutputStream out;
  private final StringBuilder pending = new StringBuilder();

  private TruthJournal(Path file, FileOutputStream out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Creates the journal (it must not exist) and writes its header and the run's description.
   *
   * @param run the run's description, one line: what a reader needs besides the windows
   */
  public static TruthJournal create(Path file, String run) {
    if (run.indexOf('\n') >= 0 || run.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("the run's description must be one line");
    }
    FileOutputStream out;
    try {
      Files.createFile(file);
      out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
    TruthJournal journal = new TruthJournal(file, out);
    journal.write(HEADER + "\n" + RUN + run + "\n");
    return journal;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends the windows changed since the last checkpoint and a checkpoint line, in one write.
   *
   * @param sent the clicks in the truth so far, every window counted: checked when read back
   */
  public synchronized void checkpoint(List<WindowTruth> changed, long sent) {
    pending.setLength(0);
    for (WindowTruth w : changed) {
      pending.append(ROW);
      TruthFile.appendRow(pending, file, w);
    }
    pending.append(CHECKPOINT).append(sent).append('\n');
    write(pending.toString());
  }

  private void write(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static TruthFileException cannotWrite(Path file, IOException e) {
    return new TruthFileException(
        ClicksimFailure.Kind.INFRASTRUCTURE,
        "cannot write " + file + ": " + TruthFile.describe(e),
        e);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  /**
   * What a journal holds up to its last checkpoint.
   *
   * @param run the run's description as it was given to {@link #create}
   * @param windows every window, in the order of {@code truth.csv}
   * @param sent the clicks the last checkpoint says the truth holds
   */
  public record Contents(String run, List<WindowTruth> windows, long sent) {

    public Contents {
      windows = List.copyOf(windows);
    }
  }

  /** Reads a journal back; a damaged one is named by its line. */
  public static Contents read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TruthFileException(
          "truth journal " + file + ": cannot read: " + TruthFile.describe(e), e);
    } catch (java.io.UncheckedIOException e) {
      throw new TruthFileException("truth journal " + file + ": not UTF-8 text", e);
    }
    // A last line without its line end was cut off by the writer's death.
    int end = text.lastIndexOf('\n') + 1;
    List<String> lines = List.of(text.substring(0, end).split("\n", -1));
    lines = lines.subList(0, Math.max(lines.size() - 1, 0));
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw damaged(file, 1, "expected the header '" + HEADER + "'");
    }
    if (lines.size() < 2 || !lines.get(1).startsWith(RUN)) {
      throw damaged(file, 2, "expected the run's description (run,...)");
    }
    String run = lines.get(1).substring(RUN.length());
    Map<String, Map<Long, WindowTruth>> committed = new HashMap<>();
    List<WindowTruth> uncommitted = new ArrayList<>();
    long sent = 0;
    long inWindows = 0;
    for (int i = 2; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNo = i + 1;
      if (line.startsWith(ROW)) {
        uncommitted.add(TruthFile.parseRow(file, lineNo, line, ROW.length()));
      } else if (line.startsWith(CHECKPOINT)) {
        try {
          sent = Long.parseLong(line.substring(CHECKPOINT.length()));
        } catch (NumberFormatException e) {
          throw damaged(file, lineNo, "the checkpoint's click count is not an integer");
        }
        for (WindowTruth w : uncommitted) {
          WindowTruth before =
              committed
                  .computeIfAbsent(w.campaignId(), k -> new HashMap<>())
                  .put(w.windowStartMs(), w);
          inWindows += w.sent() - (before == null ? 0 : before.sent());
        }
        uncommitted.clear();
        if (inWindows != sent) {
          throw damaged(
              file,
              lineNo,
              "the checkpoint says " + sent + " clicks, its windows hold " + inWindows);
        }
      } else {
        throw damaged(file, lineNo, "expected a window (w,...) or a checkpoint (checkpoint,...)");
      }
    }
    List<WindowTruth> windows = new ArrayList<>();
    committed.values().forEach(m -> windows.addAll(m.values()));
    windows.sort(TruthFile.ORDER);
    return new Contents(run, windows, sent);
  }

  private static TruthFileException damaged(Path file, int lineNo, String problem) {
    return new TruthFileException(
        "truth journal " + file + ", line " + lineNo + ": " + problem, null);
  }
}
