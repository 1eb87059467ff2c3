package io.appstack.operator.reconciler;

/** What the steps count, beyond the AWS calls the gateways meter. */
public interface StackMetrics {
  /**
   * A migration task ended: outcome is succeeded, failed or timed_out. A pass can be repeated
   * (its status write lost to a later failure), so implementations count each task once.
   */
  void migrationFinished(String taskArn, String outcome);

  /** The operator put a drifted resource back (resource: rds, ecs-service, security-group). */
  default void driftCorrected(String namespace, String name, String resource) {
  }

  /**
   * The stack's state after a pass: ready or not, and how many fields differ from the spec, by
   * resource kind (a kind no longer listed is 0).
   */
  default void stackObserved(String namespace, String name, boolean ready, java.util.Map<String, Integer> driftedFields) {
  }

  /** The stack is gone: its gauges go too. */
  default void stackDeleted(String namespace, String name) {
  }

  /** Counts nothing, for tests that do not look. */
  StackMetrics NONE = (taskArn, outcome) -> { };
}
