package dev.clicksim.testing;

import dev.clicksim.db.CountsTable;
import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.StackStateFile;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.window.WindowSpec;
import java.nio.file.Path;

/**
 * The real embedded stack for an integration test class: started, provisioned, and announced in
 * {@code stateDir} the way {@code clicksim up} does, so commands run with {@code --state-dir
 * stateDir} attach to it as from another terminal.
 */
public final class EmbeddedStackFixture {

  private EmbeddedStackFixture() {}

  public static EmbeddedStack startProvisioned(Path stateDir) {
    EmbeddedStack stack =
        EmbeddedStack.start(
            new EmbeddedStackOptions(
                stateDir.resolve("embedded"),
                stateDir.resolve("logs"),
                0,
                0,
                0,
                PipelineNames.DEFAULT,
                WindowSpec.DEFAULT,
                EngineProfile.fast,
                EngineProfile.fast.settings()),
            false,
            line -> {});
    stack.provision(CountsTable.DEFAULT, step -> {});
    new StackStateFile(
            ProcessHandle.current().pid(),
            stack.bootstrapServers(),
            stack.connectUrl(),
            stack.database(),
            stack.sinkPasswordReference(),
            WindowSpec.DEFAULT,
            stack.runSettings())
        .write(stateDir);
    return stack;
  }
}
