package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium (Debian's {@code chromium}) and checks what it parsed and
 * painted.
 */
class HtmlReportChromiumTest {

  private static final Path CHROMIUM =
      Path.of(System.getProperty("clicksim.chromium", "/usr/bin/chromium"));
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path dir;

  private Path page;

  @BeforeEach
  void writeReport() {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed: apt-get install chromium");
    page = HtmlReport.write(ReportFixtures.mismatch(), dir);
  }

  @Test
  void should_parse_three_drawn_charts_and_the_verdict() throws Exception {
    String dom = chromium("--dump-dom");

    assertThat(dom).containsPattern("id=\"verdict\"[^>]*>\\s*<span class=\"word\">MISMATCH</span>");
    assertThat(drawn(dom, "counts"))
        .as("paths, rects, circles in the counts chart")
        .isGreaterThanOrEqualTo(4 * 2 + 3);
    assertThat(drawn(dom, "latency")).as("curves in the latency chart").isGreaterThanOrEqualTo(4);
    assertThat(drawn(dom, "send-rate"))
        .as("lines in the send-rate chart")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void should_paint_the_verdict_and_every_chart_into_a_screenshot() throws Exception {
    Path png = dir.resolve("report.png");
    chromium("--screenshot=" + png, "--window-size=1280,3600", "--hide-scrollbars");

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot %s", png).isNotNull();
    keepForHumans(png);
    Map<Integer, Integer> colours = new HashMap<>();
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.merge(rgb, 1, Integer::sum);
        nonWhite += rgb == 0xFFFFFF ? 0 : 1;
      }
    }
    assertThat(colours.size()).as("distinct colours").isGreaterThan(200);
    assertThat(nonWhite)
        .as("non-white pixels")
        .isGreaterThan((long) image.getWidth() * image.getHeight() / 10);
    // Solid fills painted in their exact colour: the verdict badge and the expected areas.
    assertThat(colours.getOrDefault(0xCF222E, 0))
        .as("red MISMATCH badge pixels")
        .isGreaterThan(10_000);
    assertThat(colours.getOrDefault(0xD0D7DE, 0))
        .as("expected-count area pixels")
        .isGreaterThan(5_000);
    // Anti-aliased strokes: count pixels close to the colour.
    assertThat(near(image, 0x0969DA)).as("blue observed / sent lines").isGreaterThan(1_000);
    assertThat(near(image, 0x8250DF)).as("purple ack_from_actual curve").isGreaterThan(200);
    assertThat(near(image, 0xBC4C00))
        .as("orange click_visibility curve and dashed target")
        .isGreaterThan(400);
  }

  @Test
  void should_paint_the_send_rate_of_a_run_shorter_than_a_second() throws Exception {
    VerificationReport base = ReportFixtures.mismatch();
    // No counts and no latency charts, so the send-rate chart is all that is blue or orange.
    VerificationReport bare =
        new VerificationReport(
            base.run(),
            base.verdict(),
            base.exitCode(),
            base.layout(),
            base.table(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            base.generatedAt());
    BufferedImage none = screenshot(bare, "none");
    BufferedImage onePoint =
        screenshot(
            ReportFixtures.withSendRate(bare, List.of(new RatePoint(0.41, 728, 750))), "one-point");

    assertThat(near(onePoint, 0x0969DA) - near(none, 0x0969DA))
        .as("blue pixels of the sent marker")
        .isGreaterThan(60);
    assertThat(near(onePoint, 0xBC4C00) - near(none, 0xBC4C00))
        .as("orange pixels of the target marker")
        .isGreaterThan(40);
  }

  @Test
  void should_draw_and_paint_each_fault_on_the_send_rate_and_window_completion_charts()
      throws Exception {
    page = HtmlReport.write(ReportFixtures.withFaults(), Files.createDirectories(dir.resolve("f")));
    String dom = chromium("--dump-dom");

    assertThat(drawn(dom, "window-completion"))
        .as("a dot per window, the legend and the recovery bands")
        .isGreaterThanOrEqualTo(59 + 2);
    assertThat(Pattern.compile("<g class=\"fault\" data-fault=\"").matcher(dom).results().count())
        .as("each fault marked on both charts")
        .isEqualTo(4);
    assertThat(dom).contains("<h2>Faults and recovery</h2>");

    BufferedImage faults = screenshot(ReportFixtures.withFaults(), "faults", 5600);
    keepForHumans(dir.resolve("faults/report.png"), "report-faults.png");
    BufferedImage none = screenshot(ReportFixtures.mismatch(), "no-faults", 5600);
    assertThat(near(faults, 0x6639BA) - near(none, 0x6639BA))
        .as("purple pixels of the fault markers and their labels")
        .isGreaterThan(500);
  }

  private BufferedImage screenshot(VerificationReport report, String name) throws Exception {
    return screenshot(report, name, 2400);
  }

  private BufferedImage screenshot(VerificationReport report, String name, int height)
      throws Exception {
    Path pageDir = Files.createDirectories(dir.resolve(name));
    page = HtmlReport.write(report, pageDir);
    Path png = pageDir.resolve("report.png");
    chromium("--screenshot=" + png, "--window-size=1280," + height, "--hide-scrollbars");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot %s", png).isNotNull();
    return image;
  }

  private String chromium(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(args));
    cmd.add(page.toUri().toString());
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(
          "chromium did not finish within "
              + TIMEOUT_SECONDS
              + " s: "
              + String.join(" ", cmd)
              + "\n"
              + Files.readString(err));
    }
    if (p.exitValue() != 0) {
      fail(
          "chromium exited with "
              + p.exitValue()
              + ": "
              + String.join(" ", cmd)
              + "\n"
              + Files.readString(err));
    }
    return Files.readString(out);
  }

  /** Drawn shapes inside {@code <svg data-chart=name>}; fails if the chart is missing. */
  private static long drawn(String dom, String chart) {
    Matcher m =
        Pattern.compile("<svg[^>]*data-chart=\"" + chart + "\".*?</svg>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).as("an <svg data-chart=\"%s\"> in the DOM", chart).isTrue();
    return Pattern.compile("<(path|polyline|rect|circle)\\b").matcher(m.group()).results().count();
  }

  private static long near(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int c = image.getRGB(x, y) & 0xFFFFFF;
        if (Math.abs((c >> 16) - (rgb >> 16))
                + Math.abs(((c >> 8) & 0xFF) - ((rgb >> 8) & 0xFF))
                + Math.abs((c & 0xFF) - (rgb & 0xFF))
            < 40) {
          n++;
        }
      }
    }
    return n;
  }

  /** CI can archive target/chromium/report.png; a person can look at what the test saw. */
  private static void keepForHumans(Path png) throws IOException {
    keepForHumans(png, "report.png");
  }

  private static void keepForHumans(Path png, String name) throws IOException {
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.createDirectories(target.resolve("chromium"));
      Files.copy(png, target.resolve("chromium/" + name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
