package io.appstack.operator.reconciler;

/** What the steps count, beyond the AWS calls the gateways meter. */
public interface StackMetrics {
  /**
   * A migration task ended: outcome is succeeded, failed or timed_out. A pass can be repeated
   * (its status write lost to a later failure), so implementations count each task once.
   */
  void migrationFinished(String taskArn, String outcome);

  /** Counts nothing, for tests that do not look. */
  StackMetrics NONE = (taskArn, outcome) -> { };
}
