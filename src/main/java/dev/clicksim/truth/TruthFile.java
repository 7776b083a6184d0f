package dev.clicksim.truth;

import dev.clicksim.failure.ClicksimFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The truth as CSV: a header, then one row per window sorted by campaign id and window start,
 * UTF-8, {@code \n} line ends. The same windows always give the same bytes. A campaign id with a
 * comma or quote is quoted (RFC 4180).
 */
public final class TruthFile {
  public static final String HEADER =
      "campaign_id,window_start_ms,window_end_ms,sent,expected_count,dropped_late,duplicates,counted_in_grace";
  private static final String[] COLUMNS = HEADER.split(",");
  private static final int FIELDS = COLUMNS.length;
  static final Comparator<WindowTruth> ORDER =
      Comparator.comparing(WindowTruth::campaignId).thenComparingLong(WindowTruth::windowStartMs);

  private TruthFile() {}

  public static void write(Path file, List<WindowTruth> windows) {
    List<WindowTruth> sorted = new ArrayList<>(windows);
    sorted.sort(ORDER);
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (WindowTruth w : sorted) {
      appendRow(sb, file, w);
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TruthFileException(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + describe(e), e);
    }
  }

  /**
   * What went wrong with a file, in words and without Java's type names: "permission denied",
   * "Read-only file system", "No space left on device".
   */
  public static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof java.io.FileNotFoundException && e.getMessage() != null) {
      // "runs/x/run.json (Permission denied)": the reason is in parentheses
      String m = e.getMessage();
      int open = m.lastIndexOf(" (");
      return open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1) : m;
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  /** One row of the file, its line end included; also the rows of a {@link TruthJournal}. */
  static void appendRow(StringBuilder sb, Path file, WindowTruth w) {
    if (w.campaignId().indexOf('\n') >= 0 || w.campaignId().indexOf('\r') >= 0) {
      throw new TruthFileException(
          "truth file " + file + ": campaign id contains a line break", null);
    }
    sb.append(quote(w.campaignId()))
        .append(',')
        .append(w.windowStartMs())
        .append(',')
        .append(w.windowEndMs())
        .append(',')
        .append(w.sent())
        .append(',')
        .append(w.expectedCount())
        .append(',')
        .append(w.droppedLate())
        .append(',')
        .append(w.duplicates())
        .append(',')
        .append(w.countedInGrace())
        .append('\n');
  }

  /** One row, checked; errors name the file and the line. */
  static WindowTruth parseRow(Path file, int lineNo, String line, int from) {
    String row = from == 0 ? line : line.substring(from);
    return row.indexOf('"') < 0 ? parsePlainRow(file, lineNo, row) : parseRow(file, lineNo, row);
  }

  public static List<WindowTruth> read(Path file) {
    List<WindowTruth> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new TruthFileException("truth file " + file + ", line 1: file is empty", null);
      }
      if (!header.equals(HEADER)) {
        throw new TruthFileException(
            "truth file " + file + ", line 1: expected header '" + HEADER + "'", null);
      }
      String line;
      int lineNo = 1;
      // A campaign has many windows: its id is kept once, which also lets later map look-ups
      // compare by identity.
      Map<String, String> campaignIds = new HashMap<>();
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        WindowTruth w = parseRow(file, lineNo, line, 0);
        String shared = campaignIds.putIfAbsent(w.campaignId(), w.campaignId());
        out.add(
            shared == null
                ? w
                : new WindowTruth(
                    shared,
                    w.windowStartMs(),
                    w.windowEndMs(),
                    w.sent(),
                    w.expectedCount(),
                    w.droppedLate(),
                    w.duplicates(),
                    w.countedInGrace()));
      }
    } catch (IOException e) {
      throw new TruthFileException("truth file " + file + ": cannot read: " + e, e);
    }
    return out;
  }

  /**
   * A row without quotes (every row clicksim writes for a plain campaign id): fields cut at commas
   * and numbers parsed in place, no list or substring per field. Errors say the same as the general
   * parser's.
   */
  private static WindowTruth parsePlainRow(Path file, int lineNo, String line) {
    int[] commas = new int[FIELDS - 1];
    int found = 0;
    for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
      if (found == commas.length) {
        found++;
        break;
      }
      commas[found++] = i;
    }
    if (found != commas.length) {
      return parseRow(file, lineNo, line); // the general parser names the field count
    }
    long[] v = new long[FIELDS];
    for (int f = 1; f < FIELDS; f++) {
      int begin = commas[f - 1] + 1;
      int end = f < FIELDS - 1 ? commas[f] : line.length();
      try {
        v[f] = Long.parseLong(line, begin, end, 10);
      } catch (NumberFormatException e) {
        throw new TruthFileException(
            "truth file "
                + file
                + ", line "
                + lineNo
                + ": "
                + COLUMNS[f]
                + " is not an integer: '"
                + line.substring(begin, end)
                + "'",
            e);
      }
    }
    if (commas[0] == 0) {
      throw new TruthFileException(
          "truth file " + file + ", line " + lineNo + ": campaign_id is empty", null);
    }
    checkValues(file, lineNo, v);
    return new WindowTruth(line.substring(0, commas[0]), v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  }

  private static WindowTruth parseRow(Path file, int lineNo, String line) {
    List<String> f = split(line);
    if (f == null) {
      throw new TruthFileException(
          "truth file " + file + ", line " + lineNo + ": unbalanced quotes", null);
    }
    if (f.size() != FIELDS) {
      throw new TruthFileException(
          "truth file "
              + file
              + ", line "
              + lineNo
              + ": expected "
              + FIELDS
              + " fields, got "
              + f.size(),
          null);
    }
    long[] v = new long[FIELDS];
    for (int i = 1; i < FIELDS; i++) {
      try {
        v[i] = Long.parseLong(f.get(i));
      } catch (NumberFormatException e) {
        throw new TruthFileException(
            "truth file "
                + file
                + ", line "
                + lineNo
                + ": "
                + COLUMNS[i]
                + " is not an integer: '"
                + f.get(i)
                + "'",
            e);
      }
    }
    if (f.get(0).isEmpty()) {
      throw new TruthFileException(
          "truth file " + file + ", line " + lineNo + ": campaign_id is empty", null);
    }
    checkValues(file, lineNo, v);
    return new WindowTruth(f.get(0), v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  }

  /** The first column that holds a count of clicks; it and every one after it count clicks. */
  private static final int FIRST_COUNT = 3;

  /**
   * A window that ends after it starts, and counts that are not negative: a truth that says
   * otherwise was not written by clicksim, and verifying against it would report nonsense.
   */
  private static void checkValues(Path file, int lineNo, long[] v) {
    if (v[2] <= v[1]) {
      throw new TruthFileException(
          "truth file "
              + file
              + ", line "
              + lineNo
              + ": window_end_ms "
              + v[2]
              + " is not after window_start_ms "
              + v[1],
          null);
    }
    for (int f = FIRST_COUNT; f < FIELDS; f++) {
      if (v[f] < 0) {
        throw new TruthFileException(
            "truth file " + file + ", line " + lineNo + ": " + COLUMNS[f] + " is negative: " + v[f],
            null);
      }
    }
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Splits one CSV line; null if quotes are unbalanced. */
  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(cur.toString());
    return out;
  }
}
