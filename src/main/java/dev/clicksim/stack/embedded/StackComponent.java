package dev.clicksim.stack.embedded;

/**
 * One process-like part of the embedded stack. Each can be stopped and started again on its own
 * data while the others run, which is what fault-injection scenarios need.
 */
public interface StackComponent extends AutoCloseable {

  /** Short name used in messages: "kafka", "postgres", "connect", "streams". */
  String name();

  /** Starts the component; throws {@link ComponentStartException} naming it when it cannot. */
  void start();

  /** Stops the component and keeps its data; a no-op when it is not running. */
  void stop();

  boolean isRunning();

  @Override
  default void close() {
    stop();
  }
}
