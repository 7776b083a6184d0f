package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.report.HtmlReport;
import dev.clicksim.report.JUnitXml;
import dev.clicksim.report.VerificationReport;
import dev.clicksim.report.VerifyJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code clicksim report}: rebuilds report.html and junit.xml from a run directory's verify.json,
 * without a stack.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Regenerate report.html (and junit.xml) from the verify.json of a run directory.",
      "",
      "Needs no stack: everything comes from verify.json, which clicksim verify writes. Prints the path of the page."
    })
public final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RunChoice runChoice;

  @Mixin RunsDirOption runsDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = runChoice.select(runsDir.runsDir).path();
    if (!Files.isRegularFile(dir.resolve(VerifyJson.FILE))) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "run directory " + dir + " has no " + VerifyJson.FILE + "; run clicksim verify first");
    }
    VerificationReport report = VerifyJson.read(dir);
    JUnitXml.write(report, dir);
    out.println(HtmlReport.write(report, dir));
    out.flush();
    return ExitCode.OK.code();
  }
}
