package dev.clicksim.cli;

import dev.clicksim.run.RunInterruption;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clicksim} command: provisions, drives and verifies a clickstream pipeline. */
@Command(
    name = "clicksim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Proves an e-commerce clickstream pipeline (Kafka -> windowed count -> JDBC sink -> PostgreSQL) counts correctly and fast.",
    subcommands = {
      UpCommand.class,
      ProvisionCommand.class,
      RunCommand.class,
      VerifyCommand.class,
      ScenarioCommand.class,
      ReportCommand.class,
      AutoComplete.GenerateCompletion.class,
      ClassCacheTrainingCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class Clicksim implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The command line with clicksim's exit-code mapping and one-line error handling; tests use it
   * with their own writers.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Clicksim());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ExecutionExceptionHandler());
    cl.setParameterExceptionHandler(new ParameterExceptionHandler());
    cl.setExitCodeExceptionMapper(ExecutionExceptionHandler::exitCodeOf);
    CommandLine.Model.CommandSpec completion =
        cl.getSubcommands().get("generate-completion").getCommandSpec();
    completion.usageMessage().hidden(true);
    // picocli makes it a help command, which takes any argument silently.
    completion.helpCommand(false);
    // Everywhere, after the subcommands: picocli's own messages for these name the Java type.
    cl.registerConverter(Integer.class, new NumberConverters.WholeInt());
    cl.registerConverter(Integer.TYPE, new NumberConverters.WholeInt());
    cl.registerConverter(Long.class, new NumberConverters.WholeLong());
    cl.registerConverter(Long.TYPE, new NumberConverters.WholeLong());
    cl.registerConverter(Double.class, new NumberConverters.Decimal());
    cl.registerConverter(Double.TYPE, new NumberConverters.Decimal());
    cl.registerConverter(java.net.URI.class, new UrlConverter());
    cl.getCommandSpec().usageMessage().exitCodeList(exitCodeHelp());
    return cl;
  }

  /** The help's exit-code list, made from {@link ExitCode}. */
  static java.util.Map<String, String> exitCodeHelp() {
    java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      list.put(String.format("%3d", code.code()), code.meaning());
    }
    return list;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    exit(execute(commandLine(out, err), args), out, err);
  }

  /**
   * Runs the command line as a process does: the log file goes into the command's state directory
   * (or nowhere, when that cannot be written), set before anything logs.
   */
  static int execute(CommandLine cl, String[] args) {
    CommandLine.IExecutionStrategy command = cl.getExecutionStrategy();
    cl.setExecutionStrategy(
        parsed -> {
          StateDirectory.configureLogging(stateDirectory(parsed));
          return command.execute(parsed);
        });
    return cl.execute(args);
  }

  /**
   * Flushes the outcome, then lets a shutdown that a Ctrl-C began (and {@link RunInterruption}
   * holds) end: in this order, or the JVM may halt before the last line is out.
   */
  static void exit(int code, PrintWriter out, PrintWriter err) {
    out.flush();
    err.flush();
    RunInterruption.processOutcomeWritten(code);
    System.exit(code);
  }

  private static Path stateDirectory(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult command = parsed;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    CommandLine.Model.OptionSpec option = command.commandSpec().findOption("--state-dir");
    Object value = option == null ? null : option.getValue();
    return value instanceof Path given ? given : StateDirectory.DEFAULT;
  }
}
