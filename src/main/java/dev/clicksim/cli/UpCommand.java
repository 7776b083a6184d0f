package dev.clicksim.cli;

import dev.clicksim.db.CountsTable;
import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.stack.Stack;
import dev.clicksim.stack.StackStateFile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the embedded stack, provisions the pipeline on it and keeps it running until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack, provision it and keep it running until Ctrl-C.",
      "",
      "Starts Kafka (KRaft), Kafka Connect with Debezium's JDBC sink, PostgreSQL and the windowed-count topology, all on 127.0.0.1, provisions the pipeline and prints every endpoint. Meanwhile 'clicksim provision', 'clicksim run' and 'clicksim verify' in another terminal (same working directory) use this stack."
    })
public final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StackOptions stackOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (stackOptions.isExternal()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "clicksim up starts the embedded stack; with --target external there is nothing to start");
    }
    if (StackStateFile.readLive(stackOptions.stateDir(), out::println).isPresent()) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT,
          "a clicksim up is already running for " + stackOptions.stateDir());
    }
    long start = System.nanoTime();
    out.println("starting the embedded stack in " + stackOptions.stateDir().toAbsolutePath());
    out.flush();
    StackProvider.Up up = StackProvider.startForUp(stackOptions, out);
    Stack stack = up.stack();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              long stopping = System.nanoTime();
              out.println();
              out.println("stopping the embedded stack ...");
              out.flush();
              StackStateFile.remove(stackOptions.stateDir());
              stack.close();
              out.printf(
                  "embedded stack stopped in %.1f s; its data stays in %s%n",
                  (System.nanoTime() - stopping) / 1e9,
                  stackOptions.stateDir().resolve("embedded"));
              out.flush();
              stopped.countDown();
            },
            "clicksim-up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.provision(
          CountsTable.DEFAULT,
          step -> {
            out.println("  " + step);
            out.flush();
          });
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      stack.close();
      throw e;
    }
    up.announce().run();
    out.printf("embedded stack up and provisioned in %.1f s%n", (System.nanoTime() - start) / 1e9);
    stack.describeEndpoints().forEach(line -> out.println("  " + line));
    out.println(
        "  database password        in "
            + stackOptions.stateDir().resolve(StackStateFile.FILE_NAME)
            + " (owner only)");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return ExitCode.OK.code();
  }
}
