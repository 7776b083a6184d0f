package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

  private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);

  @TempDir Path dir;

  /** Each chart as a parsed XML document: the SVG must be well-formed on its own. */
  static List<Document> charts(String html) throws Exception {
    List<Document> out = new ArrayList<>();
    Matcher m = SVG.matcher(html);
    while (m.find()) {
      out.add(
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8))));
    }
    return out;
  }

  @Test
  void should_draw_the_three_charts_as_well_formed_svg() throws Exception {
    String html = Files.readString(HtmlReport.write(ReportFixtures.mismatch(), dir));

    List<Document> charts = charts(html);
    assertThat(charts)
        .extracting(d -> d.getDocumentElement().getAttribute("data-chart"))
        .containsExactly("counts", "latency", "send-rate");
    Document counts = charts.get(0);
    assertThat(counts.getElementsByTagName("g").getLength()).isGreaterThanOrEqualTo(4);
    // Red dots for the lost, duplicated and unexpected windows plus the legend's; the missing
    // window is a cross.
    assertThat(counts.getElementsByTagName("circle").getLength()).isEqualTo(3 + 1);
    assertThat(charts.get(1).getElementsByTagName("polyline").getLength()).isEqualTo(4);
    assertThat(charts.get(2).getElementsByTagName("polyline").getLength()).isEqualTo(2);
  }

  @Test
  void should_mark_each_fault_on_the_send_rate_and_window_completion_charts_and_list_its_cost()
      throws Exception {
    String html = HtmlReport.render(ReportFixtures.withFaults());

    List<Document> charts = charts(html);
    assertThat(charts)
        .extracting(d -> d.getDocumentElement().getAttribute("data-chart"))
        .containsExactly("counts", "latency", "send-rate", "window-completion");
    for (Document chart : charts.subList(2, 4)) {
      List<String> labels = new ArrayList<>();
      NodeList texts = chart.getElementsByTagName("text");
      for (int i = 0; i < texts.getLength(); i++) {
        Element t = (Element) texts.item(i);
        if (t.getAttribute("class").equals("fault-label")) {
          labels.add(t.getTextContent());
        }
      }
      assertThat(labels).containsExactly("1 pause:postgres@25%/5s", "2 kill:postgres@67%");
      assertThat(chart.getElementsByTagName("rect").getLength())
          .as("a recovery band per fault")
          .isGreaterThanOrEqualTo(2);
    }
    assertThat(charts.get(3).getElementsByTagName("circle").getLength())
        .as("a dot per window and the legend's")
        .isEqualTo(59 + 1);
    assertThat(html)
        .contains("<h2>Faults and recovery</h2>")
        .containsPattern(
            "data-fault=\"2\"><td>2</td><td class=\"text\"><code>kill:postgres@67%</code></td>"
                + "<td class=\"text when\">2026-11-28 02:08:20 UTC<br>\\+80.0 s, scenario 80 s</td>"
                + "<td class=\"text\">SIGKILL of postgres \\(pid 4242\\)</td><td>4.1 s</td><td>3</td>"
                + "<td>0</td><td class=\"text\">3 lost by the sink in 1 window")
        .contains("Not attributable to any fault: 1 added by the aggregation in 1 window.");
  }

  @Test
  void should_leave_the_faults_out_of_a_report_without_a_timeline() {
    String html = HtmlReport.render(ReportFixtures.mismatch());

    assertThat(html)
        .doesNotContain("Faults and recovery")
        .doesNotContain("data-chart=\"window-completion\"");
  }

  @Test
  void should_show_the_verdict_summary_and_every_differing_window() throws Exception {
    String html = HtmlReport.render(ReportFixtures.mismatch());

    assertThat(html)
        .containsPattern(
            "<div id=\"verdict\" class=\"verdict v-mismatch\"><span class=\"word\">MISMATCH</span>")
        .contains("4 of 121 windows differ from the truth · exit code 1")
        .contains(
            "117 / 121",
            "max-p99-window-completion",
            "BREACHED",
            "20261128-000000-smoke",
            "CAMPAIGN_CLICK_COUNTS")
        .contains(
            "2026-11-28 00:05:00 - 00:06:00",
            "lost clicks",
            "missing window",
            "duplicated clicks",
            "unexpected window")
        .contains("<em>absent</em>", "quiet-period", "polling every 50 ms", "1 min", "10 s");
  }

  @Test
  void should_list_a_wrong_window_end_with_the_end_in_full_and_shade_the_window() throws Exception {
    String html = HtmlReport.render(ReportFixtures.wrongEnds());

    assertThat(html)
        .contains("6 of 121 windows differ from the truth")
        .contains(
            "<span class=\"kind\">wrong window end: 1970-01-01 00:00:00</span>",
            "<span class=\"kind\">lost clicks, wrong window end: 2026-11-28 00:22:00 to"
                + " 2026-11-28 00:25:00</span>");
    Element c001 = panel(charts(html).get(0), "c-001");
    assertThat(c001.getElementsByTagName("rect").getLength())
        .as("c-001's shaded differing windows")
        .isGreaterThanOrEqualTo(2);
    assertThat(c001.getTextContent()).contains("(wrong window end: 1970-01-01 00:00:00)");
  }

  @Test
  void should_escape_campaign_names_everywhere() {
    String html = HtmlReport.render(ReportFixtures.mismatch());

    assertThat(html)
        .doesNotContain(ReportFixtures.EVIL, "<b>")
        .contains("c-&lt;b&gt;&amp;&quot;x&#39;");
  }

  @Test
  void should_fetch_nothing_from_the_network() {
    String html = HtmlReport.render(ReportFixtures.mismatch());

    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:", "https:", "<script", "<link", "@import", "url(");
  }

  @Test
  void should_keep_the_page_small_for_many_campaigns_and_windows() throws Exception {
    List<String> campaigns =
        IntStream.range(0, 60).mapToObj(i -> String.format("camp-%03d", i)).toList();
    VerificationReport big = ReportFixtures.report(campaigns, 1440, true);
    List<WindowRow> rows = new ArrayList<>(big.windows());
    for (int i = 0; i < 700; i++) {
      WindowRow w = rows.get(i * 7);
      rows.set(
          i * 7,
          new WindowRow(
              w.campaignId(),
              w.windowStartMs(),
              w.windowEndMs(),
              w.expected(),
              w.expected() - 1,
              -1,
              "lost clicks"));
    }
    big =
        new VerificationReport(
            big.run(),
            big.verdict(),
            big.exitCode(),
            big.layout(),
            big.table(),
            rows,
            CampaignSummary.of(rows),
            big.latencies(),
            big.slos(),
            big.sendRate(),
            big.generatedAt());

    String html = HtmlReport.render(big);

    assertThat(html.length()).as("report size for 86,400 windows").isLessThan(3_000_000);
    assertThat(html).contains("Showing 12 of 60 campaigns", "the first 500 are listed");
    assertThat(Pattern.compile("<span class=\"kind\">").matcher(html).results().count())
        .isEqualTo(500);
    assertThat(charts(html)).hasSize(3);
  }

  @Test
  void should_render_empty_charts_with_a_note_when_nothing_was_measured() throws Exception {
    VerificationReport r = ReportFixtures.mismatch();
    VerificationReport empty =
        new VerificationReport(
            r.run(),
            VerificationReport.TIMEOUT,
            7,
            "insert",
            "t",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null);

    String html = HtmlReport.render(empty);

    assertThat(charts(html)).hasSize(3);
    assertThat(html)
        .contains(
            "v-timeout",
            "no windows were compared",
            "no latency was measured",
            "no send rate was recorded");
  }

  @Test
  void should_draw_observed_counts_on_the_same_steps_as_expected_ones() throws Exception {
    Document counts = charts(HtmlReport.render(ReportFixtures.mismatch())).get(0);

    Element matching = panel(counts, "c-001");
    assertThat(steps(observedPath(matching)))
        .as("observed steps of a campaign whose windows all match")
        .hasSize(30)
        .isEqualTo(steps(expectedPath(matching)));
    Element differing = panel(counts, "c-002");
    List<String> observed = steps(observedPath(differing));
    List<String> expected = steps(expectedPath(differing));
    // One window lost clicks (another step height), one is absent (no observed step at all).
    assertThat(expected).hasSize(30);
    assertThat(observed).hasSize(29);
    assertThat(expected).containsAll(observed.subList(0, 5)).doesNotContain(observed.get(5));
    assertThat(differing.getElementsByTagName("rect").getLength())
        .as("shaded differing windows")
        .isEqualTo(2);
    assertThat(matching.getElementsByTagName("rect").getLength()).isZero();
  }

  @Test
  void should_put_the_campaign_and_how_its_windows_compare_on_separate_lines() throws Exception {
    String longId = "rmihr2kx5q7.black-friday-doorbusters-electronics-and-more";
    VerificationReport r = ReportFixtures.report(List.of(longId, "c-002"), 30, false);

    Document counts = charts(HtmlReport.render(r)).get(0);

    for (String id : List.of(longId, "c-002")) {
      Element panel = panel(counts, id);
      Element title = (Element) panel.getElementsByTagName("text").item(0);
      Element status = (Element) panel.getElementsByTagName("text").item(1);
      assertThat(status.getTextContent()).isEqualTo("all 30 windows match");
      assertThat(
              Double.parseDouble(status.getAttribute("y"))
                  - Double.parseDouble(title.getAttribute("y")))
          .as("baseline distance of %s's title and status", id)
          .isGreaterThanOrEqualTo(13);
    }
    Element title = (Element) panel(counts, longId).getElementsByTagName("text").item(0);
    String shown = ownText(title);
    assertThat(shown).contains("…").startsWith("rmihr2kx5q7.").endsWith("-and-more");
    assertThat(shown.length()).isLessThan(longId.length());
  }

  @Test
  void should_draw_a_run_shorter_than_a_second_as_points_and_say_so() throws Exception {
    VerificationReport r =
        ReportFixtures.withSendRate(
            ReportFixtures.mismatch(), List.of(new RatePoint(0.412, 728.2, 750)));

    String html = HtmlReport.render(r);

    Document rate = charts(html).get(2);
    assertThat(rate.getElementsByTagName("circle").getLength())
        .as("sent and target markers")
        .isEqualTo(2);
    assertThat(rate.getDocumentElement().getTextContent())
        .contains(
            "run shorter than a second: one measurement over 0.41 s, 728 clicks/s sent,"
                + " 750 clicks/s asked for");
    assertThat(html).doesNotContain("no send rate was recorded");
  }

  @Test
  void should_quote_campaign_ids_that_differ_only_by_trailing_whitespace() {
    VerificationReport base = ReportFixtures.report(List.of("c-1", "c-1 "), 3, false);

    String html = HtmlReport.render(base);

    assertThat(html)
        .contains("<td class=\"text\">c-1</td>")
        .contains("<td class=\"text\">&quot;c-1 &quot;</td>")
        .doesNotContain("<td class=\"text\">c-1 </td>");
  }

  @Test
  void should_print_the_end_of_a_shifted_window_in_full() {
    VerificationReport base = ReportFixtures.mismatch();
    List<WindowRow> rows = new ArrayList<>(base.windows());
    long end = ReportFixtures.ANCHOR.toEpochMilli() + 40 * ReportFixtures.WINDOW_MS;
    rows.add(new WindowRow("c-001", end, end, 0, 9L, 9, "unexpected window"));

    String html = HtmlReport.render(ReportFixtures.withWindows(base, rows));

    assertThat(html)
        .contains("2026-11-28 00:40:00 - 2026-11-28 00:40:00")
        .contains("2026-11-28 00:05:00 - 00:06:00");
  }

  /** The panel of campaign {@code id}: the {@code g} whose first text's tooltip is the id. */
  private static Element panel(Document chart, String id) {
    NodeList groups = chart.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if ("panel".equals(g.getAttribute("class"))) {
        Element title = (Element) g.getElementsByTagName("title").item(0);
        if (title != null && title.getTextContent().equals(id)) {
          return g;
        }
      }
    }
    throw new AssertionError("no panel for campaign " + id);
  }

  /** The element's text without that of its children (a {@code <title>} tooltip). */
  private static String ownText(Element e) {
    StringBuilder b = new StringBuilder();
    for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
        b.append(n.getNodeValue());
      }
    }
    return b.toString();
  }

  private static String expectedPath(Element panel) {
    return pathWith(panel, "fill", Charts.EXPECTED_FILL);
  }

  private static String observedPath(Element panel) {
    return pathWith(panel, "class", "observed");
  }

  private static String pathWith(Element panel, String attribute, String value) {
    NodeList paths = panel.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      if (value.equals(p.getAttribute(attribute))) {
        return p.getAttribute("d");
      }
    }
    throw new AssertionError("no path with " + attribute + "=" + value);
  }

  /** The horizontal segments of an SVG path of M, V and H commands, as "x0-x1@y". */
  private static List<String> steps(String d) {
    List<String> steps = new ArrayList<>();
    Matcher m = Pattern.compile("([MVH])([-0-9.]+)(?: ([-0-9.]+))?").matcher(d);
    String x = null;
    String y = null;
    while (m.find()) {
      switch (m.group(1)) {
        case "M" -> {
          x = m.group(2);
          y = m.group(3);
        }
        case "V" -> y = m.group(2);
        default -> {
          steps.add(x + "-" + m.group(2) + "@" + y);
          x = m.group(2);
        }
      }
    }
    return steps;
  }
}
