package io.appstack.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;

class AwsAttemptErrorsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AwsAttemptErrors errors = new AwsAttemptErrors(registry);

  @Test
  void failedAttemptsAreCountedByTheSdksErrorTypeEvenWhenTheCallSucceeded() {
    MetricCollector call = MetricCollector.create("ApiCall");
    call.reportMetric(CoreMetric.SERVICE_ID, "RDS");  // labelled Rds, as the call meter does
    call.reportMetric(CoreMetric.OPERATION_NAME, "DescribeDBInstances");
    call.createChild("ApiCallAttempt").reportMetric(CoreMetric.ERROR_TYPE, "Throttling");
    call.createChild("ApiCallAttempt").reportMetric(CoreMetric.ERROR_TYPE, "ServerError");
    call.createChild("ApiCallAttempt").reportMetric(CoreMetric.ERROR_TYPE, "Throttling");
    call.createChild("ApiCallAttempt"); // the attempt that succeeded
    errors.publish(call.collect());

    assertEquals(2.0, count("Throttling"));
    assertEquals(1.0, count("ServerError"));
    assertEquals(0.0, count("ConfiguredTimeout"));
  }

  @Test
  void aCallWithoutFailedAttemptsCountsNothing() {
    MetricCollector call = MetricCollector.create("ApiCall");
    call.reportMetric(CoreMetric.SERVICE_ID, "ECS");
    call.reportMetric(CoreMetric.OPERATION_NAME, "DescribeServices");
    call.createChild("ApiCallAttempt");
    errors.publish(call.collect());
    assertEquals(0, registry.find(AwsAttemptErrors.ATTEMPT_ERRORS).counters().size());
  }

  private double count(String type) {
    var c = registry.find(AwsAttemptErrors.ATTEMPT_ERRORS).tags("service", "Rds", "operation", "DescribeDBInstances",
        "type", type).counter();
    return c == null ? 0 : c.count();
  }
}
