package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts a fake gateway's calls per operation and throws the failures queued for the next call. */
public final class CallLog {
  private final Set<String> operations;
  private final Set<String> losable;
  private final Map<String, Integer> calls = new TreeMap<>();
  private final Map<String, Deque<AwsFailure>> failures = new HashMap<>();
  private final Map<String, Deque<AwsFailure>> lostResponses = new HashMap<>();

  /** @param losable the operations whose response {@link #loseNextResponse} can lose (they call exit) */
  CallLog(Set<String> operations, Set<String> losable) {
    this.operations = Set.copyOf(operations);
    this.losable = Set.copyOf(losable);
  }

  /** Records a call; throws the failure queued for this operation, if any. */
  synchronized void enter(String operation) {
    calls.merge(operation, 1, Integer::sum);
    Deque<AwsFailure> queued = failures.get(operation);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
  }

  /** Called after the operation took effect: throws the failure queued as its lost response, if any. */
  synchronized void exit(String operation) {
    Deque<AwsFailure> queued = lostResponses.get(operation);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
  }

  synchronized void failNext(String operation, AwsFailure failure) {
    failures.computeIfAbsent(known(operation), k -> new ArrayDeque<>()).add(failure);
  }

  synchronized void loseNextResponse(String operation, AwsFailure failure) {
    if (!losable.contains(known(operation))) {
      throw new IllegalArgumentException("the fake cannot lose the response of '" + operation + "'; it can for "
          + new TreeSet<>(losable));
    }
    lostResponses.computeIfAbsent(known(operation), k -> new ArrayDeque<>()).add(failure);
  }

  // A typo in a test would otherwise queue a failure that never fires and prove nothing.
  private String known(String operation) {
    if (!operations.contains(operation)) {
      throw new IllegalArgumentException("no operation '" + operation + "'; known: " + new TreeSet<>(operations));
    }
    return operation;
  }

  synchronized int count(String operation) {
    return calls.getOrDefault(known(operation), 0);
  }

  synchronized Map<String, Integer> all() {
    return Map.copyOf(calls);
  }
}
