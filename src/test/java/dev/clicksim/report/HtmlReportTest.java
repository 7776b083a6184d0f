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
}
