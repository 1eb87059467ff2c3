package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import java.util.Map;

/** What every fake gateway offers tests: call counts and failure knobs, kept in one {@link CallLog}. */
public abstract class FakeGateway {
  protected final CallLog log;

  protected FakeGateway(CallLog log) {
    this.log = log;
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
}
