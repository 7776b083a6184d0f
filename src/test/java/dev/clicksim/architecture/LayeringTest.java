package dev.clicksim.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layering of clicksim's main classes, stated as ArchUnit rules. */
class LayeringTest {

  /**
   * The wiring, the only classes outside an adapter's package that may name it: StackProvider picks
   * the embedded or the external stack and hands out the port; the two options classes turn the
   * command line into an adapter's configuration.
   */
  private static final List<String> ADAPTER_WIRING =
      List.of(
          "dev.clicksim.cli.StackProvider",
          "dev.clicksim.cli.StackOptions",
          "dev.clicksim.cli.ExternalOptions",
          "dev.clicksim.api.StackWiring");

  private static final String[] PURE_CORE = {
    "dev.clicksim.scenario..",
    "dev.clicksim.simulation..",
    "dev.clicksim.truth..",
    "dev.clicksim.window..",
    "dev.clicksim.verify.."
  };

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages("dev.clicksim");

  @Test
  void pure_core_does_no_io_and_knows_no_cli() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(PURE_CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.kafka..",
                "java.sql..",
                "org.postgresql..",
                "picocli..",
                "java.net.http..",
                "dev.clicksim.cli..")
            .because(
                "the scenario model, simulation, truth ledger, window arithmetic and comparison are a pure function"
                    + " of (scenario, seed, observed counts), tested without a broker or a database");
    rule.check(MAIN);
  }

  @Test
  void nothing_below_the_cli_depends_on_it() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.clicksim.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.clicksim.cli..")
            .because(
                "the command line sits on top: options, exit codes and output are its own business");
    rule.check(MAIN);
  }

  @Test
  void use_cases_reach_the_pipeline_only_through_the_port() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.clicksim.usecase..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.kafka..",
                "java.sql..",
                "org.postgresql..",
                "java.net.http..",
                "picocli..",
                "dev.clicksim.cli..",
                "dev.clicksim.stack.embedded..",
                "dev.clicksim.stack.external..")
            .because(
                "verification, the run session and provisioning see the pipeline as the Stack port, so"
                    + " embedded and external run the same code");
    rule.check(MAIN);
  }

  @Test
  void embedded_stack_is_reached_only_through_the_port() {
    adapterIsReachedOnlyThroughThePort("dev.clicksim.stack.embedded..").check(MAIN);
  }

  @Test
  void external_stack_is_reached_only_through_the_port() {
    adapterIsReachedOnlyThroughThePort("dev.clicksim.stack.external..").check(MAIN);
  }

  @Test
  void junit_extension_sees_clicksim_only_through_the_api() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.clicksim.junit..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.clicksim..")
                    .and(resideOutsideOfPackage("dev.clicksim.api.."))
                    .and(resideOutsideOfPackage("dev.clicksim.junit..")))
            .because("the API is the stable surface a team's tests are written against");
    rule.check(MAIN);
  }

  @Test
  void failure_depends_on_nothing_else_of_clicksim() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.clicksim.failure..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.clicksim..")
                    .and(resideOutsideOfPackage("dev.clicksim.failure..")))
            .because("every layer throws ClicksimFailure, so it must not pull any layer in");
    rule.check(MAIN);
  }

  private static ArchRule adapterIsReachedOnlyThroughThePort(String adapter) {
    DescribedPredicate<JavaClass> allowed = resideInAnyPackage(adapter).or(wiring());
    return noClasses()
        .that(DescribedPredicate.not(allowed).as("are neither in " + adapter + " nor the wiring"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(adapter)
        .because(
            "the generator, provisioner and verifier see only the Stack port; one wiring place "
                + ADAPTER_WIRING
                + " chooses the adapter");
  }

  private static DescribedPredicate<JavaClass> wiring() {
    return DescribedPredicate.describe(
        "a wiring class " + ADAPTER_WIRING,
        c ->
            ADAPTER_WIRING.stream()
                .anyMatch(w -> c.getName().equals(w) || c.getName().startsWith(w + "$")));
  }
}
