/**
 * clicksim as a library: what the command line does, for a test or a program of your own.
 *
 * <p>{@link dev.clicksim.api.ClicksimPipeline} starts the embedded stack (or attaches to given
 * {@link dev.clicksim.api.Endpoints}), provisions it from a project's own {@code ksql/} statements
 * and sink configuration ({@link dev.clicksim.api.PipelineConfig}), runs a scenario ({@link
 * dev.clicksim.api.ScenarioRun}) and returns a {@link dev.clicksim.api.RunReport}: the verdict,
 * every window with its class, the SLOs, and assertions whose failure messages name the differing
 * windows. {@code dev.clicksim.junit.ClicksimExtension} wraps it for JUnit 5.
 *
 * <p>This package is clicksim's stable surface: its types are its own (no Kafka, JDBC or picocli
 * types), and everything else of clicksim may change under it.
 */
package dev.clicksim.api;
