package io.appstack.operator.fakes;

import io.appstack.operator.reconciler.StackMetrics;
import java.util.Map;
import java.util.TreeMap;

/** Counts what the steps report, per migration outcome, for tests to read. */
public final class RecordingStackMetrics implements StackMetrics {
  private final Map<String, Integer> migrations = new TreeMap<>();
  private final java.util.Set<String> counted = new java.util.HashSet<>();

  /** Counts each task once, as the contract asks of every implementation. */
  @Override
  public synchronized void migrationFinished(String taskArn, String outcome) {
    if (counted.add(taskArn)) {
      migrations.merge(outcome, 1, Integer::sum);
    }
  }

  /** How often a migration ended with {@code outcome} (succeeded, failed, timed_out). */
  public synchronized int migrations(String outcome) {
    return migrations.getOrDefault(outcome, 0);
  }

  /** Every migration outcome counted so far, for failure messages and whole-map assertions. */
  public synchronized Map<String, Integer> migrations() {
    return Map.copyOf(migrations);
  }
}
