package dev.clicksim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.cli.Clicksim;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs clicksim in-process with captured output; a failed expectation shows both streams. */
public final class Cli {

  private Cli() {}

  public record Result(int exitCode, String out, String err) {

    public Result expectExit(int expected) {
      assertThat(exitCode)
          .as("exit code of clicksim%nstdout:%n%s%nstderr:%n%s", out, err)
          .isEqualTo(expected);
      return this;
    }
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Clicksim.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
