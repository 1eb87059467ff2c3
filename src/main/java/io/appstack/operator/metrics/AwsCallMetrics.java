package io.appstack.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Meters every AWS call the gateways make, by service, operation and outcome, as an SDK
 * interceptor attached to every client: one call is one logical operation (SDK retries included),
 * and every HTTP attempt is counted too, so throttling shows up. Benchmarks read the same counters.
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
  public static final String CALLS = "appstack_aws_calls";
  public static final String ATTEMPTS = "appstack_aws_call_attempts";
  public static final String LATENCY = "appstack_aws_call_duration";
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("appstack.started");

  private final MeterRegistry registry;
  private final AwsAttemptErrors attemptErrors;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.attemptErrors = new AwsAttemptErrors(registry);
  }

  /** The SDK metric publisher that counts failed attempts into the same registry. */
  public AwsAttemptErrors attemptErrors() {
    return attemptErrors;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Counter.builder(ATTEMPTS).description("HTTP attempts sent to AWS, retries included")
        .tag("service", service(attributes)).tag("operation", operation(attributes))
        .register(registry).increment();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable e = context.exception();
    String outcome = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
        ? ase.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    record(attributes, outcome);
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String service = service(attributes);
    String operation = operation(attributes);
    Counter.builder(CALLS).description("AWS API calls made by the operator")
        .tag("service", service).tag("operation", operation).tag("outcome", outcome)
        .register(registry).increment();
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      Timer.builder(LATENCY).description("AWS API call latency, retries included")
          .tag("service", service).tag("operation", operation)
          .register(registry).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private static String service(ExecutionAttributes attributes) {
    return String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
  }

  private static String operation(ExecutionAttributes attributes) {
    return String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
