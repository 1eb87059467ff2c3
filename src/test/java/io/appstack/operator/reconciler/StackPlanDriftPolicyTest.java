package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
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
}
