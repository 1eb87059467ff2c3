package io.appstack.operator.it;

import io.appstack.operator.AppStackOperator;
import io.appstack.operator.aws.SdkGatewayFactory;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.metrics.AwsCallMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The operator, in this JVM, against the real apiserver and moto; short intervals for tests. */
public final class RunningOperator implements AutoCloseable {
  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SdkGatewayFactory gateways;
  private final AppStackOperator operator;

  public RunningOperator(KubernetesClient client, MotoServer moto) {
    this(client, moto, Optional.empty());
  }

  /** With leader election through a Lease in {@code leaseNamespace}. */
  public RunningOperator(KubernetesClient client, MotoServer moto, Optional<String> leaseNamespace) {
    this(client, moto, leaseNamespace, Duration.ofSeconds(5));
  }

  /** With its own resync (and drift poll) interval: a long one shows what only events bring about. */
  public RunningOperator(KubernetesClient client, MotoServer moto, Duration resync) {
    this(client, moto, Optional.empty(), resync);
  }

  private RunningOperator(KubernetesClient client, MotoServer moto, Optional<String> leaseNamespace, Duration resync) {
    OperatorConfig config = new OperatorConfig(Set.of(), AwsEmulator.REGION, Optional.of(moto.endpoint()),
        Duration.ofMillis(500), resync, 0, AwsEmulator.CLUSTER, Optional.of(AwsEmulator.EXECUTION_ROLE),
        leaseNamespace, OperatorConfig.DEFAULT_RECONCILE_THREADS);
    gateways = new SdkGatewayFactory(AwsEmulator.CREDENTIALS, config.awsEndpoint(), new AwsCallMetrics(registry));
    operator = new AppStackOperator(config, client, gateways, registry);
    operator.start();
  }

  public String identity() {
    return operator.identity();
  }

  public int httpPort() {
    return operator.httpPort();
  }

  /** AWS calls made by this operator, by service/operation (successful or not). */
  public double calls(String service, String operation) {
    return registry.find(AwsCallMetrics.CALLS).tags("service", service, "operation", operation).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  public Map<String, Double> mutatingCalls() {
    Map<String, Double> out = new java.util.TreeMap<>();
    registry.find(AwsCallMetrics.CALLS).counters().forEach(c -> {
      String op = c.getId().getTag("operation");
      if (op != null && (op.startsWith("Create") || op.startsWith("Modify") || op.startsWith("Delete"))) {
        out.merge(c.getId().getTag("service") + ":" + op, c.count(), Double::sum);
      }
    });
    return out;
  }

  /** Reconciliations JOSDK started (its own Micrometer counter), for showing there is no storm. */
  public double reconciles() {
    var counters = registry.find("operator.sdk.reconciliations.started").counters();
    if (counters.isEmpty()) {
      // A renamed JOSDK meter must fail the tests that count on it, not let them pass on zero.
      throw new AssertionError("JOSDK's operator.sdk.reconciliations.started meter is missing");
    }
    return counters.stream().mapToDouble(Counter::count).sum();
  }

  /** Failed HTTP attempts the SDK classified as {@code type} (Throttling, ServerError, ConfiguredTimeout). */
  public double attemptErrors(String type) {
    return registry.find(io.appstack.operator.metrics.AwsAttemptErrors.ATTEMPT_ERRORS).tag("type", type).counters()
        .stream().mapToDouble(Counter::count).sum();
  }

  /** Every AWS call any operator of this test JVM made, as service/operation pairs. */
  static final java.util.Set<String> CALLS_MADE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** Idempotent: a test class may stop its operator early, and the base class stops it again. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    operator.close();
    gateways.close();
    registry.find(AwsCallMetrics.CALLS).counters().forEach(c ->
        CALLS_MADE.add(c.getId().getTag("service") + "/" + c.getId().getTag("operation")));
  }
}
