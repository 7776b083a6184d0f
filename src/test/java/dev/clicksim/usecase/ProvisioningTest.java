package dev.clicksim.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.ClickSink;
import dev.clicksim.stack.CountsReader;
import dev.clicksim.stack.ProvisionStep;
import dev.clicksim.stack.Stack;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * What provisioning does with what the windowed count says of itself, with and without --strict.
 */
class ProvisioningTest {

  /** A stack whose windowed count reports {@code findings} and whose pre-flight finds one trap. */
  private static final class ReportingStack implements Stack {
    final List<String> findings;
    final List<String> calls = new ArrayList<>();

    ReportingStack(List<String> findings) {
      this.findings = findings;
    }

    @Override
    public List<ProvisionStep> provision(CountsTable table, Consumer<ProvisionStep> progress) {
      calls.add("provision");
      ProvisionStep step = ProvisionStep.unchanged("ksqlDB table click_counts_table", "RUNNING");
      progress.accept(step);
      return List.of(step);
    }

    @Override
    public List<String> aggregationFindings() {
      calls.add("aggregationFindings");
      return findings;
    }

    @Override
    public List<String> preflight(CountsTable table) {
      calls.add("preflight");
      return List.of("connector clicksim-postgres-sink writes in insert mode");
    }

    @Override
    public String description() {
      return "reporting";
    }

    @Override
    public List<String> describeEndpoints() {
      return List.of();
    }

    @Override
    public WindowSpec windows() {
      return WindowSpec.DEFAULT;
    }

    @Override
    public CountsTable countsTable() {
      return CountsTable.DEFAULT;
    }

    @Override
    public List<String> provisioningPlan(CountsTable table) {
      return List.of(
          "ksqlDB at http://ksqldb:8088: run:",
          "     CREATE TABLE ...;",
          "   then read what runs and",
          "PostgreSQL at ...");
    }

    @Override
    public int inputPartitions() {
      return 3;
    }

    @Override
    public OptionalLong latestInputTimestamp() {
      return OptionalLong.empty();
    }

    @Override
    public ClickSink openClickSink(LongSupplier nanoClock, java.time.Duration deliveryTimeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> runSettings() {
      return Map.of();
    }

    @Override
    public CountsReader openCountsReader(CountsTable table) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe(CountsTable table) {
      return table.table();
    }

    @Override
    public Optional<String> failedSinkTask() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }

  private static final List<String> TWO_FINDINGS =
      List.of(
          "ksqlDB table click_counts_table has key format JSON, not KAFKA: its keys are not ...",
          "ksqlDB table click_counts_table emits final results (EMIT FINAL): a window reaches ...");

  @Test
  void should_warn_of_the_windowed_counts_findings_before_the_preflight_traps() {
    ReportingStack stack = new ReportingStack(TWO_FINDINGS);
    List<ProvisionStep> told = new ArrayList<>();

    Provisioning.Result result =
        Provisioning.provision(stack, CountsTable.DEFAULT, false, told::add);

    assertThat(result.warnings())
        .containsExactly(
            "ksqlDB table click_counts_table has key format JSON, not KAFKA: its keys are not ...",
            "ksqlDB table click_counts_table emits final results (EMIT FINAL): a window reaches"
                + " ...",
            "connector clicksim-postgres-sink writes in insert mode");
    assertThat(told).hasSize(1);
  }

  @Test
  void should_refuse_the_findings_in_one_line_under_strict() {
    ReportingStack stack = new ReportingStack(TWO_FINDINGS);

    assertThatThrownBy(() -> Provisioning.provision(stack, CountsTable.DEFAULT, true, step -> {}))
        .isInstanceOfSatisfying(
            ClicksimFailure.class,
            e -> assertThat(e.kind()).isEqualTo(ClicksimFailure.Kind.INVALID_INPUT))
        .hasMessage(
            "refused under --strict: ksqlDB table click_counts_table has key format JSON, not"
                + " KAFKA; ksqlDB table click_counts_table emits final results (EMIT FINAL)"
                + " (without --strict, each is a warning that says what it does to a run)");
    assertThat(stack.calls).containsExactly("provision", "aggregationFindings");
  }

  @Test
  void should_refuse_a_finding_without_a_colon_in_full_under_strict() {
    ReportingStack stack =
        new ReportingStack(List.of("ksqlDB table click_counts_table has no value column END_TIME"));

    assertThatThrownBy(() -> Provisioning.provision(stack, CountsTable.DEFAULT, true, step -> {}))
        .hasMessageStartingWith(
            "refused under --strict: ksqlDB table click_counts_table has no value column END_TIME"
                + " (without --strict");
  }

  @Test
  void should_pass_strict_when_the_windowed_count_finds_nothing() {
    ReportingStack stack = new ReportingStack(List.of());

    Provisioning.Result result = Provisioning.provision(stack, CountsTable.DEFAULT, true, s -> {});

    assertThat(result.warnings())
        .containsExactly("connector clicksim-postgres-sink writes in insert mode");
  }

  @Test
  void should_number_the_plans_steps_and_not_their_indented_lines() {
    assertThat(Provisioning.plan(new ReportingStack(List.of()), CountsTable.DEFAULT))
        .containsExactly(
            "1. ksqlDB at http://ksqldb:8088: run:",
            "     CREATE TABLE ...;",
            "   then read what runs and",
            "2. PostgreSQL at ...");
  }
}
