package dev.clicksim.api;

import dev.clicksim.report.DisplayText;
import dev.clicksim.usecase.Verification;
import dev.clicksim.verify.ThreeWayAccounting;
import dev.clicksim.verify.WindowVerdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run found: the verdict, every window with its class, the SLOs, and where the reports
 * are. The {@code assert} methods throw an {@link AssertionError} whose message names the run and
 * each window that differs (campaign, window start and end, expected and actual count, class).
 */
public final class RunReport {

  /** At most this many differing windows are listed in a message; report.html has them all. */
  static final int LISTED = 20;

  private final String scenario;
  private final long seed;
  private final Verdict verdict;
  private final int exitCode;
  private final List<WindowResult> windows;
  private final List<SloResult> slos;
  private final Path runDirectory;
  private final long windowSizeMs;
  private final long graceMs;

  RunReport(
      String scenario,
      long seed,
      Verdict verdict,
      int exitCode,
      List<WindowResult> windows,
      List<SloResult> slos,
      Path runDirectory,
      long windowSizeMs,
      long graceMs) {
    this.scenario = scenario;
    this.seed = seed;
    this.verdict = verdict;
    this.exitCode = exitCode;
    this.windows = List.copyOf(windows);
    this.slos = List.copyOf(slos);
    this.runDirectory = runDirectory;
    this.windowSizeMs = windowSizeMs;
    this.graceMs = graceMs;
  }

  static RunReport of(Verification.Result r) {
    List<WindowResult> windows = new ArrayList<>();
    List<WindowVerdict> verdicts = r.comparison().verdicts();
    for (int i = 0; i < verdicts.size(); i++) {
      WindowVerdict v = verdicts.get(i);
      String stage = null;
      if (r.accounting() != null && !v.matched()) {
        ThreeWayAccounting.AccountedWindow a = r.accounting().windows().get(i);
        stage =
            a.findings().isEmpty()
                ? a.note()
                : "stage " + a.stage().text() + ": " + a.describeFindings();
      }
      windows.add(
          new WindowResult(
              v.campaignId(),
              Instant.ofEpochMilli(v.windowStartMs()),
              Instant.ofEpochMilli(v.windowEndMs()),
              v.expected(),
              v.observed(),
              WindowClass.of(v.kind()),
              Verification.wrongEndText(v),
              stage));
    }
    List<SloResult> slos =
        r.slos().stream()
            .map(s -> new SloResult(s.name(), s.threshold(), s.actual(), s.met()))
            .toList();
    return new RunReport(
        r.info().scenario(),
        r.info().seed(),
        Verdict.valueOf(r.outcome().verdict().name()),
        exitCodeOf(r.outcome()),
        windows,
        slos,
        r.run().path(),
        r.info().windowSizeMs(),
        r.info().graceMs());
  }

  /** The exit code {@code clicksim run} gives the same outcome (kept equal to cli's by a test). */
  static int exitCodeOf(Verification.Outcome outcome) {
    if (!outcome.countsAccepted()) {
      return 1;
    }
    return outcome.verdict() == Verification.Verdict.SLO_BREACHED ? 3 : 0;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** What {@code clicksim run} would exit with: 0 match, 1 mismatch, 3 SLO breached. */
  public int exitCode() {
    return exitCode;
  }

  /** Every window, sorted by campaign then start. */
  public List<WindowResult> windows() {
    return windows;
  }

  /** The windows of the given classes. */
  public List<WindowResult> windows(WindowClass first, WindowClass... more) {
    Set<WindowClass> wanted = EnumSet.of(first, more);
    return windows.stream().filter(w -> wanted.contains(w.windowClass())).toList();
  }

  /** The windows that differ from the truth. */
  public List<WindowResult> differing() {
    return windows.stream().filter(w -> !w.matched()).toList();
  }

  public List<SloResult> slos() {
    return slos;
  }

  /** The run's directory: run.json, truth.csv, verify.json, junit.xml, report.html. */
  public Path runDirectory() {
    return runDirectory;
  }

  public Path reportHtml() {
    return runDirectory.resolve("report.html");
  }

  /** Throws unless every window matched and every SLO was met. */
  public RunReport assertMatched() {
    return assertVerdict(Verdict.MATCH);
  }

  /** Throws unless the verdict is {@code expected}. */
  public RunReport assertVerdict(Verdict expected) {
    if (verdict != expected) {
      throw new AssertionError("expected " + expected + ", but " + describe());
    }
    return this;
  }

  /** Throws unless each differing window is of one of the given classes (and at least one is). */
  public RunReport assertDifferingOnlyAs(WindowClass first, WindowClass... more) {
    Set<WindowClass> allowed = EnumSet.of(first, more);
    List<WindowResult> differing = differing();
    List<WindowResult> others =
        differing.stream().filter(w -> !allowed.contains(w.windowClass())).toList();
    if (differing.isEmpty() || !others.isEmpty()) {
      List<String> names = new ArrayList<>();
      names.add(first.text());
      Arrays.stream(more).map(WindowClass::text).forEach(names::add);
      throw new AssertionError(
          "expected differing windows of class "
              + String.join(" or ", names)
              + (differing.isEmpty() ? " and at least one" : "")
              + ", but "
              + describe(others.isEmpty() ? differing : others));
    }
    return this;
  }

  /** Throws unless every SLO was met, naming each breached one. */
  public RunReport assertSlosMet() {
    List<SloResult> breached = slos.stream().filter(s -> !s.met()).toList();
    if (!breached.isEmpty()) {
      StringBuilder b = new StringBuilder(headline()).append(": SLOs breached:");
      for (SloResult s : breached) {
        b.append(
            String.format(
                Locale.ROOT,
                "%n  %-30s threshold %-10s actual %s",
                s.name(),
                s.threshold(),
                s.actual()));
      }
      throw new AssertionError(b.append(reportLine()).toString());
    }
    return this;
  }

  /** The verdict and each differing window, as an assertion prints it. */
  public String describe() {
    return describe(differing());
  }

  private String describe(List<WindowResult> listed) {
    long differing = windows.stream().filter(w -> !w.matched()).count();
    StringBuilder b =
        new StringBuilder(headline())
            .append(": ")
            .append(verdict)
            .append(" - ")
            .append(
                differing == 0
                    ? "all " + windows.size() + " windows matched"
                    : differing + " of " + windows.size() + " windows differ");
    if (!listed.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%n  %-34s %-41s %9s %9s %7s  %s",
              "campaign",
              "window (UTC)",
              "expected",
              "actual",
              "diff",
              "class"));
    }
    for (WindowResult w : listed.subList(0, Math.min(LISTED, listed.size()))) {
      b.append(
          String.format(
              Locale.ROOT,
              "%n  %-34s %-41s %9d %9s %+7d  %s",
              DisplayText.campaignId(w.campaignId()),
              DisplayText.window(w.start().toEpochMilli(), w.end().toEpochMilli(), windowSizeMs),
              w.expected(),
              w.observed() == null ? "absent" : w.observed().toString(),
              w.difference(),
              DisplayText.verdict(w.windowClass().text(), w.wrongEnd())));
      if (w.stage() != null) {
        b.append(String.format("%n      %s", w.stage()));
      }
    }
    if (listed.size() > LISTED) {
      b.append(String.format("%n  ... and %d more (see the report)", listed.size() - LISTED));
    }
    slos.stream()
        .filter(s -> !s.met())
        .forEach(
            s ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "%n  SLO %s breached: threshold %s, actual %s",
                        s.name(),
                        s.threshold(),
                        s.actual())));
    return b.append(reportLine()).toString();
  }

  private String headline() {
    return "clicksim run of "
        + scenario
        + " (seed "
        + seed
        + ", truth with grace "
        + graceMs / 1000.0
        + " s)";
  }

  private String reportLine() {
    return String.format("%n  report: %s", reportHtml().toAbsolutePath());
  }

  @Override
  public String toString() {
    return headline() + ": " + verdict;
  }
}
