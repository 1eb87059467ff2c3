package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.metrics.MicrometerStackMetrics;
import io.appstack.operator.naming.StackNames;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Changes made behind the operator's back (instance class, desired count, a security-group rule)
 * are noticed by the batched poll (every 5 s in tests) and corrected, or only reported.
 */
class DriftIT extends OperatorTestBase {
  /** One poll interval plus a reconcile, with room for a loaded machine. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void driftIsCorrectedUnderCorrect() {
    apply("shop", "Delete");
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    double before = corrections("rds") + corrections("ecs-service") + corrections("security-group");
    changeBehindTheOperatorsBack(names);

    await().atMost(BOUND).untilAsserted(() -> {
      assertEquals("db.t3.micro", instanceClass(names), "instance class put back");
      assertEquals(2, desiredCount(names), "desired count put back");
      assertEquals(List.of(), cidrRules(names), "the rule opened to 0.0.0.0/0 is revoked");
    });
    assertTrue(events().stream().anyMatch(e -> "DriftDetected".equals(e.getReason())), reasons());
    await().atMost(BOUND).untilAsserted(() -> {
      assertTrue(corrections("rds") + corrections("ecs-service") + corrections("security-group") >= before + 3,
          "corrections counted");
      assertCondition(awaitReady("shop"), "Drifted", "False");
    });
  }

  @Test
  void driftIsOnlyReportedUnderDetect() {
    applyWith("shop", spec -> spec.put("driftPolicy", "Detect"));
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    changeBehindTheOperatorsBack(names);

    await().atMost(BOUND).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertNotNull(s.getStatus().drift, "no drift reported yet");
      Set<String> fields = s.getStatus().drift.stream().map(d -> d.resource.substring(0, d.resource.indexOf(':'))
          + "." + d.field).collect(Collectors.toSet());
      assertEquals(Set.of("rds.instanceClass", "ecs-service.desiredCount", "security-group.ingress"), fields);
      assertCondition(s, "Drifted", "True");
    });
    AppStack s = stack("shop").get();
    var rds = s.getStatus().drift.stream().filter(d -> d.field.equals("instanceClass")).findFirst().orElseThrow();
    assertEquals("db.t3.micro", rds.desired);
    assertEquals("db.t3.small", rds.actual);
    assertNotNull(rds.detectedAt);
    assertEquals("db.t3.small", instanceClass(names), "Detect leaves AWS as it is");
    assertEquals(5, desiredCount(names));
    assertEquals(List.of("0.0.0.0/0"), cidrRules(names));
    String metrics = operator.registry.scrape();
    assertTrue(metrics.contains(MicrometerStackMetrics.DRIFTED + "{name=\"shop\",namespace=\"" + namespace
        + "\",resource=\"rds\"} 1.0"), "drifted-fields gauge");
  }

  private void changeBehindTheOperatorsBack(StackNames names) {
    aws.rds.modifyDBInstance(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()).dbInstanceClass("db.t3.small")
        .applyImmediately(true));
    aws.ecs.updateService(r -> r.cluster(AwsEmulator.CLUSTER).service(names.serviceName()).desiredCount(5));
    aws.ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId(names.dbSecurityGroupName()))
        .ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
            .ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
  }

  private String instanceClass(StackNames names) {
    return aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier())).dbInstances().get(0)
        .dbInstanceClass();
  }

  private int desiredCount(StackNames names) {
    return aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER).services(names.serviceName())).services().get(0)
        .desiredCount();
  }

  private String groupId(String name) {
    return aws.ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values(name).build()))
        .securityGroups().get(0).groupId();
  }

  private List<String> cidrRules(StackNames names) {
    return aws.ec2.describeSecurityGroups(r -> r.groupIds(groupId(names.dbSecurityGroupName()))).securityGroups().get(0)
        .ipPermissions().stream().flatMap(p -> p.ipRanges().stream()).map(x -> x.cidrIp()).toList();
  }

  private static double corrections(String resource) {
    return operator.registry.find(MicrometerStackMetrics.DRIFT_CORRECTIONS).tag("resource", resource).counters()
        .stream().mapToDouble(c -> c.count()).sum();
  }
}
