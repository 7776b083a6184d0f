package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {

  @TempDir Path dir;

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element testcase(Document doc, String name) {
    return elements(doc, "testcase").stream()
        .filter(e -> e.getAttribute("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no testcase named " + name));
  }

  @Test
  void should_write_one_test_case_per_campaign_and_per_slo_with_failures_counted()
      throws Exception {
    Document doc = parse(JUnitXml.write(ReportFixtures.mismatch(), dir));

    Element suites = doc.getDocumentElement();
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    assertThat(suites.getAttribute("tests")).isEqualTo("7");
    assertThat(suites.getAttribute("failures")).isEqualTo("5");
    Element suite = elements(doc, "testsuite").get(0);
    assertThat(suite.getAttribute("name")).isEqualTo("clicksim verify smoke");
    assertThat(suite.getAttribute("tests")).isEqualTo("7");
    assertThat(suite.getAttribute("failures")).isEqualTo("5");
    assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-28T02:10:03");
    assertThat(elements(doc, "testcase"))
        .extracting(e -> e.getAttribute("name"))
        .containsExactly(
            "campaign c-001",
            "campaign c-002",
            "campaign c-004",
            "campaign " + ReportFixtures.EVIL,
            "slo max-p99-ack",
            "slo max-p99-window-completion",
            "slo min-match");
    assertThat(elements(doc, "failure")).hasSize(5);
    assertThat(testcase(doc, "campaign c-001").getElementsByTagName("failure").getLength())
        .isZero();
    assertThat(testcase(doc, "slo max-p99-ack").getElementsByTagName("failure").getLength())
        .isZero();
    assertThat(elements(doc, "property"))
        .extracting(e -> e.getAttribute("name"))
        .contains("runId", "seed", "verdict", "quiet-period");
  }

  @Test
  void should_write_a_test_case_per_fault_failing_the_one_that_lost_clicks() throws Exception {
    Document doc = parse(JUnitXml.write(ReportFixtures.withFaults(), dir));

    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("9");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("6");
    Element pause = testcase(doc, "fault 1 pause:postgres@25%/5s");
    assertThat(pause.getAttribute("classname")).isEqualTo("clicksim.smoke.faults");
    assertThat(pause.getAttribute("time")).isEqualTo("7.3");
    assertThat(pause.getElementsByTagName("failure").getLength()).isZero();
    assertThat(pause.getElementsByTagName("system-out").item(0).getTextContent())
        .contains("table caught up in 7.3 s; no click lost or added");
    Element kill = testcase(doc, "fault 2 kill:postgres@67%");
    Element failure = (Element) kill.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("FAULT");
    assertThat(failure.getAttribute("message"))
        .isEqualTo("fault 2 kill:postgres@67%: it cost clicks: 3 lost by the sink in 1 window");
  }

  @Test
  void should_fail_a_fault_that_doubled_clicks_only_under_exactly_once() {
    FaultRow doubled =
        new FaultRow(
            1,
            "kill:aggregation@50%",
            "kill",
            "aggregation",
            null,
            "50%",
            1,
            null,
            1.0,
            1.0,
            "SIGKILL",
            false,
            3.0,
            4.0,
            0,
            null,
            List.of(new StageClicks("aggregation", 0, 5)),
            2,
            List.of());

    assertThat(doubled.problem("at_least_once")).isNull();
    assertThat(doubled.problem("exactly_once_v2"))
        .isEqualTo(
            "it doubled clicks under exactly_once_v2: 5 added by the aggregation in 2 windows");
    assertThat(
            JUnitXml.toXml(
                ReportFixtures.withSetting(
                    ReportFixtures.withTimeline(
                        ReportFixtures.mismatch(),
                        new Timeline("m", List.of(doubled), List.of(), 0, List.of())),
                    "streams.processing.guarantee",
                    "exactly_once_v2")))
        .contains("type=\"FAULT\"");
  }

  @Test
  void should_fail_a_fault_the_stack_could_not_do_or_the_table_never_caught_up_with() {
    FaultRow failed =
        new FaultRow(
            1,
            "kill:broker@50%",
            "kill",
            "broker",
            null,
            "50%",
            1,
            null,
            1.0,
            1.0,
            "broker unreachable",
            true,
            null,
            null,
            0,
            "not measured",
            List.of(),
            0,
            List.of());
    FaultRow stuck =
        new FaultRow(
            2,
            "kill:postgres@60%",
            "kill",
            "postgres",
            null,
            "60%",
            1,
            null,
            2.0,
            2.0,
            "SIGKILL",
            false,
            null,
            null,
            0,
            "not caught up: the table showed none of the 9 clicks acknowledged after the fault",
            List.of(),
            0,
            List.of());

    assertThat(failed.problem("at_least_once"))
        .isEqualTo("the stack could not do it: broker unreachable");
    assertThat(stuck.problem("at_least_once")).startsWith("not caught up");
  }

  @Test
  void should_list_the_differing_windows_in_a_failing_campaign() throws Exception {
    Document doc = parse(JUnitXml.write(ReportFixtures.mismatch(), dir));

    Element failure =
        (Element) testcase(doc, "campaign c-002").getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo(
            "2 of 30 windows differ: expected "
                + campaign("c-002")[0]
                + " clicks, observed "
                + campaign("c-002")[1]);
    assertThat(failure.getTextContent().lines().toList()).hasSize(3);
    assertThat(failure.getTextContent())
        .containsPattern("c-002 +2026-11-28 00:05:00 - 00:06:00 +\\d+ +\\d+ +-3  lost clicks")
        .containsPattern(
            "c-002 +2026-11-28 00:12:00 - 00:13:00 +\\d+ +absent +-\\d+  missing window");
    Element evil =
        (Element)
            testcase(doc, "campaign " + ReportFixtures.EVIL)
                .getElementsByTagName("failure")
                .item(0);
    assertThat(evil.getTextContent())
        .contains(ReportFixtures.EVIL)
        .containsPattern("\\+1  duplicated clicks");
    Element slo =
        (Element)
            testcase(doc, "slo max-p99-window-completion").getElementsByTagName("failure").item(0);
    assertThat(slo.getAttribute("message"))
        .isEqualTo("max-p99-window-completion: 2.6s breaches 2s");
  }

  @Test
  void should_fail_a_campaign_with_a_wrong_window_end_and_show_the_end_in_full() throws Exception {
    Document doc = parse(JUnitXml.write(ReportFixtures.wrongEnds(), dir));

    Element failure =
        (Element) testcase(doc, "campaign c-001").getElementsByTagName("failure").item(0);
    assertThat(failure).as("c-001's failure").isNotNull();
    assertThat(failure.getAttribute("message")).startsWith("2 of 30 windows differ");
    assertThat(failure.getTextContent())
        .containsPattern(
            "c-001 +2026-11-28 00:20:00 - 00:21:00 +\\d+ +\\d+ +\\+0  wrong window end: 1970-01-01 00:00:00")
        .containsPattern(
            "c-001 +2026-11-28 00:21:00 - 00:22:00 +\\d+ +\\d+ +-1  lost clicks, wrong window end:"
                + " 2026-11-28 00:22:00 to 2026-11-28 00:25:00");
  }

  @Test
  void should_stay_parseable_when_names_hold_characters_xml_cannot_carry() throws Exception {
    VerificationReport r = ReportFixtures.report(List.of("bell\u0007", "ok]]>&"), 3, true);

    Document doc = parse(JUnitXml.write(r, dir));

    assertThat(elements(doc, "testcase"))
        .extracting(e -> e.getAttribute("name"))
        .contains("campaign bell\uFFFD", "campaign ok]]>&");
  }

  private static long[] campaign(String id) {
    CampaignSummary c =
        ReportFixtures.mismatch().campaigns().stream()
            .filter(s -> s.campaignId().equals(id))
            .findFirst()
            .orElseThrow();
    return new long[] {c.expected(), c.observed()};
  }
}
