package dev.clicksim.pipeline;

/**
 * The windowed count's {@code processing.guarantee}. ksqlDB runs {@code at_least_once} by default:
 * after a crash the work since the last commit is processed again and counted again, so a count can
 * exceed the truth. {@code exactly_once_v2} commits input offsets, state and output in one
 * transaction, and the sink reads only committed output ({@code isolation.level=read_committed}),
 * so a crash costs time, never a count.
 */
public enum ProcessingGuarantee {
  at_least_once,
  exactly_once_v2
}
