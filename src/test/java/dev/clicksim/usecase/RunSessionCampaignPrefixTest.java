package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.verify.ObservedWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A given campaign prefix: its form, and the refusal of one that already has rows. */
class RunSessionCampaignPrefixTest {

  private final List<String> prefixesRead = new ArrayList<>();

  @Test
  void should_refuse_a_given_prefix_that_already_has_rows_in_the_table() {
    CountsSource table = table(List.of(new ObservedWindow("r1.spring-sale", 0, 120_000, 3)));

    assertThatThrownBy(() -> RunSession.refuseUsedCampaignPrefix(table, request("r1.")))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage("campaign prefix r1. already has rows in table click_counts; choose another");
    assertThat(prefixesRead).containsExactly("r1.");
  }

  @Test
  void should_accept_a_given_prefix_without_rows_and_never_read_for_a_fresh_one() {
    CountsSource table = table(List.of());

    assertThatCode(() -> RunSession.refuseUsedCampaignPrefix(table, request("r2")))
        .doesNotThrowAnyException();
    assertThatCode(() -> RunSession.refuseUsedCampaignPrefix(table, request(null)))
        .doesNotThrowAnyException();
    assertThat(prefixesRead).containsExactly("r2.");
  }

  @Test
  void should_keep_every_prefix_from_being_the_start_of_another() {
    assertThat(RunSession.campaignPrefix("r1")).isEqualTo("r1.");
    assertThat(RunSession.campaignPrefix("r1.")).isEqualTo("r1.");
    assertThat(RunSession.campaignPrefix("Night_ly-7")).isEqualTo("Night_ly-7.");
    // "r1." would read the rows of "r1.x." (and "r1" those of "r10."): a dot inside is refused.
    assertThatThrownBy(() -> RunSession.campaignPrefix("r1.x."))
        .hasMessageContaining("has '.' at position 3");
    assertThatThrownBy(() -> RunSession.campaignPrefix("r1.."))
        .hasMessageContaining("has '.' at position 3");
  }

  @Test
  void should_refuse_a_bad_prefix_when_the_request_is_made() {
    assertThatThrownBy(() -> request("spring sale"))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessageStartingWith("campaign prefix \"spring sale\" has a space at position 7");
    assertThatThrownBy(() -> request("é1")).hasMessageContaining("has 'é' (U+00E9) at position 1");
    assertThatThrownBy(() -> request("r\u200B1"))
        .hasMessageStartingWith("campaign prefix \"r\\u200B1\"")
        .hasMessageContaining("a control character (U+200B)");
    assertThatThrownBy(() -> request("p".repeat(500)))
        .hasMessageContaining("\"" + "p".repeat(50) + "...\"")
        .hasMessageContaining("at most 40");
  }

  private static RunSession.Request request(String prefix) {
    return new RunSession.Request(
        ScenarioLoader.loadBuiltIn("smoke"),
        "smoke",
        "none",
        Instant.parse("2026-11-27T00:00:00Z"),
        Duration.ofMillis(10),
        CountsTable.DEFAULT,
        prefix);
  }

  private CountsSource table(List<ObservedWindow> rows) {
    return new CountsSource() {
      @Override
      public CountsReader openCountsReader(CountsTable table) {
        return new CountsReader() {
          @Override
          public List<ObservedWindow> read(String prefix) {
            prefixesRead.add(prefix);
            return rows.stream().filter(w -> w.campaignId().startsWith(prefix)).toList();
          }

          @Override
          public String detectLayout(String prefix) {
            return "upsert";
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public String describe(CountsTable table) {
        return "the test's table";
      }

      @Override
      public Optional<String> failedSinkTask() {
        return Optional.empty();
      }
    };
  }
}
