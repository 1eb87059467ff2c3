package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import java.util.Map;
import java.util.Set;

/**
 * What every fake gateway offers tests: call counts and failure knobs, kept in one {@link CallLog},
 * and the account's {@link Journal} of what happened in which order.
 */
public abstract class FakeGateway {
  protected final CallLog log;
  protected final Journal journal;
  private final Set<String> mutating;

  /**
   * @param mutating the operations that change AWS (Create*, Modify*, Delete*, register, update, put,
   *     allow, revoke ...); the rest are reads
   */
  protected FakeGateway(CallLog log, Journal journal, Set<String> mutating) {
    this.log = log;
    this.journal = journal;
    this.mutating = Set.copyOf(mutating);
    mutating.forEach(log::count);  // a typo in the list fails here rather than counting nothing
  }

  /** Queues a failure that the next call of {@code operation} (a method name) throws. */
  public void failNext(String operation, AwsFailure failure) {
    log.failNext(operation, failure);
  }

  /**
   * The next call of {@code operation} takes effect but its caller gets {@code failure}, as when
   * AWS's answer is lost and the SDK's retry of a non-idempotent create hits the first one's result.
   */
  public void loseNextResponse(String operation, AwsFailure failure) {
    log.loseNextResponse(operation, failure);
  }

  /** Calls made so far, by operation. */
  public Map<String, Integer> calls() {
    return log.all();
  }

  public int calls(String operation) {
    return log.count(operation);
  }

  /** Calls made so far that change AWS. */
  public int mutatingCalls() {
    return mutating.stream().mapToInt(log::count).sum();
  }

  public Set<String> mutatingOperations() {
    return mutating;
  }
}
