package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS refusing a request in a way no retry fixes (access denied, invalid parameter): the stack is
 * Stalled with AWS's own code and message, is not retried in a loop, and moves again as soon as
 * the spec or the referenced Secret changes. The operator here resyncs only every 10 minutes, so
 * whatever clears the stall within the test can only be that change.
 */
class TerminalErrorIT extends OperatorTestBase {
  private static final String EXTERNAL = "redis:\n    mode: external\n    external: {urlSecretRef: {name: upstash, key: url}}\n";

  @BeforeAll
  static void operatorThatRarelyResyncs() {
    operator.close();
    operator = new RunningOperator(kube, moto, Duration.ofMinutes(10));
  }

  @AfterEach
  void noMoreFaults() {
    moto.faults("rate=0");
  }

  @Test
  void accessDeniedStallsWithAwsWordsWithoutRetryingAndASpecChangeClearsIt() {
    moto.faults("rate=1&operations=CreateDBInstance&kind=terminal&code=AccessDenied"
        + "&message=User+is+not+authorized+to+perform+rds:CreateDBInstance");
    apply("shop", "Delete");
    Condition stalled = awaitStalled();
    assertEquals("AwsRejected", stalled.getReason());
    assertTrue(stalled.getMessage().contains("AccessDenied")
        && stalled.getMessage().contains("User is not authorized to perform rds:CreateDBInstance"), stalled.getMessage());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(events().stream().anyMatch(e ->
        "Warning".equals(e.getType()) && e.getMessage().contains("AccessDenied")), reasons()));

    // Refused once; no hot loop while nothing changes.
    pause(Duration.ofSeconds(3));  // a pass already queued when the stall landed
    double reconciles = operator.reconciles();
    String refused = moto.faultsInjected();
    pause(Duration.ofSeconds(15));
    assertEquals(reconciles, operator.reconciles(), "reconciles while Stalled on a terminal error");
    assertEquals(refused, moto.faultsInjected(), "CreateDBInstance was not tried again");
    System.out.printf("terminal error: refused %s, then %.0f reconciles in 15 s%n", refused,
        operator.reconciles() - reconciles);

    moto.faults("rate=0");  // the IAM policy was fixed; the user nudges the stack with a spec change
    stack("shop").edit(s -> {
      s.getSpec().api.replicas = 3;
      return s;
    });
    awaitReady("shop");
  }

  @Test
  void aTerminalErrorWhileCopyingARedisUrlClearsWhenTheSecretChanges() {
    kube.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("upstash")
        .endMetadata().addToStringData("url", "rediss://default:first@eu1.upstash.io:6379").build()).create();
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", EXTERNAL));
    awaitReady("shop");

    moto.faults("rate=1&operations=PutSecretValue&kind=terminal&code=AccessDeniedException"
        + "&message=not+authorized+to+perform+secretsmanager:PutSecretValue");
    setUrl("rediss://default:second@eu1.upstash.io:6379");
    Condition stalled = awaitStalled();
    assertTrue(stalled.getMessage().contains("AccessDeniedException"), stalled.getMessage());

    moto.faults("rate=0");
    setUrl("rediss://default:third@eu1.upstash.io:6379");
    awaitReady("shop");
    String copy = aws.secrets.getSecretValue(r -> r.secretId(StackNames.of(namespace, "shop").redisExternalSecretName()))
        .secretString();
    assertTrue(copy.contains("third@"), "the Secret's latest URL was copied");
  }

  /**
   * What the schema cannot know: a VPC or subnets that do not exist, an engine version RDS does
   * not offer, a Secret not there yet. Each stack is Stalled with a reason and then left alone;
   * the missing Secret, once created, brings its stack up.
   */
  @Test
  @SuppressWarnings("unchecked")
  void runtimeProblemsStallWithAReasonAndNothingLoops() {
    applyYaml(Manifests.stack(namespace, "no-vpc", new AwsEmulator.Network("vpc-0123456789abcdef0",
        network.subnetIds()), "Delete"));
    applyYaml(Manifests.stack(namespace, "no-subnets", new AwsEmulator.Network(network.vpcId(),
        java.util.List.of("subnet-0123456789abcdef0", "subnet-0fedcba987654321f")), "Delete"));
    applyWith("old-engine", spec -> ((Map<String, Object>) spec.get("database")).put("engineVersion", "8"));
    applyYaml(Manifests.stack(namespace, "no-secret", network, "Delete", EXTERNAL));
    Map<String, String> reasons = new java.util.TreeMap<>();
    for (String name : java.util.List.of("no-vpc", "no-subnets", "old-engine", "no-secret")) {
      Condition stalled = awaitStalled(name);
      reasons.put(name, stalled.getReason() + ": " + stalled.getMessage());
    }
    reasons.forEach((name, why) -> System.out.printf("runtime problem %s -> Stalled %s%n", name, why));
    assertTrue(reasons.get("no-secret").startsWith("RedisSecretMissing"), reasons.get("no-secret"));
    assertTrue(reasons.get("no-vpc").startsWith("AwsRejected") && reasons.get("no-vpc").contains("InvalidVpcID.NotFound"),
        reasons.get("no-vpc"));
    assertTrue(reasons.get("no-subnets").startsWith("AwsRejected")
        && reasons.get("no-subnets").contains("InvalidSubnetID.NotFound"), reasons.get("no-subnets"));
    assertTrue(reasons.get("old-engine").startsWith("AwsRejected")
        && reasons.get("old-engine").contains("InvalidParameterCombination"), reasons.get("old-engine"));

    pause(Duration.ofSeconds(3));  // passes already running when the last stack stalled finish
    double reconciles = operator.reconciles();
    double calls = awsCalls();
    pause(Duration.ofSeconds(15));
    assertEquals(reconciles, operator.reconciles(), "reconciles of stalled stacks while nothing changes");
    assertEquals(calls, awsCalls(), "AWS calls while nothing changes");

    kube.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("upstash")
        .endMetadata().addToStringData("url", "rediss://default:pw@eu1.upstash.io:6379").build()).create();
    awaitReady("no-secret");
  }

  private static double awsCalls() {
    return operator.registry.find(io.appstack.operator.metrics.AwsCallMetrics.CALLS).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private void setUrl(String url) {
    kube.secrets().inNamespace(namespace).withName("upstash").edit(s -> {
      s.setData(null);
      s.setStringData(Map.of("url", url));
      return s;
    });
  }

  private Condition awaitStalled() {
    return awaitStalled("shop");
  }

  private Condition awaitStalled(String name) {
    await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      AppStack s = stack(name).get();
      assertCondition(s, "Stalled", "True");
    });
    return condition(stack(name).get(), "Stalled");
  }
}
