package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.describeDrift;
import static io.appstack.operator.reconciler.PlanHarness.drift;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.api.v1alpha1.AppStackStatus.DriftEntry;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.OtherRule;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security group rules changed behind the operator's back once the stack is Ready: the groups
 * admit exactly the operator's rules, anything else is drift, put back unless driftPolicy is Detect.
 */
class StackPlanSecurityGroupDriftTest {
  private final PlanHarness h = new PlanHarness();

  private String dbResource() {
    return "security-group:" + h.names.dbSecurityGroupName();
  }

  @Test
  void cidrRuleOpenedOnTheDatabaseGroupAfterReadyIsReportedAndRevokedUnderCorrect() {
    h.applyUntilReady();
    String db = h.dbGroup().id();
    String api = h.apiGroup().id();
    OtherRule open = h.aws.ec2.addCidrRule(db, "tcp", 5432, 5432, "0.0.0.0/0");

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, dbResource(), "ingress");
    assertTrue(d.actual.contains("0.0.0.0/0") && d.actual.contains(api), "actual " + d.actual);
    assertTrue(d.desired.contains(api) && !d.desired.contains("0.0.0.0/0"), "desired " + d.desired);
    assertCondition(r, "Drifted", "True", "DriftDetected");
    assertEquals(List.of(), h.dbGroup().otherIngress(), "the open rule is still there: " + describe(r));
    assertEquals(List.of(new GroupRule(5432, api)), h.dbGroup().ingress(), "the operator's own rule must stay");
    assertEquals(1, h.aws.ec2.calls("revokeIngress"), h.aws.describeCalls());
    assertEquals(Map.of("security-group", 1), h.metrics.driftCorrections());
    assertTrue(r.actions().stream().anyMatch(a -> a.reason().equals("SecurityGroupRuleRevoked")
        && a.message().contains(open.toString())), "actions " + r.actions());
  }

  @Test
  void revokedCidrRuleLeavesNoDriftOnTheNextPass() {
    h.applyUntilReady();
    h.aws.ec2.addCidrRule(h.dbGroup().id(), "tcp", 5432, 5432, "0.0.0.0/0");
    h.apply();

    StackPlan.Result next = h.apply();

    assertNull(next.status().drift, describeDrift(next.status()));
    assertCondition(next, "Drifted", "False", "NoDrift");
    assertCondition(next, "Ready", "True", "StackReady");
    assertEquals(1, h.metrics.driftCorrections("security-group"), "corrected once, not every pass");
  }

  @Test
  void cidrRuleOpenedOnTheDatabaseGroupIsOnlyReportedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    String db = h.dbGroup().id();
    OtherRule open = h.aws.ec2.addCidrRule(db, "tcp", 5432, 5432, "0.0.0.0/0");
    int mutating = h.aws.mutatingCalls();

    StackPlan.Result first = h.apply();
    StackPlan.Result second = h.apply();

    for (StackPlan.Result r : List.of(first, second)) {
      assertTrue(drift(r, dbResource(), "ingress").actual.contains("0.0.0.0/0"), describeDrift(r.status()));
      assertCondition(r, "Drifted", "True", "DriftDetected");
      assertCondition(r, "Ready", "True", "StackReady");
    }
    assertEquals(0, h.aws.ec2.calls("revokeIngress"), h.aws.describeCalls());
    assertEquals(mutating, h.aws.mutatingCalls(), "Detect changes nothing in AWS: " + h.aws.describeCalls());
    assertEquals(List.of(open), h.dbGroup().otherIngress());
    assertEquals(Map.of(), h.metrics.driftCorrections());
    assertEquals(drift(first, dbResource(), "ingress").detectedAt, drift(second, dbResource(), "ingress").detectedAt,
        "the same drift keeps its first sighting");
  }

  @Test
  void removedPostgresRuleIsAddedBackAndReportedUnderCorrect() {
    h.applyUntilReady();
    String db = h.dbGroup().id();
    String api = h.apiGroup().id();
    h.aws.ec2.removeGroupRule(db, 5432, api);
    int allowsBefore = h.aws.ec2.calls("allowFromGroup");

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, dbResource(), "ingress");
    assertTrue(d.desired.contains(api) && !d.actual.contains(api), "desired " + d.desired + " actual " + d.actual);
    assertEquals(List.of(new GroupRule(5432, api)), h.dbGroup().ingress(), describe(r));
    assertEquals(allowsBefore + 1, h.aws.ec2.calls("allowFromGroup"));
    assertEquals(Map.of("security-group", 1), h.metrics.driftCorrections());
  }

  @Test
  void removedPostgresRuleIsOnlyReportedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    String db = h.dbGroup().id();
    String api = h.apiGroup().id();
    h.aws.ec2.removeGroupRule(db, 5432, api);
    int allowsBefore = h.aws.ec2.calls("allowFromGroup");

    StackPlan.Result r = h.apply();

    assertTrue(drift(r, dbResource(), "ingress").desired.contains(api), describeDrift(r.status()));
    assertEquals(List.of(), h.dbGroup().ingress());
    assertEquals(allowsBefore, h.aws.ec2.calls("allowFromGroup"), h.aws.describeCalls());
    assertEquals(Map.of(), h.metrics.driftCorrections());
  }

  @Test
  void ruleFromAnotherGroupOnTheDatabaseGroupIsRevokedUnderCorrect() {
    h.applyUntilReady();
    String db = h.dbGroup().id();
    String api = h.apiGroup().id();
    String bastion = h.aws.ec2.put(Stacks.VPC_ID, "bastion", Map.of());
    h.aws.ec2.addGroupRule(db, 5432, bastion);

    StackPlan.Result r = h.apply();

    assertTrue(drift(r, dbResource(), "ingress").actual.contains(bastion), describeDrift(r.status()));
    assertEquals(List.of(new GroupRule(5432, api)), h.dbGroup().ingress(), describe(r));
    assertEquals(1, h.aws.ec2.calls("revokeFromGroup"), h.aws.describeCalls());
    assertEquals(Map.of("security-group", 1), h.metrics.driftCorrections());
  }

  @Test
  void ruleOpenedOnTheApiGroupIsReportedAndRevokedUnderCorrect() {
    h.applyUntilReady();
    String api = h.apiGroup().id();
    h.aws.ec2.addCidrRule(api, "tcp", 3000, 3000, "10.0.0.0/8");

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, "security-group:" + h.names.apiSecurityGroupName(), "ingress");
    assertEquals("(none)", d.desired, "the API group admits nothing of the operator's making");
    assertTrue(d.actual.contains("10.0.0.0/8"), "actual " + d.actual);
    assertEquals(List.of(), h.apiGroup().otherIngress());
    assertEquals(Map.of("security-group", 1), h.metrics.driftCorrections());
  }

  @Test
  void allTrafficRuleOnTheCacheGroupIsReportedAndRevokedUnderCorrect() {
    PlanHarness cache = new PlanHarness(Mode.elasticache);
    cache.applyUntilReady();
    var group = cache.securityGroup(cache.names.cacheSecurityGroupName()).orElseThrow();
    cache.aws.ec2.addCidrRule(group.id(), "-1", null, null, "0.0.0.0/0");

    StackPlan.Result r = cache.apply();

    assertTrue(drift(r, "security-group:" + cache.names.cacheSecurityGroupName(), "ingress").actual
        .contains("0.0.0.0/0"), describeDrift(r.status()));
    assertEquals(List.of(), cache.securityGroup(cache.names.cacheSecurityGroupName()).orElseThrow().otherIngress());
    assertEquals(List.of(new GroupRule(6379, cache.apiGroup().id())),
        cache.securityGroup(cache.names.cacheSecurityGroupName()).orElseThrow().ingress());
    assertEquals(Map.of("security-group", 1), cache.metrics.driftCorrections());
  }
}
