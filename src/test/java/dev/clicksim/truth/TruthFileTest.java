package dev.clicksim.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthFileTest {
  @TempDir Path dir;

  private static final List<WindowTruth> WINDOWS =
      List.of(
          new WindowTruth("p-a", 0, 120_000, 10, 9, 1, 2),
          new WindowTruth("p-a", 120_000, 240_000, 5, 5, 0, 0),
          new WindowTruth("p-b", 0, 120_000, 3, 0, 3, 0));

  @Test
  void should_read_back_what_it_wrote() {
    Path file = dir.resolve("truth.csv");
    TruthFile.write(file, WINDOWS);
    assertThat(TruthFile.read(file)).isEqualTo(WINDOWS);
  }

  @Test
  void should_write_the_header_and_one_sorted_row_per_window() throws IOException {
    Path file = dir.resolve("truth.csv");
    TruthFile.write(file, WINDOWS);
    assertThat(Files.readString(file))
        .isEqualTo(
            """
        campaign_id,window_start_ms,window_end_ms,sent,expected_count,dropped_late,duplicates,counted_in_grace
        p-a,0,120000,10,9,1,2,0
        p-a,120000,240000,5,5,0,0,0
        p-b,0,120000,3,0,3,0,0
        """);
  }

  @Test
  void should_write_the_same_bytes_for_the_same_windows_in_any_order() throws IOException {
    List<WindowTruth> shuffled = new ArrayList<>(WINDOWS);
    Collections.reverse(shuffled);
    TruthFile.write(dir.resolve("a.csv"), WINDOWS);
    TruthFile.write(dir.resolve("b.csv"), shuffled);
    TruthFile.write(dir.resolve("c.csv"), WINDOWS);
    byte[] a = Files.readAllBytes(dir.resolve("a.csv"));
    assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("c.csv"))).isEqualTo(a);
  }

  @Test
  void should_quote_campaign_ids_with_commas_or_quotes() {
    List<WindowTruth> odd = List.of(new WindowTruth("a,\"b\"", 0, 120_000, 1, 1, 0, 0));
    Path file = dir.resolve("odd.csv");
    TruthFile.write(file, odd);
    assertThat(TruthFile.read(file)).isEqualTo(odd);
  }

  @Test
  void should_name_file_and_line_when_a_row_is_bad() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        TruthFile.HEADER + "\np-a,0,120000,1,1,0,0,0\np-a,120000,x,1,1,0,0,0\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .isInstanceOf(TruthFileException.class)
        .hasMessage("truth file " + file + ", line 3: window_end_ms is not an integer: 'x'");

    Files.writeString(file, TruthFile.HEADER + "\np-a,0,120000\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .hasMessage("truth file " + file + ", line 2: expected 8 fields, got 3");
  }

  @Test
  void should_reject_a_negative_count_naming_file_line_and_column() throws IOException {
    Path file = dir.resolve("negative.csv");
    Files.writeString(
        file,
        TruthFile.HEADER + "\np-a,0,120000,1,1,0,0,0\np-b,0,120000,4,-3,0,0,0\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .isInstanceOfSatisfying(
            TruthFileException.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage("truth file " + file + ", line 3: expected_count is negative: -3");

    Files.writeString(
        file, TruthFile.HEADER + "\n\"p,a\",0,120000,1,1,0,0,-1\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .hasMessage("truth file " + file + ", line 2: counted_in_grace is negative: -1");
  }

  @Test
  void should_reject_a_window_that_does_not_end_after_it_starts() throws IOException {
    Path file = dir.resolve("backwards.csv");
    Files.writeString(
        file, TruthFile.HEADER + "\np-a,120000,120000,1,1,0,0,0\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .hasMessage(
            "truth file "
                + file
                + ", line 2: window_end_ms 120000 is not after window_start_ms 120000");
  }

  @Test
  void should_read_100_000_windows_well_under_a_second() {
    List<WindowTruth> many = new ArrayList<>();
    for (int c = 0; c < 1_000; c++) {
      for (int w = 0; w < 100; w++) {
        many.add(new WindowTruth("r1.campaign-" + c, w * 120_000L, (w + 1) * 120_000L, 9, 9, 0, 0));
      }
    }
    Path file = dir.resolve("many.csv");
    TruthFile.write(file, many);
    TruthFile.read(file); // the first read loads and compiles the parser
    long start = System.nanoTime();
    List<WindowTruth> read = TruthFile.read(file);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(read).hasSize(100_000);
    assertThat(elapsedMs).as("ms to read 100 000 windows").isLessThan(1_000);
  }

  @Test
  void should_reject_a_file_without_the_header() throws IOException {
    Path file = dir.resolve("noheader.csv");
    Files.writeString(file, "p-a,0,120000,1,1,0,0\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TruthFile.read(file))
        .isInstanceOf(TruthFileException.class)
        .hasMessageStartingWith("truth file " + file + ", line 1: expected header");
  }

  @Test
  void should_report_a_missing_file_in_one_line() {
    Path file = dir.resolve("missing.csv");
    assertThatThrownBy(() -> TruthFile.read(file))
        .isInstanceOf(TruthFileException.class)
        .hasMessageStartingWith("truth file " + file + ": cannot read")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
