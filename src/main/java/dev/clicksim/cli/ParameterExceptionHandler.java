package dev.clicksim.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A bad command line: the one-line reason, a pointer to --help, and the invalid-input exit code.
 */
final class ParameterExceptionHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println("clicksim: " + ex.getMessage());
    cl.getErr()
        .println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    cl.getErr().flush();
    return ExitCode.INVALID_INPUT.code();
  }
}
