package io.appstack.operator.bench;

import io.appstack.operator.AppStackOperator;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.fakes.FakeAws;
import io.appstack.operator.metrics.AwsCallMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operator process as {@code AppStackOperator.main} builds it, but with the in-memory AWS
 * fakes in place of the SDK, for the benchmark: what the operator costs without an emulator's
 * own time. Every gateway call is counted under the same meter as SDK calls (operation = the
 * gateway method, service = the gateway), and AWS finishes its pending work every second.
 */
public final class FakeAwsOperator {
  private FakeAwsOperator() {}

  public static void main(String[] args) {
    OperatorConfig config = OperatorConfig.from(args, System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    FakeAws aws = new FakeAws(java.time.Clock.systemUTC());
    AwsGateways g = aws.gateways();
    AwsGateways counted = new AwsGateways(counted(g.rds(), "rds", registry), counted(g.secrets(), "secrets", registry),
        counted(g.ec2(), "ec2", registry), counted(g.ecs(), "ecs", registry), counted(g.logs(), "logs", registry),
        counted(g.elasticache(), "elasticache", registry), counted(g.elb(), "elb", registry));
    ScheduledExecutorService awsWork = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-aws");
      t.setDaemon(true);
      return t;
    });
    awsWork.scheduleWithFixedDelay(aws::finishPending, 1, 1, TimeUnit.SECONDS);
    KubernetesClient client = new KubernetesClientBuilder().build();
    AppStackOperator app = new AppStackOperator(config, client, region -> counted, registry);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      client.close();
    }, "shutdown"));
    app.start();
  }

  /** The gateway behind a proxy that counts each call as {@code appstack_aws_calls_total}. */
  @SuppressWarnings("unchecked")
  static <T> T counted(T gateway, String service, MeterRegistry registry) {
    Class<?> type = gateway.getClass().getInterfaces()[0];
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, methodArgs) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(gateway, methodArgs);
      }
      String outcome = "success";
      try {
        return method.invoke(gateway, methodArgs);
      } catch (InvocationTargetException e) {
        outcome = e.getCause().getClass().getSimpleName();
        throw e.getCause();
      } finally {
        Counter.builder(AwsCallMetrics.CALLS).tag("service", service).tag("operation", method.getName())
            .tag("outcome", outcome).register(registry).increment();
      }
    });
  }
}
