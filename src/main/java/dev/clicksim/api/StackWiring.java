package dev.clicksim.api;

import dev.clicksim.pipeline.EngineProfile;
import dev.clicksim.pipeline.PipelineNames;
import dev.clicksim.stack.DatabaseEndpoint;
import dev.clicksim.stack.Secret;
import dev.clicksim.stack.ServiceEndpoint;
import dev.clicksim.stack.SinkDatabaseEndpoint;
import dev.clicksim.stack.Stack;
import dev.clicksim.stack.embedded.EmbeddedStack;
import dev.clicksim.stack.embedded.EmbeddedStackOptions;
import dev.clicksim.stack.external.ExternalEndpoints;
import dev.clicksim.stack.external.ExternalStack;
import dev.clicksim.window.WindowSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The API's wiring: the one place in it that names a stack adapter (as cli's StackProvider). */
final class StackWiring {

  private StackWiring() {}

  static Stack embedded(
      PipelineConfig config, WindowSpec windows, EngineProfile profile, Consumer<String> progress) {
    return EmbeddedStack.start(
        new EmbeddedStackOptions(
            config.stateDir().resolve("embedded"),
            config.stateDir().resolve("logs"),
            0,
            0,
            0,
            PipelineNames.DEFAULT,
            windows,
            profile,
            profile.settings()),
        true,
        progress);
  }

  static Stack attached(PipelineConfig config, WindowSpec windows, EngineProfile profile) {
    Endpoints e = config.endpoints();
    Map<String, Object> kafka = new HashMap<>(e.kafkaProperties());
    kafka.put("bootstrap.servers", e.bootstrapServers());
    DatabaseEndpoint db = new DatabaseEndpoint(e.jdbcUrl(), e.dbUser(), Secret.of(e.dbPassword()));
    SinkDatabaseEndpoint sinkDb =
        new SinkDatabaseEndpoint(
            new DatabaseEndpoint(
                e.sinkJdbcUrl() == null ? e.jdbcUrl() : e.sinkJdbcUrl(), e.dbUser(), db.password()),
            e.sinkPasswordReference());
    return new ExternalStack(
        new ExternalEndpoints(
            kafka,
            e.ksqlDbUrl() == null ? null : ServiceEndpoint.of(e.ksqlDbUrl()),
            e.schemaRegistryUrl() == null ? null : ServiceEndpoint.of(e.schemaRegistryUrl()),
            ServiceEndpoint.of(e.connectUrl()),
            db,
            sinkDb,
            e.sinkSchemaRegistryUrl()),
        PipelineNames.DEFAULT,
        windows,
        profile.settings(),
        config.ksqlDir());
  }
}
