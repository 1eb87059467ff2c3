package io.appstack.operator;

import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.SdkGatewayFactory;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.health.HttpHealthProbe;
import io.appstack.operator.metrics.AwsCallMetrics;
import io.appstack.operator.metrics.MicrometerStackMetrics;
import io.appstack.operator.observe.BatchObserver;
import io.appstack.operator.reconciler.AppStackReconciler;
import io.appstack.operator.reconciler.CachedFields;
import io.appstack.operator.reconciler.StackEvents;
import io.appstack.operator.reconciler.KubernetesSecrets;
import io.appstack.operator.reconciler.StackDefaults;
import io.appstack.operator.reconciler.StackPlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The operator process: config, clients, the AppStack controller, and /healthz /readyz /metrics. */
public final class AppStackOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppStackOperator.class);

  public static final String LEASE = "appstack-operator";
  private final Operator operator;
  private final String identity = host() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  private final OperatorHttpServer http;

  public AppStackOperator(OperatorConfig config, KubernetesClient client, AwsGateways.Factory gateways,
      PrometheusMeterRegistry registry) {
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client).withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withCloseClientOnStop(false).withConcurrentReconciliationThreads(config.reconcileThreads());
      // With more than one replica, one holds the Lease and reconciles; the others wait to take over.
      // A 10 s lease renewed every 2 s: a replica that dies is replaced within about 12 s.
      config.leaderElectionNamespace().ifPresent(ns -> o.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(LEASE, ns, Duration.ofSeconds(10), Duration.ofSeconds(7),
              Duration.ofSeconds(2), identity, null, false)));
    });
    Clock clock = Clock.systemUTC();
    StackDefaults defaults = new StackDefaults(config.defaultRegion(), config.defaultCluster(),
        config.defaultExecutionRoleArn());
    MicrometerStackMetrics stackMetrics = new MicrometerStackMetrics(registry);
    AppStackReconciler reconciler = new AppStackReconciler(config,
        new StackPlan(defaults, gateways, new KubernetesSecrets(client), stackMetrics,
            new HttpHealthProbe(config.progressInterval(), clock), clock),
        StackEvents.kubernetes(client, clock), stackMetrics, new BatchObserver(gateways, defaults, registry), registry, clock);
    operator.register(reconciler, o -> {
      o.withItemStore(CachedFields.stacks());
      if (!config.watchNamespaces().isEmpty()) {
        o.settingNamespaces(config.watchNamespaces());
      }
      // AWS faults are retried for ever, backing off to the resync interval: giving up would
      // leave a stack silently unreconciled until its next change.
      o.withRetry(new GenericRetry().setInitialInterval(2_000).setIntervalMultiplier(2)
          .setMaxInterval(config.resyncInterval().toMillis()).withoutMaxAttempts());
    });
    this.http = new OperatorHttpServer(config.httpPort(), registry, this::healthy);
  }

  public void start() {
    http.start();
    operator.start();
    LOG.info("operator started http_port={}", http.port());
  }

  /** Who this replica is in the leader-election Lease. */
  public String identity() {
    return identity;
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "appstack-operator";
    }
  }

  public int httpPort() {
    return http.port();
  }

  boolean healthy() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    http.stop();
  }

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.from(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("appstack-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    SdkGatewayFactory gateways = new SdkGatewayFactory(DefaultCredentialsProvider.builder().build(),
        config.awsEndpoint(), new AwsCallMetrics(registry));
    AppStackOperator app = new AppStackOperator(config, client, gateways, registry);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      gateways.close();
      client.close();
    }, "shutdown"));
    LOG.info("starting region={} namespaces={} aws_endpoint={}", config.defaultRegion(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.awsEndpoint().map(Object::toString).orElse("aws"));
    app.start();
    // Build the default region's SDK clients now, once ready, rather than in the first stack's
    // reconcile: measured on 2 cores, that first reconcile waited 4.6 s before its first AWS call.
    gateways.forRegion(config.defaultRegion());
  }
}
