package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.metrics.AwsCallMetrics;
import io.appstack.operator.naming.StackNames;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * AWS failing in front of moto (hack/moto_launcher.py): a fifth of all requests throttled or 503,
 * and responses lost after the call took effect. The SDK's adaptive retries and the operator's
 * rescheduling still bring a whole stack up and tear it down, throttling shows in the metrics,
 * reconciles stay paced, and nothing is created twice.
 */
class AwsFaultIT extends OperatorTestBase {
  /** Convergence, not speed, is the point: runs here took 19 s to 90 s and more (backoff, adaptive retries). */
  private static final Duration UNDER_FAULTS = Duration.ofMinutes(5);
  private static final String ELASTICACHE =
      "redis:\n    mode: elasticache\n    elasticache: {nodeType: cache.t3.micro, replicas: 1}\n";

  @AfterEach
  void noMoreFaults() {
    moto.faults("rate=0");
  }

  @Test
  void aStackConvergesAndIsDeletedWhileOneRequestInFiveFails() {
    double attemptsBefore = sum(AwsCallMetrics.ATTEMPTS);
    double callsBefore = sum(AwsCallMetrics.CALLS);
    double reconcilesBefore = operator.reconciles();
    double throttledBefore = operator.attemptErrors("Throttling");
    moto.faults("rate=0.2");
    long started = System.nanoTime();
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", ELASTICACHE));
    awaitReadyUnderFaults();
    double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    double attempts = sum(AwsCallMetrics.ATTEMPTS) - attemptsBefore;
    double calls = sum(AwsCallMetrics.CALLS) - callsBefore;
    double reconciles = operator.reconciles() - reconcilesBefore;
    double throttled = operator.attemptErrors("Throttling") - throttledBefore;
    assertTrue(attempts > calls * 1.1, "the SDK retried: " + attempts + " attempts for " + calls + " calls");
    assertTrue(throttled > 0, "throttled attempts are counted in " + io.appstack.operator.metrics.AwsAttemptErrors.ATTEMPT_ERRORS);
    // No storm: while AWS works a stack is looked at every progress interval (500 ms here) and
    // failed passes back off, so reconciles stay within a few per second of bring-up.
    assertTrue(reconciles <= 2 * seconds + 10, reconciles + " reconciles in " + seconds + " s");
    System.out.printf("20%% faults: Ready after %.0f s, %.0f calls, %.0f attempts, %.0f throttled attempts, "
        + "%.0f reconciles; faults injected %s%n", seconds, calls, attempts, throttled, reconciles, moto.faultsInjected());

    // Converged, with faults still on: the stack is left alone (the drift poll has nothing new to say).
    double settled = operator.reconciles();
    pause(Duration.ofSeconds(15));
    double idle = operator.reconciles() - settled;
    System.out.printf("20%% faults, converged: %.0f reconciles in 15 s%n", idle);
    assertTrue(idle <= 3, idle + " reconciles of a converged stack in 15 s");

    stack("shop").delete();
    Awaitility.await().atMost(UNDER_FAULTS).until(() -> stack("shop").get() == null);
    moto.faults("rate=0");
    assertTrue(aws.rds.describeDBInstances().dbInstances().isEmpty(), "instance deleted despite the faults");
    assertTrue(aws.elasticache.describeReplicationGroups().replicationGroups().isEmpty(), "cache deleted");
  }

  /**
   * Two creates in five take effect but their answers are held past the SDK's 10 s attempt
   * timeout: the SDK retries a create that already happened and meets "already exists".
   * Deterministic names, client tokens and looking up before creating keep every resource single.
   * (RegisterTaskDefinition is left out: AWS offers no idempotency for it, and a lost answer
   * leaves an identical unused revision, which goes with the stack.)
   */
  @Test
  void lostCreateResponsesDuplicateNothing() {
    double timeoutsBefore = operator.attemptErrors("ConfiguredTimeout");
    moto.faults("rate=0.4&kind=timeout&delay=11&operations=CreateSecret,CreateSecurityGroup,CreateDBSubnetGroup,"
        + "CreateDBInstance,CreateCacheSubnetGroup,CreateReplicationGroup,CreateLogGroup,CreateService");
    long started = System.nanoTime();
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", ELASTICACHE));
    awaitReadyUnderFaults();
    String injected = moto.faultsInjected();
    moto.faults("rate=0");
    double timeouts = operator.attemptErrors("ConfiguredTimeout") - timeoutsBefore;
    System.out.printf("lost responses: Ready after %d s, %.0f attempts timed out; held %s%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), timeouts, injected);
    assertTrue(timeouts > 0, "some attempts timed out: " + injected);

    StackNames names = StackNames.of(namespace, "shop");
    assertEquals(1, aws.rds.describeDBInstances().dbInstances().size(), "DB instances");
    assertEquals(1, aws.elasticache.describeReplicationGroups().replicationGroups().size(), "replication groups");
    assertEquals(List.of(names.serviceName()), aws.ecs.listServices(r -> r.cluster(AwsEmulator.CLUSTER)).serviceArns()
        .stream().map(a -> a.substring(a.lastIndexOf('/') + 1)).toList(), "services");
    List<String> groups = aws.ec2.describeSecurityGroups().securityGroups().stream().map(g -> g.groupName())
        .filter(n -> n.startsWith("appstack-")).sorted().toList();
    assertEquals(groups.stream().distinct().toList(), groups, "security groups");
    assertEquals(3, groups.size(), "api, db and cache security groups: " + groups);
    List<String> secrets = aws.secrets.listSecrets().secretList().stream().map(s -> s.name()).sorted().toList();
    assertEquals(2, secrets.size(), "credentials and AUTH token secrets: " + secrets);
    assertEquals(1, aws.ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily()).status(TaskDefinitionStatus.ACTIVE))
        .taskDefinitionArns().size(), "task definition revisions");
    AppStack ready = stack("shop").get();
    assertEquals("Ready", ready.getStatus().phase);
  }

  private void awaitReadyUnderFaults() {
    Awaitility.await().atMost(UNDER_FAULTS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertTrue(s.getStatus() != null && s.getMetadata().getGeneration().equals(s.getStatus().observedGeneration),
          "not yet acted on");
      assertCondition(s, "Ready", "True");
    });
  }

  private static double sum(String meter) {
    return operator.registry.find(meter).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
