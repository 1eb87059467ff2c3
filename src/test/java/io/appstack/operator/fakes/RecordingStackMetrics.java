package io.appstack.operator.fakes;

import io.appstack.operator.reconciler.StackMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records what the steps and the reconciler report: migrations per outcome, drift corrections
 * per resource kind, the last observation of each stack and the stacks deleted, for tests to read.
 */
public final class RecordingStackMetrics implements StackMetrics {
  private final Map<String, Integer> migrations = new TreeMap<>();
  private final java.util.Set<String> counted = new java.util.HashSet<>();
  private final Map<String, Integer> driftCorrections = new TreeMap<>();
  private final Map<String, Observation> observed = new HashMap<>();
  private final List<String> deleted = new ArrayList<>();

  /** One stackObserved call: ready or not, drifted fields by resource kind. */
  public record Observation(boolean ready, Map<String, Integer> driftedFields) {}

  /** Counts each task once, as the contract asks of every implementation. */
  @Override
  public synchronized void migrationFinished(String taskArn, String outcome) {
    if (counted.add(taskArn)) {
      migrations.merge(outcome, 1, Integer::sum);
    }
  }

  @Override
  public synchronized void driftCorrected(String namespace, String name, String resource) {
    driftCorrections.merge(resource, 1, Integer::sum);
  }

  @Override
  public synchronized void stackObserved(String namespace, String name, boolean ready,
      Map<String, Integer> driftedFields) {
    observed.put(namespace + "/" + name, new Observation(ready, Map.copyOf(driftedFields)));
  }

  @Override
  public synchronized void stackDeleted(String namespace, String name) {
    observed.remove(namespace + "/" + name);
    deleted.add(namespace + "/" + name);
  }

  /** How often a migration ended with {@code outcome} (succeeded, failed, timed_out). */
  public synchronized int migrations(String outcome) {
    return migrations.getOrDefault(outcome, 0);
  }

  /** Every migration outcome counted so far, for failure messages and whole-map assertions. */
  public synchronized Map<String, Integer> migrations() {
    return Map.copyOf(migrations);
  }

  /** How often a drifted resource of this kind (rds, ecs-service, security-group) was put back. */
  public synchronized int driftCorrections(String resource) {
    return driftCorrections.getOrDefault(resource, 0);
  }

  /** Every drift correction counted so far, by resource kind. */
  public synchronized Map<String, Integer> driftCorrections() {
    return Map.copyOf(driftCorrections);
  }

  /** The last stackObserved of the stack, unless it was deleted since. */
  public synchronized Optional<Observation> lastObserved(String namespace, String name) {
    return Optional.ofNullable(observed.get(namespace + "/" + name));
  }

  /** Stacks reported deleted, as namespace/name, in order. */
  public synchronized List<String> deleted() {
    return List.copyOf(deleted);
  }
}
