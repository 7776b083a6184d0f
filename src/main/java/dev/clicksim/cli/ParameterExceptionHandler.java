package dev.clicksim.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line: one line on stderr with the reason, a near option when there is one, and a
 * pointer to the command's --help; the invalid-input exit code.
 */
final class ParameterExceptionHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println(line(ex));
    cl.getErr().flush();
    return ExitCode.INVALID_INPUT.code();
  }

  static String line(ParameterException ex) {
    StringBuilder line = new StringBuilder("clicksim: ").append(oneLine(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> near = unmatched.getSuggestions();
      if (!near.isEmpty()) {
        line.append("; did you mean ")
            .append(String.join(" or ", near.subList(0, Math.min(3, near.size()))))
            .append('?');
      }
    }
    return line.append(" (see ")
        .append(ex.getCommandLine().getCommandSpec().qualifiedName())
        .append(" --help)")
        .toString();
  }

  private static String oneLine(String message) {
    return message == null ? "" : String.join(" ", message.strip().split("\\s*\\R\\s*"));
  }
}
