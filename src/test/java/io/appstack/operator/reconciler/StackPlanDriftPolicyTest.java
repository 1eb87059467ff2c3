package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a pass does about changes made in AWS behind the operator's back. */
class StackPlanDriftPolicyTest {
  private final PlanHarness h = new PlanHarness();

  @Test
  void correctPolicyRevertsOutOfBandChange() {
    h.applyUntilReady();
    h.aws.rds.changeOutsideOperator(h.dbId(), i -> i.backupRetentionDays = 1);
    StackPlan.Result r = h.apply();
    assertEquals(1, h.aws.rds.calls("modifyInstance"), describe(r));
    assertEquals(Integer.valueOf(7), h.aws.rds.modifications().get(0).change().backupRetentionDays());
    assertEquals("backupRetentionDays", r.status().drift.get(0).field);
    assertEquals("1", r.status().drift.get(0).actual);
  }

  @Test
  void detectPolicyReportsOutOfBandChangeWithoutCorrectingIt() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    h.aws.rds.changeOutsideOperator(h.dbId(), i -> i.backupRetentionDays = 1);
    StackPlan.Result r = h.apply();
    assertEquals(0, h.aws.rds.calls("modifyInstance"), "modifications " + h.aws.rds.modifications());
    assertTrue(r.status().drift != null && !r.status().drift.isEmpty(), "drift not reported: " + describe(r));
  }

  @Test
  void correctPolicyScalesAServiceScaledOutsideTheOperatorBack() {
    h.applyUntilReady();
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    h.applyUntilReady();
    assertEquals(new Update(h.cluster(), h.names.serviceName(), null, 2, false),
        h.aws.ecs.updates().get(h.aws.ecs.updates().size() - 1));
    assertEquals(2, h.service().orElseThrow().desiredCount());
  }

  @Test
  void correctPolicyRestoresARevokedDatabaseRule() {
    h.applyUntilReady();
    String api = h.securityGroup(h.names.apiSecurityGroupName()).orElseThrow().id();
    String db = h.securityGroup(h.names.dbSecurityGroupName()).orElseThrow().id();
    h.aws.ec2.revokeFromGroup(db, 5432, api);
    h.apply();
    assertEquals(List.of(new GroupRule(5432, api)), h.aws.ec2.group(db).orElseThrow().ingress());
  }

  @Test
  void serviceDeletedOutsideTheOperatorIsCreatedAgainOnceGone() {
    h.applyUntilReady();
    h.aws.ecs.deleteService(h.cluster(), h.names.serviceName());
    StackPlan.Result draining = h.apply();
    PlanHarness.assertCondition(draining, "Reconciling", "True", "ServiceDraining");
    assertEquals(1, h.aws.ecs.calls("createService"));
    h.aws.finishPending();
    h.applyUntilReady();
    assertEquals(2, h.aws.ecs.calls("createService"));
    assertEquals("ACTIVE", h.service().orElseThrow().status());
  }

  @Test
  void detectPolicyReportsAServiceScaledOutsideTheOperatorWithoutScalingItBack() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    int updates = h.aws.ecs.updates().size();
    StackPlan.Result r = h.apply();
    assertEquals(updates, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertTrue(r.status().drift != null && !r.status().drift.isEmpty(), "drift not reported: " + describe(r));
    assertEquals("5", PlanHarness.drift(r, "ecs-service:" + h.names.serviceName(), "desiredCount").actual);
  }
}
