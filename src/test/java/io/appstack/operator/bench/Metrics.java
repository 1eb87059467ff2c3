package io.appstack.operator.bench;

import io.appstack.operator.metrics.AwsCallMetrics;
import io.appstack.operator.observe.DriftPoller;
import io.appstack.operator.reconciler.AppStackReconciler;
import java.util.regex.Pattern;

/** Names of the operator's meters as its /metrics shows them, and which AWS operations change AWS. */
final class Metrics {
  static final String AWS_CALLS = AwsCallMetrics.CALLS + "_total";
  static final String POLLS = DriftPoller.POLL_DURATION + "_seconds_count";
  static final String RECONCILE_CPU = AppStackReconciler.RECONCILE_CPU + "_seconds";
  /** SDK operations (DescribeDBInstances) and fake gateway methods (findInstance) that only read. */
  private static final Pattern READ = Pattern.compile(
      "^(Describe|List|Get|find|list|describe|value|activeRevisions|tasksStartedBy|targetHealth|allows).*");

  private Metrics() {}

  /** {@code service:operation} changes AWS. */
  static boolean mutating(String serviceOperation) {
    return !READ.matcher(serviceOperation.substring(serviceOperation.indexOf(':') + 1)).matches();
  }
}
