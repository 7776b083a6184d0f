package dev.clicksim.bench;

import dev.clicksim.report.FaultRow;
import dev.clicksim.report.StageClicks;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of {@code bench/reliability.sh}: for each target x action x processing guarantee,
 * over every repetition of that fault in the runs given, the clicks lost, the clicks doubled, the
 * windows off and the recovery time (median and max), as verify found them (each fault's cost and
 * recovery in verify.json's timeline). A benchmark program: it prints figures, it asserts nothing.
 *
 * <p>Usage: {@code ReliabilityTable [--doc FILE] RUN_DIR...}; with {@code --doc}, the table
 * replaces the part of FILE between its two marker lines.
 */
public final class ReliabilityTable {

  static final String BEGIN = "<!-- reliability table: written by bench/reliability.sh -->";
  static final String END = "<!-- end of reliability table -->";

  private ReliabilityTable() {}

  /** One fault kind under one guarantee, over its repetitions. */
  record Cell(
      String target,
      String action,
      String guarantee,
      int repetitions,
      int failed,
      long lost,
      long doubled,
      long windowsOff,
      List<Double> recoveries,
      int notCaughtUp,
      List<String> verdicts) {}

  public static void main(String[] args) throws Exception {
    Path doc = null;
    List<Path> runs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--doc")) {
        doc = Path.of(args[++i]);
      } else {
        runs.add(Path.of(args[i]));
      }
    }
    List<VerificationReport> reports = new ArrayList<>();
    for (Path run : runs) {
      if (Files.exists(run.resolve(VerifyJson.FILE))) {
        reports.add(VerifyJson.read(run));
      } else {
        System.err.println("reliability: no verify.json in " + run + " (the run failed?)");
      }
    }
    String table = table(cells(reports));
    System.out.print(table);
    if (doc != null) {
      String text = Files.readString(doc);
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(doc + " has no marker lines " + BEGIN + " / " + END);
      }
      Files.writeString(
          doc, text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end));
    }
  }

  static List<Cell> cells(List<VerificationReport> reports) {
    Map<String, List<Object[]>> byKind = new TreeMap<>();
    for (VerificationReport r : reports) {
      if (r.timeline() == null) {
        continue;
      }
      String guarantee = r.run().settings().getOrDefault("streams.processing.guarantee", "?");
      for (FaultRow f : r.timeline().faults()) {
        byKind
            .computeIfAbsent(
                f.target() + "\u0000" + f.action() + "\u0000" + guarantee, k -> new ArrayList<>())
            .add(new Object[] {f, r.verdict()});
      }
    }
    List<Cell> cells = new ArrayList<>();
    byKind.forEach(
        (key, faults) -> {
          String[] k = key.split("\u0000");
          long lost = 0;
          long doubled = 0;
          long windows = 0;
          int failed = 0;
          int notCaughtUp = 0;
          List<Double> recoveries = new ArrayList<>();
          Map<String, Integer> verdicts = new LinkedHashMap<>();
          for (Object[] pair : faults) {
            FaultRow f = (FaultRow) pair[0];
            lost += f.cost().stream().mapToLong(StageClicks::lost).sum();
            doubled += f.cost().stream().mapToLong(StageClicks::added).sum();
            windows += f.windows();
            failed += f.failed() ? 1 : 0;
            if (f.recoverySeconds() != null) {
              recoveries.add(f.recoverySeconds());
            } else {
              notCaughtUp++;
            }
            verdicts.merge((String) pair[1], 1, Integer::sum);
          }
          List<String> verdictList = new ArrayList<>();
          verdicts.forEach((v, n) -> verdictList.add(v));
          cells.add(
              new Cell(
                  k[0],
                  k[1],
                  k[2],
                  faults.size(),
                  failed,
                  lost,
                  doubled,
                  windows,
                  recoveries,
                  notCaughtUp,
                  verdictList));
        });
    cells.sort(
        Comparator.comparing(Cell::target)
            .thenComparing(Cell::action)
            .thenComparing(Cell::guarantee));
    return cells;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String table(List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| target | action | guarantee | faults | clicks lost | clicks doubled | windows off |"
            + " recovery median (s) | recovery max (s) | verdicts |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      sb.append("| ")
          .append(c.target())
          .append(" | ")
          .append(c.action())
          .append(" | ")
          .append(c.guarantee())
          .append(" | ")
          .append(c.repetitions())
          .append(c.failed() > 0 ? " (" + c.failed() + " failed)" : "")
          .append(" | ")
          .append(c.lost())
          .append(" | ")
          .append(c.doubled())
          .append(" | ")
          .append(c.windowsOff())
          .append(" | ")
          .append(
              c.recoveries().isEmpty()
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", median(c.recoveries())))
          .append(c.notCaughtUp() > 0 ? " (" + c.notCaughtUp() + " not measured)" : "")
          .append(" | ")
          .append(
              c.recoveries().isEmpty()
                  ? "-"
                  : String.format(
                      Locale.ROOT,
                      "%.1f",
                      c.recoveries().stream().mapToDouble(Double::doubleValue).max().orElse(0)))
          .append(" | ")
          .append(String.join(", ", c.verdicts()))
          .append(" |\n");
    }
    return sb.toString();
  }
}
