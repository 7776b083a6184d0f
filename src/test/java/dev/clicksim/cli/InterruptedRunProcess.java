package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.run.RunInterruption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A clicksim process (the same command line, handlers and exit path as {@link Clicksim#main}) with
 * one more command shaped like {@code run} around its send loop: a {@link RunInterruption}, a
 * resource that takes a while to close (the stack), and the interrupted failure thrown after both
 * closed. It waits for Ctrl-C where run sends, so a test can signal it mid-run without a stack.
 */
final class InterruptedRunProcess {

  private InterruptedRunProcess() {}

  static final String READY = "sending until Ctrl-C";
  static final String OUTCOME = "stopped by Ctrl-C; the truth of what was sent is in runs/stand-in";

  @Command(name = "stand-in-run")
  static final class StandInRun implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (RunInterruption interruption = new RunInterruption();
          AutoCloseable stack = InterruptedRunProcess::stopStack) {
        spec.commandLine().getOut().println(READY);
        spec.commandLine().getOut().flush();
        try {
          new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          // what the send loop does when the hook interrupts it: stop, then flush and close
        }
        if (!interruption.requested()) {
          return ExitCode.INTERNAL.code();
        }
      }
      throw new ClicksimFailure(ClicksimFailure.Kind.INTERRUPTED, OUTCOME);
    }
  }

  /** A stack's close: some work, with the interrupt flag clear as after the send loop. */
  private static void stopStack() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    CommandLine cl = Clicksim.commandLine(out, err);
    cl.addSubcommand("stand-in-run", new StandInRun());
    Clicksim.exit(Clicksim.execute(cl, args), out, err);
  }
}
