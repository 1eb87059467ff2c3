package io.appstack.operator.bench;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.SdkGatewayFactory;
import io.appstack.operator.it.AwsEmulator;
import io.appstack.operator.it.MotoServer;
import io.appstack.operator.metrics.AwsCallMetrics;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.observe.BatchObserver;
import io.appstack.operator.reconciler.StackDefaults;
import io.appstack.operator.reconciler.StackMetrics;
import io.appstack.operator.reconciler.StackPlan;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

/**
 * Not a test: prints how many AWS calls keeping N stacks under watch costs. For N = 10, 100 and
 * 1,000 stacks whose resources exist in moto, one batched drift poll is run and its calls are
 * counted by service (the same SDK meter the operator exports); then, for comparison, the calls
 * of one full reconcile pass of one converged stack, which is what a per-stack resync each minute
 * would cost every stack. Run with `make bench`.
 */
public final class DriftPollBenchmark {
  private static final int POLLS_PER_HOUR = 60;

  public static void main(String[] args) {
    MotoServer moto = MotoServer.shared();
    try (AwsEmulator aws = new AwsEmulator(moto)) {
      System.out.printf("%-8s %-16s %8s %12s%n", "stacks", "service", "per poll", "/stack-hour");
      for (int n : new int[] {10, 100, 1000}) {
        moto.reset();
        AwsEmulator.Network net = aws.createNetwork();
        List<AppStack> stacks = seed(aws, net, n);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SdkGatewayFactory gateways = gateways(moto.endpoint(), registry)) {
          long t0 = System.nanoTime();
          new BatchObserver(gateways, defaults(), registry).observe(stacks);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          Map<String, Double> calls = callsByService(registry);
          double total = calls.values().stream().mapToDouble(Double::doubleValue).sum();
          // The kinds are read side by side: the service with the most seconds bounds the poll.
          Map<String, Double> seconds = secondsByService(registry);
          calls.forEach((service, c) -> System.out.printf("%-8d %-16s %8.0f %12.2f   (%.1f s in calls)%n", n, service,
              c, c * POLLS_PER_HOUR / n, seconds.getOrDefault(service, 0.0)));
          System.out.printf("%-8d %-16s %8.0f %12.2f   (poll took %d ms)%n", n, "ALL", total,
              total * POLLS_PER_HOUR / n, ms);
        }
      }
      moto.reset();
      AwsEmulator.Network net = aws.createNetwork();
      System.out.printf("%nfor comparison, one full reconcile pass of one converged stack (a per-stack resync):%n");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (SdkGatewayFactory gateways = gateways(moto.endpoint(), registry)) {
        StackPlan plan = new StackPlan(defaults(), gateways, (ns, name, key) -> Optional.empty(), StackMetrics.NONE,
            url -> Optional.empty(), Clock.systemUTC());
        AppStack stack = stack("bench", "single", net);
        for (int i = 0; i < 10; i++) {
          stack.setStatus(plan.apply(stack).status());
        }
        registry.clear();
        stack.setStatus(plan.apply(stack).status());
        double pass = callsByService(registry).values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("calls per pass: %.0f; at one pass a minute: %.0f calls per stack-hour%n", pass,
            pass * POLLS_PER_HOUR);
      }
    }
    System.exit(0);
  }

  private static SdkGatewayFactory gateways(URI endpoint, SimpleMeterRegistry registry) {
    return new SdkGatewayFactory(AwsEmulator.CREDENTIALS, Optional.of(endpoint), new AwsCallMetrics(registry));
  }

  private static StackDefaults defaults() {
    return new StackDefaults(AwsEmulator.REGION, AwsEmulator.CLUSTER, Optional.of(AwsEmulator.EXECUTION_ROLE));
  }

  private static Map<String, Double> callsByService(SimpleMeterRegistry registry) {
    Map<String, Double> calls = new TreeMap<>();
    registry.find(AwsCallMetrics.CALLS).counters().forEach((Counter c) ->
        calls.merge(c.getId().getTag("service"), c.count(), Double::sum));
    return calls;
  }

  private static Map<String, Double> secondsByService(SimpleMeterRegistry registry) {
    Map<String, Double> seconds = new TreeMap<>();
    registry.find(AwsCallMetrics.LATENCY).timers().forEach(t ->
        seconds.merge(t.getId().getTag("service"), t.totalTime(TimeUnit.SECONDS), Double::sum));
    return seconds;
  }

  /** Puts each stack's watched resources in moto directly: instance, service, groups, secret. */
  private static List<AppStack> seed(AwsEmulator aws, AwsEmulator.Network net, int n) {
    String td = aws.ecs.registerTaskDefinition(r -> r.family("bench").cpu("256").memory("512")
        .networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
        .containerDefinitions(c -> c.name("api").image("api:1").essential(true))).taskDefinition().taskDefinitionArn();
    List<AppStack> stacks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AppStack s = stack("bench", "s" + i, net);
      StackNames names = StackNames.of("bench", "s" + i);
      var tags = names.tags();
      aws.rds.createDBInstance(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()).engine("postgres")
          .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("appstack").masterUserPassword("benchmark1")
          .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.rds.model.Tag.builder()
              .key(e.getKey()).value(e.getValue()).build()).toList()));
      for (String group : List.of(names.apiSecurityGroupName(), names.dbSecurityGroupName())) {
        aws.ec2.createSecurityGroup(r -> r.vpcId(net.vpcId()).groupName(group).description("bench")
            .tagSpecifications(t -> t.resourceType("security-group").tags(tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey()).value(e.getValue())
                    .build()).toList())));
      }
      aws.ecs.createService(r -> r.cluster(AwsEmulator.CLUSTER).serviceName(names.serviceName()).taskDefinition(td)
          .desiredCount(2).launchType("FARGATE"));
      aws.secrets.createSecret(r -> r.name(names.dbCredentialsSecretName()).secretString(UUID.randomUUID().toString())
          .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
              .key(e.getKey()).value(e.getValue()).build()).toList()));
      stacks.add(s);
    }
    return stacks;
  }

  private static AppStack stack(String namespace, String name, AwsEmulator.Network net) {
    AppStack s = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        spec:
          network: {vpcId: %s, privateSubnetIds: [%s, %s]}
          api: {image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2", port: 3000, cpu: 256, memory: 512, replicas: 2}
          database: {engineVersion: "16", instanceClass: db.t3.micro, allocatedStorageGiB: 20}
          redis: {mode: sidecar}
        """.formatted(net.vpcId(), net.subnetIds().get(0), net.subnetIds().get(1)), AppStack.class);
    s.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
        .withUid(UUID.randomUUID().toString()).build());
    return s;
  }
}
