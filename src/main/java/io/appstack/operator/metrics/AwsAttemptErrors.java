package io.appstack.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts failed HTTP attempts by the SDK's own error classification (Throttling, ServerError,
 * ConfiguredTimeout, IO, Other), from the metrics the SDK publishes after each call. Retried
 * attempts never reach the operator as exceptions, so without this throttling that the adaptive
 * retry mode absorbs would be invisible.
 */
public final class AwsAttemptErrors implements MetricPublisher {
  public static final String ATTEMPT_ERRORS = "appstack_aws_attempt_errors";

  // The SDK's metrics name services by service id ("Secrets Manager"); the call meter by the
  // client's service name ("SecretsManager"). One label value per service keeps queries joinable.
  private static final java.util.Map<String, String> SERVICE_NAMES = java.util.Map.of("RDS", "Rds",
      "Secrets Manager", "SecretsManager", "EC2", "Ec2", "ECS", "Ecs", "CloudWatch Logs", "CloudWatchLogs",
      "ElastiCache", "ElastiCache", "Elastic Load Balancing v2", "ElasticLoadBalancingV2");

  private final MeterRegistry registry;

  public AwsAttemptErrors(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void publish(MetricCollection call) {
    String id = first(call, CoreMetric.SERVICE_ID);
    String service = SERVICE_NAMES.getOrDefault(id, id);
    String operation = first(call, CoreMetric.OPERATION_NAME);
    call.children().forEach(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).forEach(type ->
        Counter.builder(ATTEMPT_ERRORS).description("Failed HTTP attempts to AWS by the SDK's error type, retried or not")
            .tag("service", service).tag("operation", operation).tag("type", type)
            .register(registry).increment()));
  }

  private static String first(MetricCollection call, software.amazon.awssdk.metrics.SdkMetric<String> metric) {
    return call.metricValues(metric).stream().findFirst().orElse("unknown");
  }

  @Override
  public void close() {
    // the registry outlives the SDK clients
  }
}
