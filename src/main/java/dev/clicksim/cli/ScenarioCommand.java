package dev.clicksim.cli;

import dev.clicksim.pipeline.CampaignPartitioner;
import dev.clicksim.provision.Provisioner;
import dev.clicksim.scenario.InvalidScenarioException;
import dev.clicksim.scenario.Scenario;
import dev.clicksim.scenario.ScenarioLoader;
import dev.clicksim.scenario.ScenarioOverrides;
import dev.clicksim.scenario.ScenarioWriter;
import dev.clicksim.simulation.ScenarioSummary;
import dev.clicksim.window.WindowSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code clicksim scenario list|show|validate}: what the shipped scenarios are and what a scenario
 * will send.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description =
        "List the shipped scenarios, show a scenario with its expected totals, or validate a scenario file.",
    subcommands = {
      ScenarioCommand.ListScenarios.class,
      ScenarioCommand.Show.class,
      ScenarioCommand.Validate.class
    })
public final class ScenarioCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the shipped scenarios (scenarios/ in the working directory, else those inside clicksim).")
  public static final class ListScenarios implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<ScenarioLoader.BuiltIn> all = ScenarioLoader.listBuiltIn();
      int width = all.stream().mapToInt(b -> b.name().length()).max().orElse(0);
      int invalid = 0;
      for (ScenarioLoader.BuiltIn b : all) {
        String text;
        try {
          text = ScenarioLoader.loadBuiltIn(b.name()).description();
        } catch (InvalidScenarioException e) {
          text = "INVALID: " + e.getMessage();
          invalid++;
        }
        out.printf("%-" + width + "s  %s%n", b.name(), text);
      }
      if (all.isEmpty()) {
        out.println(
            "no shipped scenarios found (no scenarios/ folder and no index inside clicksim)");
      }
      out.flush();
      if (invalid > 0) {
        throw new InvalidScenarioException(
            invalid + " shipped scenario(s) do not load; see the list above");
      }
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print a scenario with every default filled in (valid scenario YAML), then what it will produce: sessions,",
        "clicks, deliveries, disorder, windows, expected and late-dropped counts, peak rate and wall time. The totals",
        "come from generating the scenario through the truth ledger (no stack needed)."
      })
  public static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "NAME|FILE",
        description = "A shipped scenario name or a scenario file.")
    String scenario;

    @Mixin OverrideOptions overrides;

    @Option(
        names = "--window-size",
        paramLabel = "DURATION",
        defaultValue = "2m",
        converter = DurationConverter.class,
        description = "Tumbling window size of the pipeline (default: ${DEFAULT-VALUE}).")
    Duration windowSize;

    @Mixin WindowOptions windowOptions;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Scenario s = overrides.overrides().apply(ScenarioLoader.resolve(scenario));
      WindowSpec windows = windowOptions.windows(windowSize);
      out.print(ScenarioWriter.toYaml(s));
      out.flush();
      ScenarioSummary summary =
          ScenarioSummary.of(
              s, windows, CampaignPartitioner.kafkaDefault(Provisioner.CLICK_EVENTS_PARTITIONS));
      out.println(
          "# expected ("
              + Provisioner.CLICK_EVENTS_PARTITIONS
              + " partitions, keyed by campaign):");
      summary.render().lines().forEach(l -> out.println("#" + l));
      out.flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check a scenario file: prints 'valid' and exits 0, or prints the problem in one line and exits 2.")
  public static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "A scenario file (or a shipped scenario name).")
    String scenario;

    @Override
    public Integer call() {
      Scenario s = ScenarioLoader.resolve(scenario);
      spec.commandLine()
          .getOut()
          .println(
              scenario
                  + ": valid ("
                  + s.name()
                  + ", "
                  + (s.sessionMode() ? "session model" : s.clicks() + " clicks")
                  + ", "
                  + s.campaigns().size()
                  + " campaigns)");
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    }
  }

  /**
   * The scenario overrides a command accepts; {@link #overrides()} gives them to {@link
   * ScenarioOverrides#apply}.
   */
  public static final class OverrideOptions {
    @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
    Long seed;

    @Option(
        names = "--speed",
        paramLabel = "N|max",
        converter = SpeedConverter.class,
        description = "Scenario seconds per wall second, or max to send as fast as possible.")
    Double speed;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Override the scenario's event-time duration (e.g. 30m).")
    Duration duration;

    @Option(
        names = "--rate-scale",
        paramLabel = "X",
        description = "Multiply the session arrival rate (or the click total) by X > 0.")
    Double rateScale;

    public ScenarioOverrides overrides() {
      return new ScenarioOverrides(seed, speed, duration, rateScale);
    }
  }

  /** {@code --speed}: a positive number or {@code max}. */
  public static final class SpeedConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return ScenarioOverrides.parseSpeed(value);
      } catch (InvalidScenarioException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a speed (a number > 0 of scenario seconds per wall"
                + " second, or max)");
      }
    }
  }
}
