package dev.clicksim.junit;

import dev.clicksim.api.ClicksimPipeline;
import dev.clicksim.api.Endpoints;
import dev.clicksim.api.PipelineConfig;
import dev.clicksim.api.RunReport;
import dev.clicksim.api.ScenarioRun;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link ClicksimPipeline} once per test class (the embedded stack, or attached to given
 * endpoints), provisions it, and stops it after the class's last test. Register it on a static
 * field; a test then runs scenarios through it, or takes the pipeline as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClicksimExtension clicksim =
 *     ClicksimExtension.embedded(c -> c.ksql(Path.of("ksql")).sinkConfig(Path.of("connect/postgres-sink.json")));
 *
 * @Test
 * void every_click_is_counted() {
 *   clicksim.run(ScenarioRun.of("smoke").seed(42)).assertMatched();
 * }
 * }</pre>
 *
 * <p>Each class gets its own state and runs directories under {@code target/clicksim/<class>/}; the
 * stack's logs are in its {@code state/logs/}, each run's report.html in its run directory.
 */
public final class ClicksimExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final PipelineConfig config;
  private final boolean ownDirectories;
  private ClicksimPipeline pipeline;

  private ClicksimExtension(PipelineConfig config, boolean ownDirectories) {
    this.config = config;
    this.ownDirectories = ownDirectories;
  }

  /** The embedded stack, provisioned with clicksim's own statements and sink. */
  public static ClicksimExtension embedded() {
    return embedded(UnaryOperator.identity());
  }

  /** The embedded stack, configured: {@code c -> c.ksql(Path.of("ksql"))}. */
  public static ClicksimExtension embedded(UnaryOperator<PipelineConfig> configure) {
    return new ClicksimExtension(configure.apply(PipelineConfig.embedded()), true);
  }

  /** A running pipeline at the given endpoints; nothing is started or stopped. */
  public static ClicksimExtension attach(
      Endpoints endpoints, UnaryOperator<PipelineConfig> configure) {
    return new ClicksimExtension(configure.apply(PipelineConfig.attach(endpoints)), true);
  }

  /** Exactly this configuration, its directories as given. */
  public static ClicksimExtension of(PipelineConfig config) {
    return new ClicksimExtension(config, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    PipelineConfig used = config;
    if (ownDirectories) {
      Path dir = Path.of("target", "clicksim", context.getRequiredTestClass().getSimpleName());
      used = used.stateDir(dir.resolve("state")).runsDir(dir.resolve("runs"));
    }
    pipeline = ClicksimPipeline.start(used, line -> {});
    try {
      pipeline.provision();
    } catch (RuntimeException e) {
      pipeline.close();
      pipeline = null;
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pipeline != null) {
      try {
        pipeline.close();
      } finally {
        pipeline = null;
      }
    }
  }

  /** The class's pipeline. */
  public ClicksimPipeline pipeline() {
    if (pipeline == null) {
      throw new IllegalStateException(
          "no clicksim pipeline: register ClicksimExtension on a static field with"
              + " @RegisterExtension, so it starts before the class's tests");
    }
    return pipeline;
  }

  /** Runs a scenario on the class's pipeline; assert on the report. */
  public RunReport run(ScenarioRun run) {
    return pipeline().run(run);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ClicksimPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return pipeline();
  }
}
