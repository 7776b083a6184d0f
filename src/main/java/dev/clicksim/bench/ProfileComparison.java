package dev.clicksim.bench;

import dev.clicksim.report.LatencySummary;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import dev.clicksim.report.WindowRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The differential check of the engine profiles: two runs of one scenario with the same seed,
 * anchor and campaign prefix, one per profile, compared window for window from their verify.json.
 * The truth must be the same (it depends only on the scenario), and so must every observed count (a
 * profile changes when a count reaches the table, never what it is); only freshness differs. Prints
 * a table of verdicts and latencies and exits 1 when a window's count differs between them.
 *
 * <p>Usage: {@code ProfileComparison RUN_DIR_A RUN_DIR_B [--doc FILE]}.
 */
public final class ProfileComparison {

  private ProfileComparison() {}

  /** What the two runs showed. */
  record Comparison(
      List<VerificationReport> runs,
      int windows,
      List<String> countDifferences,
      boolean sameTruth) {

    boolean sameCounts() {
      return sameTruth && countDifferences.isEmpty();
    }
  }

  static Comparison compare(VerificationReport a, VerificationReport b) {
    Map<String, WindowRow> byWindow = new LinkedHashMap<>();
    for (WindowRow w : a.windows()) {
      byWindow.put(key(w), w);
    }
    boolean sameTruth = a.windows().size() == b.windows().size();
    List<String> differences = new ArrayList<>();
    for (WindowRow w : b.windows()) {
      WindowRow other = byWindow.remove(key(w));
      if (other == null) {
        sameTruth = false;
        differences.add(key(w) + ": only in the second run");
        continue;
      }
      sameTruth &= other.expected() == w.expected();
      if (!java.util.Objects.equals(other.observed(), w.observed())) {
        differences.add(key(w) + ": " + other.observed() + " against " + w.observed());
      }
    }
    byWindow.keySet().forEach(k -> differences.add(k + ": only in the first run"));
    return new Comparison(
        List.of(a, b), a.windows().size(), differences, sameTruth && byWindow.isEmpty());
  }

  private static String key(WindowRow w) {
    return w.campaignId() + " @ " + w.windowStartMs();
  }

  private static String latency(VerificationReport r, String name) {
    return r.latencies().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .map(
            (LatencySummary l) ->
                String.format(Locale.ROOT, "%.0f / %.0f / %.0f", l.p50Ms(), l.p99Ms(), l.maxMs()))
        .orElse("-");
  }

  static String table(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| engine profile | settings | verdict | windows matched | ack from intended p50 / p99 / max (ms)"
            + " | window completion p50 / p99 / max (ms) | click visibility p50 / p99 / max (ms) | SLOs |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (VerificationReport r : c.runs()) {
      Map<String, String> s = r.run().settings();
      long matched = r.windows().stream().filter(WindowRow::matched).count();
      sb.append("| ")
          .append(s.getOrDefault("engine.profile", "?"))
          .append(" | commit ")
          .append(s.getOrDefault("streams.commit.interval", "?"))
          .append(", cache ")
          .append(s.getOrDefault("streams.cache.max.bytes", "?"))
          .append(", ")
          .append(s.getOrDefault("streams.num.stream.threads", "?"))
          .append(" stream threads | ")
          .append(r.verdict())
          .append(" | ")
          .append(matched)
          .append(" of ")
          .append(r.windows().size())
          .append(" | ")
          .append(latency(r, "ack_from_intended"))
          .append(" | ")
          .append(latency(r, "window_completion"))
          .append(" | ")
          .append(latency(r, "click_visibility"))
          .append(" | ")
          .append(
              r.slos().stream()
                  .map(
                      slo ->
                          slo.name()
                              + " "
                              + slo.threshold()
                              + (slo.met() ? " met" : " breached")
                              + " ("
                              + slo.actual()
                              + ")")
                  .collect(java.util.stream.Collectors.joining("; ")))
          .append(" |\n");
    }
    return sb.toString();
  }

  static String summary(Comparison c) {
    VerificationReport a = c.runs().get(0);
    return "scenario "
        + a.run().scenario()
        + ", seed "
        + a.run().seed()
        + ", anchor "
        + a.run().anchor()
        + ", campaign prefix "
        + a.run().campaignPrefix()
        + ": "
        + a.run().clicksSent()
        + " clicks into "
        + c.windows()
        + " windows; truth "
        + (c.sameTruth() ? "identical" : "DIFFERENT")
        + ", observed counts "
        + (c.countDifferences().isEmpty()
            ? "identical window for window"
            : "DIFFERENT in " + c.countDifferences().size() + " windows");
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && !(args.length == 4 && args[2].equals("--doc"))) {
      System.err.println("usage: ProfileComparison RUN_DIR_A RUN_DIR_B [--doc FILE]");
      System.exit(2);
    }
    Comparison c = compare(VerifyJson.read(Path.of(args[0])), VerifyJson.read(Path.of(args[1])));
    String text = summary(c) + "\n\n" + table(c);
    System.out.print(text);
    c.countDifferences().stream().limit(20).forEach(d -> System.out.println("differs: " + d));
    if (args.length == 4) {
      Path doc = Path.of(args[3]);
      String before = Files.exists(doc) ? Files.readString(doc) : "";
      String marker = "<!-- figures: written by bench/profiles.sh -->";
      int at = before.indexOf(marker);
      String head = at < 0 ? before : before.substring(0, at);
      Files.writeString(doc, head + marker + "\n\n" + text);
    }
    System.exit(c.sameCounts() ? 0 : 1);
  }
}
