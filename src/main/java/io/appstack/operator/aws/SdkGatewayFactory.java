package io.appstack.operator.aws;

import io.appstack.operator.aws.ec2.SdkEc2Gateway;
import io.appstack.operator.aws.ecs.SdkEcsGateway;
import io.appstack.operator.aws.elasticache.SdkElastiCacheGateway;
import io.appstack.operator.aws.elb.SdkLoadBalancerGateway;
import io.appstack.operator.aws.logs.SdkLogsGateway;
import io.appstack.operator.aws.rds.SdkRdsGateway;
import io.appstack.operator.aws.secrets.SdkSecretsGateway;
import io.appstack.operator.metrics.AwsCallMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds SDK clients once per region, all sharing one HTTP connection pool, the adaptive retry
 * mode (client-side rate limiting when AWS throttles) and the call meter.
 */
public final class SdkGatewayFactory implements AwsGateways.Factory, AutoCloseable {
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  private final AwsCredentialsProvider credentials;
  private final Optional<URI> endpoint;
  private final AwsCallMetrics metrics;
  private final SdkHttpClient http = ApacheHttpClient.builder().maxConnections(50)
      .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)).build();
  /**
   * The timers of every client's attempt and call timeouts. Left to itself each client keeps a
   * pool of up to 5 threads for them: 25 of the operator's 100 threads at 1,000 stacks
   * (make bench-memory). A timer only aborts a request, so two threads serve all clients.
   */
  private final ScheduledThreadPoolExecutor timeouts = timeoutScheduler();
  private final Map<String, AwsGateways> byRegion = new ConcurrentHashMap<>();
  private final List<AutoCloseable> clients = new ArrayList<>();

  public SdkGatewayFactory(AwsCredentialsProvider credentials, Optional<URI> endpoint, AwsCallMetrics metrics) {
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.metrics = metrics;
  }

  @Override
  public AwsGateways forRegion(String region) {
    return byRegion.computeIfAbsent(region, this::build);
  }

  private AwsGateways build(String region) {
    RdsClient rds = configure(RdsClient.builder(), region).httpClient(http).build();
    SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), region).httpClient(http).build();
    Ec2Client ec2 = configure(Ec2Client.builder(), region).httpClient(http).build();
    EcsClient ecs = configure(EcsClient.builder(), region).httpClient(http).build();
    CloudWatchLogsClient logs = configure(CloudWatchLogsClient.builder(), region).httpClient(http).build();
    ElastiCacheClient elasticache = configure(ElastiCacheClient.builder(), region).httpClient(http).build();
    ElasticLoadBalancingV2Client elb = configure(ElasticLoadBalancingV2Client.builder(), region).httpClient(http).build();
    synchronized (clients) {
      clients.addAll(List.of(rds, secrets, ec2, ecs, logs, elasticache, elb));
    }
    return new AwsGateways(new SdkRdsGateway(rds), new SdkSecretsGateway(secrets), new SdkEc2Gateway(ec2),
        new SdkEcsGateway(ecs), new SdkLogsGateway(logs), new SdkElastiCacheGateway(elasticache),
        new SdkLoadBalancerGateway(elb));
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
    builder.region(Region.of(region)).credentialsProvider(credentials)
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.ADAPTIVE_V2).addExecutionInterceptor(metrics)
            .scheduledExecutorService(timeouts)
            .addMetricPublisher(metrics.attemptErrors())
            // An attempt that hangs (a lost response) is abandoned after 10 s and retried. Creates
            // are safe to repeat (deterministic names, client tokens), except RegisterTaskDefinition,
            // which AWS cannot make idempotent: a repeat leaves an identical unused revision, and
            // every revision of the family is deregistered with the stack.
            .apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(Duration.ofSeconds(60)));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    synchronized (clients) {
      for (AutoCloseable c : clients) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing on shutdown; nothing to do about a failure here
        }
      }
    }
    http.close();
    timeouts.shutdownNow();
  }

  private static ScheduledThreadPoolExecutor timeoutScheduler() {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "aws-timeouts-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Nearly every timeout is cancelled when its call answers; drop those at once rather than
    // keeping them queued for up to 60 s.
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }
}
