package dev.clicksim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clicksim.failure.ClicksimFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerifyJsonTest {

  @TempDir Path dir;

  @Test
  void should_read_back_exactly_the_report_it_wrote() {
    VerificationReport report = ReportFixtures.mismatch();

    Path file = VerifyJson.write(report, dir);

    assertThat(file).isEqualTo(dir.resolve("verify.json"));
    assertThat(VerifyJson.read(dir)).isEqualTo(report);
  }

  @Test
  void should_write_each_fault_and_its_cost_and_read_them_back() throws Exception {
    VerificationReport report = ReportFixtures.withFaults();

    String json = Files.readString(VerifyJson.write(report, dir));

    assertThat(json)
        .contains(
            "\"fault\": \"kill:postgres@67%\"",
            "\"firedAt\": \"2026-11-28T02:08:20.500Z\"",
            "\"recoverySeconds\": 4.1",
            "\"cost\": [ { \"stage\": \"sink\", \"lost\": 3, \"added\": 0 } ]",
            "\"notAttributableWindows\": 1");
    assertThat(VerifyJson.read(dir)).isEqualTo(report);
  }

  @Test
  void should_read_a_file_written_before_the_timeline_as_none() throws Exception {
    String old = damaged(r -> r.remove("timeline"));
    Files.writeString(dir.resolve("verify.json"), old);

    assertThat(VerifyJson.read(dir).timeline()).isNull();
  }

  @Test
  void should_write_and_read_back_the_wrong_end_of_a_window_in_full() throws Exception {
    VerificationReport report = ReportFixtures.wrongEnds();

    String json = Files.readString(VerifyJson.write(report, dir));

    assertThat(json)
        .contains(
            "\"kind\": \"wrong window end\", \"wrongEnd\": \"1970-01-01 00:00:00\"",
            "\"kind\": \"lost clicks\", \"wrongEnd\": \"2026-11-28 00:22:00 to 2026-11-28 00:25:00\"",
            "\"kind\": \"matched\", \"wrongEnd\": null");
    assertThat(VerifyJson.read(dir)).isEqualTo(report);
  }

  @Test
  void should_write_fields_in_declaration_order_with_iso_instants_and_null_for_absent_windows()
      throws Exception {
    String json = Files.readString(VerifyJson.write(ReportFixtures.mismatch(), dir));

    assertThat(json)
        .containsSubsequence(
            "\"run\"",
            "\"runId\"",
            "\"scenario\"",
            "\"seed\"",
            "\"anchor\"",
            "\"settings\"",
            "\"verdict\"",
            "\"exitCode\"",
            "\"layout\"",
            "\"table\"",
            "\"windows\"",
            "\"campaigns\"",
            "\"latencies\"",
            "\"slos\"",
            "\"sendRate\"",
            "\"generatedAt\"");
    assertThat(json)
        .contains(
            "\"anchor\": \"2026-11-28T00:00:00Z\"",
            "\"generatedAt\": \"2026-11-28T02:10:03.123Z\"",
            "\"observed\": null",
            "\"kind\": \"missing window\"",
            "\"quiet-period\": \"5s\"");
    assertThat(json)
        .containsSubsequence(
            "\"campaignId\"",
            "\"windowStartMs\"",
            "\"windowEndMs\"",
            "\"expected\"",
            "\"observed\"",
            "\"difference\"",
            "\"kind\"",
            "\"wrongEnd\"");
  }

  @Test
  void should_write_each_window_on_its_own_line_and_the_rest_indented() throws Exception {
    VerificationReport report = ReportFixtures.mismatch();
    List<String> lines = Files.readAllLines(VerifyJson.write(report, dir));

    List<String> windowLines = lines.stream().filter(l -> l.contains("\"windowStartMs\"")).toList();
    assertThat(windowLines).hasSize(report.windows().size());
    assertThat(windowLines.get(0)).startsWith("    { \"campaignId\": ").endsWith(" },");
    assertThat(windowLines).allSatisfy(l -> assertThat(l).contains("\"kind\": "));
    assertThat(lines)
        .contains(
            "  \"verdict\": \"MISMATCH\",",
            "  \"windows\": [",
            "    \"runId\": \"20261128-000000-smoke\",");
  }

  @Test
  void should_read_a_file_written_before_window_ends_were_checked_as_no_wrong_end()
      throws Exception {
    String old =
        damaged(r -> r.withArray("windows").forEach(w -> ((ObjectNode) w).remove("wrongEnd")));
    Files.writeString(dir.resolve("verify.json"), old);

    VerificationReport read = VerifyJson.read(dir);

    assertThat(read.windows()).isNotEmpty().allSatisfy(w -> assertThat(w.wrongEnd()).isNull());
    assertThat(read.windows()).hasSameSizeAs(ReportFixtures.mismatch().windows());
  }

  @Test
  void should_name_the_run_directory_when_verify_json_is_missing() {
    assertThatThrownBy(() -> VerifyJson.read(dir))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage("run directory " + dir + " has no verify.json; run clicksim verify first")
        .extracting(e -> ((ClicksimFailure) e).kind())
        .isEqualTo(ClicksimFailure.Kind.MISSING_RESOURCE);
  }

  @Test
  void should_reject_a_malformed_file_as_invalid_input() throws Exception {
    Files.writeString(dir.resolve("verify.json"), "{\"run\": {\"anchor\": \"yesterday\"}}");

    assertThatThrownBy(() -> VerifyJson.read(dir))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessageContaining("cannot read " + dir.resolve("verify.json"))
        .extracting(e -> ((ClicksimFailure) e).kind())
        .isEqualTo(ClicksimFailure.Kind.INVALID_INPUT);
  }

  /** A verify.json damaged by hand or cut short: named by field, in the file's own terms. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedFiles")
  void should_name_the_missing_or_wrong_field_of_a_damaged_file_without_jackson_words(
      String damage, String json, String problem) throws Exception {
    Path file = dir.resolve("verify.json");
    Files.writeString(file, json);

    assertThatThrownBy(() -> VerifyJson.read(dir))
        .isInstanceOf(ClicksimFailure.class)
        .hasMessage("cannot read " + file + ": " + problem)
        .extracting(e -> ((ClicksimFailure) e).kind())
        .isEqualTo(ClicksimFailure.Kind.INVALID_INPUT);
  }

  static Stream<Arguments> damagedFiles() throws Exception {
    return Stream.of(
        Arguments.of("empty object", "{}", "field run is missing"),
        Arguments.of("no windows", damaged(r -> r.remove("windows")), "field windows is missing"),
        Arguments.of(
            "a count that is text",
            damaged(r -> ((ObjectNode) r.withArray("windows").get(0)).put("expected", "zz")),
            "field windows[0].expected must be a whole number, was 'zz'"),
        Arguments.of(
            "a null window",
            damaged(r -> r.withArray("windows").set(1, NullNode.getInstance())),
            "field windows[1] must not be null"),
        Arguments.of(
            "a null verdict", damaged(r -> r.putNull("verdict")), "field verdict must not be null"),
        Arguments.of(
            "a null exit code",
            damaged(r -> r.putNull("exitCode")),
            "field exitCode must be a whole number, was null"),
        Arguments.of(
            "an unknown field",
            damaged(r -> r.withObject("run").put("extra", 1)),
            "unknown field run.extra"),
        Arguments.of("a list", "[]", "the top level must be an object"),
        Arguments.of("an empty file", "", "the file is empty"),
        Arguments.of("cut short", "{\"run\":", "ends early at line 1, column 8"),
        Arguments.of("not JSON", "nope", "is not valid JSON at line 1, column 5"));
  }

  private static String damaged(java.util.function.Consumer<ObjectNode> damage) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(VerifyJson.toJson(ReportFixtures.mismatch()));
    damage.accept(root);
    return json.writeValueAsString(root);
  }
}
