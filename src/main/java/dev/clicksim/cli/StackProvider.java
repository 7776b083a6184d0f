package dev.clicksim.cli;

import dev.clicksim.failure.ClicksimFailure;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.AttachedStack;
import dev.clicksim.stack.CountsSource;
import dev.clicksim.stack.DatabaseCounts;
import dev.clicksim.stack.Stack;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.external.ExternalStack;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The wiring that chooses a stack adapter, and the only place besides {@code up} that names one: an
 * external target when asked for, else the stack a running {@code clicksim up} announced in the
 * state directory, else a transient embedded stack on the same data, started here and stopped when
 * the command ends.
 */
final class StackProvider {

  private StackProvider() {}

  static Stack open(StackOptions options, PrintWriter out) {
    return open(options, out, () -> {});
  }

  /**
   * @param beforeStarting run before a transient embedded stack is started (and only then): work
   *     whose failure must not cost a stack start
   */
  static Stack open(StackOptions options, PrintWriter out, Runnable beforeStarting) {
    if (options.isExternal()) {
      Stack external = external(options);
      out.println("stack: " + external.description());
      return external;
    }
    Optional<StackStateFile> running = StackStateFile.readLive(options.stateDir(), out::println);
    if (running.isPresent()) {
      refuseAnotherEngineProfile(options, running.get());
      Stack attached = new AttachedStack(running.get(), PipelineNames.DEFAULT);
      out.println("stack: " + attached.description());
      List<String> ignored = options.embeddedOnlyGiven();
      if (!ignored.isEmpty()) {
        out.println(
            "note: "
                + String.join(", ", ignored)
                + " shape a stack clicksim starts; the running clicksim up keeps its own"
                + " (window grace "
                + running.get().windows().grace().toSeconds()
                + " s)");
      }
      return attached;
    }
    beforeStarting.run();
    long start = System.nanoTime();
    out.println(
        "stack: starting the embedded stack (no 'clicksim up' running in "
            + options.stateDir()
            + ")");
    out.flush();
    EmbeddedStack stack =
        EmbeddedStack.start(
            options.embedded(),
            true,
            line -> {
              out.println("  " + line);
              out.flush();
            });
    out.printf("stack: embedded stack up in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return stack;
  }

  /**
   * The profile and guarantee of a running stack are the ones it was started with: a run that asks
   * for others would be verified against settings it did not ask for.
   */
  private static void refuseAnotherEngineProfile(StackOptions options, StackStateFile running) {
    refuseOther(
        running,
        "engine profile",
        running.settings().get("engine.profile"),
        options.requestedEngineProfile().map(Enum::name),
        options.engineProfileSource(),
        "--engine-profile");
    refuseOther(
        running,
        "processing guarantee",
        running.settings().get("streams.processing.guarantee"),
        options.requestedProcessingGuarantee().map(Enum::name),
        options.processingGuaranteeSource(),
        "--processing-guarantee");
  }

  private static void refuseOther(
      StackStateFile running,
      String what,
      String runningValue,
      Optional<String> wanted,
      String source,
      String option) {
    wanted
        .filter(w -> runningValue != null && !w.equals(runningValue))
        .ifPresent(
            w -> {
              throw new ClicksimFailure(
                  ClicksimFailure.Kind.INVALID_INPUT,
                  source
                      + " asks for "
                      + what
                      + " "
                      + w
                      + ", but the running clicksim up (pid "
                      + running.pid()
                      + ") runs "
                      + runningValue
                      + "; restart it with "
                      + option
                      + " "
                      + w
                      + ", or run without asking for one");
            });
  }

  /** The faults a transient embedded stack can do, known before it is started. */
  static java.util.Set<dev.clicksim.scenario.Fault.Kind> embeddedFaults() {
    return EmbeddedStack.INJECTABLE_FAULTS;
  }

  /** The external target from its options; contacts nothing until asked to do something. */
  static Stack external(StackOptions options) {
    return new ExternalStack(
        options.external().resolve(true),
        PipelineNames.DEFAULT,
        options.windows(),
        options.streamsSettings());
  }

  static CountsSource database(StackOptions options) {
    return new DatabaseCounts(options.external().database());
  }

  /**
   * The embedded stack a {@code clicksim up} runs until it is stopped, and how it tells the other
   * commands where it is.
   *
   * @param announce writes its endpoints into the state directory, where provision, run and verify
   *     find them
   */
  record Up(Stack stack, Runnable announce) {}

  static Up startForUp(StackOptions options, PrintWriter out) {
    EmbeddedStack stack =
        EmbeddedStack.start(
            options.embedded(),
            false,
            line -> {
              out.println("  " + line);
              out.flush();
            });
    return new Up(
        stack,
        () ->
            new StackStateFile(
                    ProcessHandle.current().pid(),
                    stack.bootstrapServers(),
                    stack.connectUrl(),
                    stack.database(),
                    stack.sinkPasswordReference(),
                    stack.windows(),
                    stack.runSettings())
                .withPostgresDataDir(stack.postgresDataDir())
                .withProcessDir(stack.processDir())
                .write(options.stateDir()));
  }
}
