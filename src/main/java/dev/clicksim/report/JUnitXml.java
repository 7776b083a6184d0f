package dev.clicksim.report;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} in the JUnit/Ant format CI servers read: one test case per campaign, failing
 * with its differing windows, one per SLO, and one per fault, failing when the stack could not do
 * it, the table did not catch up after it, or it cost clicks the run's processing guarantee does
 * not allow (lost clicks under any guarantee, doubled ones under exactly_once); its time is the
 * recovery time.
 */
public final class JUnitXml {

  public static final String FILE = "junit.xml";
  private static final DateTimeFormatter LOCAL_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private JUnitXml() {}

  /** Writes {@code runDir/junit.xml} and returns its path. */
  public static Path write(VerificationReport report, Path runDir) {
    Path file = runDir.resolve(FILE);
    try {
      Files.writeString(file, toXml(report), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static String toXml(VerificationReport report) {
    Map<String, List<WindowRow>> differing =
        report.differingWindows().stream()
            .collect(
                Collectors.groupingBy(
                    WindowRow::campaignId, LinkedHashMap::new, Collectors.toList()));
    List<FaultRow> faults = report.timeline() == null ? List.of() : report.timeline().faults();
    String guarantee = guarantee(report.run());
    int tests = report.campaigns().size() + report.slos().size() + faults.size();
    long failures =
        faults.stream().filter(f -> f.problem(guarantee) != null).count()
            + report.campaigns().stream()
                .filter(c -> !c.allMatched() || differing.containsKey(c.campaignId()))
                .count()
            + report.slos().stream().filter(s -> !s.met()).count();
    RunSummary run = report.run();
    String suite = "clicksim verify " + run.scenario();
    String classPrefix = "clicksim." + run.scenario();
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
      x.writeStartDocument("UTF-8", "1.0");
      nl(x, 0);
      x.writeStartElement("testsuites");
      attr(x, "name", "clicksim");
      attr(x, "tests", tests);
      attr(x, "failures", failures);
      attr(x, "errors", 0);
      nl(x, 1);
      x.writeStartElement("testsuite");
      attr(x, "name", suite);
      attr(x, "tests", tests);
      attr(x, "failures", failures);
      attr(x, "errors", 0);
      attr(x, "skipped", 0);
      attr(x, "time", 0);
      if (report.generatedAt() != null) {
        attr(
            x, "timestamp", LOCAL_UTC.format(report.generatedAt().truncatedTo(ChronoUnit.SECONDS)));
      }
      attr(x, "hostname", "clicksim");
      nl(x, 2);
      x.writeStartElement("properties");
      Map<String, String> props = new LinkedHashMap<>();
      props.put("runId", run.runId());
      props.put("scenario", run.scenario());
      props.put("seed", Long.toString(run.seed()));
      props.put("verdict", report.verdict());
      props.put("exitCode", Integer.toString(report.exitCode()));
      props.put("table", report.table());
      props.put("layout", report.layout());
      props.put("target", run.target());
      props.putAll(run.settings());
      for (Map.Entry<String, String> p : props.entrySet()) {
        nl(x, 3);
        x.writeEmptyElement("property");
        attr(x, "name", p.getKey());
        attr(x, "value", p.getValue());
      }
      nl(x, 2);
      x.writeEndElement();
      for (CampaignSummary c : report.campaigns()) {
        List<WindowRow> rows = differing.getOrDefault(c.campaignId(), List.of());
        nl(x, 2);
        x.writeStartElement("testcase");
        attr(x, "name", "campaign " + c.campaignId());
        attr(x, "classname", classPrefix + ".campaigns");
        attr(x, "time", 0);
        if (!c.allMatched() || !rows.isEmpty()) {
          nl(x, 3);
          x.writeStartElement("failure");
          attr(
              x,
              "message",
              (c.windows() - c.matched())
                  + " of "
                  + c.windows()
                  + " windows differ: expected "
                  + c.expected()
                  + " clicks, observed "
                  + c.observed());
          attr(x, "type", report.verdict());
          x.writeCharacters(clean(windowTable(rows, run.windowSizeMs())));
          x.writeEndElement();
          nl(x, 2);
        }
        x.writeEndElement();
      }
      for (SloResult s : report.slos()) {
        nl(x, 2);
        x.writeStartElement("testcase");
        attr(x, "name", "slo " + s.name());
        attr(x, "classname", classPrefix + ".slo");
        attr(x, "time", 0);
        if (!s.met()) {
          nl(x, 3);
          x.writeStartElement("failure");
          attr(x, "message", s.name() + ": " + s.actual() + " breaches " + s.threshold());
          attr(x, "type", VerificationReport.SLO_BREACHED);
          x.writeCharacters(clean("threshold " + s.threshold() + ", actual " + s.actual() + "\n"));
          x.writeEndElement();
          nl(x, 2);
        }
        x.writeEndElement();
      }
      for (FaultRow f : faults) {
        nl(x, 2);
        x.writeStartElement("testcase");
        attr(x, "name", "fault " + f.number() + " " + f.fault());
        attr(x, "classname", classPrefix + ".faults");
        attr(x, "time", f.recoverySeconds() == null ? 0 : f.recoverySeconds());
        String problem = f.problem(guarantee);
        if (problem != null) {
          nl(x, 3);
          x.writeStartElement("failure");
          attr(x, "message", "fault " + f.number() + " " + f.fault() + ": " + problem);
          attr(x, "type", "FAULT");
          x.writeCharacters(clean(f.describe() + "\n"));
          x.writeEndElement();
          nl(x, 2);
        } else {
          nl(x, 3);
          x.writeStartElement("system-out");
          x.writeCharacters(clean(f.describe() + "\n"));
          x.writeEndElement();
          nl(x, 2);
        }
        x.writeEndElement();
      }
      nl(x, 1);
      x.writeEndElement();
      nl(x, 0);
      x.writeEndElement();
      nl(x, 0);
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the JUnit XML: " + e.getMessage(), e);
    }
    return text.toString();
  }

  /**
   * The windowed count's processing guarantee as the run recorded it; ksqlDB's default, {@code
   * at_least_once}, when it did not.
   */
  static String guarantee(RunSummary run) {
    return run.settings().getOrDefault("streams.processing.guarantee", "at_least_once");
  }

  /** The differing windows as an aligned plain-text table, the way CI shows a failure's body. */
  static String windowTable(List<WindowRow> rows, long windowSizeMs) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-24s %-41s %9s %9s %10s  %s%n",
            "campaign", "window (UTC)", "expected", "observed", "difference", "class"));
    for (WindowRow r : rows) {
      b.append(
          String.format(
              "%-24s %-41s %9d %9s %+10d  %s%n",
              r.campaignId(),
              window(r, windowSizeMs),
              r.expected(),
              r.observed() == null ? "absent" : r.observed().toString(),
              r.difference(),
              r.verdictText()));
      if (r.attribution() != null) {
        b.append("    ")
            .append(r.stage() == null ? "note" : "stage " + r.stage())
            .append(": ")
            .append(r.attribution())
            .append(System.lineSeparator());
      }
    }
    return b.toString();
  }

  static String window(WindowRow r, long windowSizeMs) {
    return DisplayText.window(r.windowStartMs(), r.windowEndMs(), windowSizeMs);
  }

  private static void attr(XMLStreamWriter x, String name, Object value) throws XMLStreamException {
    x.writeAttribute(name, clean(value == null ? "" : value.toString()));
  }

  private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
    x.writeCharacters("\n" + "  ".repeat(depth));
  }

  /**
   * Replaces characters XML 1.0 cannot carry at all (control characters, lone surrogates); the
   * writer escapes the rest.
   */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD);
      if (!ok && b == null) {
        b = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (b != null) {
        b.append(ok ? c : '\uFFFD');
      }
    }
    return b == null ? s : b.toString();
  }
}
