package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.describeDrift;
import static io.appstack.operator.reconciler.PlanHarness.drift;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * status.appliedGeneration records the generation the whole stack converged on; only differences
 * found after that are drift. While a spec change is being carried out, differences are the
 * change itself and are made quietly.
 */
class StackPlanConvergenceTest {
  private static final String HEALTH_URL = "https://shop.example.com/health";
  private final PlanHarness h = new PlanHarness();

  private static String generations(StackPlan.Result r) {
    return "observedGeneration=" + r.status().observedGeneration + " appliedGeneration="
        + r.status().appliedGeneration + " phase=" + r.status().phase;
  }

  @Test
  void appliedGenerationIsUnsetUntilTheStackIsFirstReady() {
    List<StackPlan.Result> passes = h.passesUntilReady();
    assertTrue(passes.size() > 1, "expected work before Ready");
    for (StackPlan.Result r : passes.subList(0, passes.size() - 1)) {
      assertNull(r.status().appliedGeneration, generations(r) + "; " + describe(r));
    }
    assertEquals(1L, passes.get(passes.size() - 1).status().appliedGeneration);
  }

  @Test
  void appliedGenerationStaysAtTheConvergedOneWhileANewGenerationIsInProgress() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));

    StackPlan.Result migrating = h.apply();
    assertEquals(2L, migrating.status().observedGeneration);
    assertEquals(1L, migrating.status().appliedGeneration, generations(migrating));
    StackPlan.Result ready = h.applyUntil(r -> {
      if (!PlanHarness.isTrue(r, "Ready")) {
        assertEquals(1L, r.status().appliedGeneration, generations(r) + "; " + describe(r));
      }
      return PlanHarness.isTrue(r, "Ready");
    }, "Ready");
    assertEquals(2L, ready.status().appliedGeneration);
  }

  @Test
  void appliedGenerationStaysWhileTheNewGenerationIsStalled() {
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 10);
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "ChangeNotPossible");
    assertEquals(List.of(2L, 1L), List.of(r.status().observedGeneration, r.status().appliedGeneration));
  }

  @Test
  void scalingOutsideWhileAScaleOfTheSpecIsUnderWayIsNoDrift() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.replicas = 3);
    h.apply();
    // The spec change has been acted on (observedGeneration 2) but the stack has not converged.
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);

    StackPlan.Result r = h.apply();

    assertEquals(List.of(2L, 1L), List.of(r.status().observedGeneration, r.status().appliedGeneration));
    assertNull(r.status().drift, describeDrift(r.status()));
    assertCondition(r, "Drifted", "False", "NoDrift");
    List<Update> updates = h.aws.ecs.updates();
    assertEquals(new Update(h.cluster(), h.names.serviceName(), null, 3, false), updates.get(updates.size() - 1),
        "the spec's count is carried out");
    assertEquals(Map.of(), h.metrics.driftCorrections());
    StackPlan.Result ready = h.applyUntilReady();
    assertEquals(3, h.service().orElseThrow().desiredCount());
    assertNull(ready.status().drift, describeDrift(ready.status()));
  }

  @Test
  void databaseChangedOutsideWhileASpecChangeIsUnderWayIsNoDrift() {
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.instanceClass = "db.t4g.small");
    h.apply();
    h.aws.finishPending();
    h.aws.rds.changeOutsideOperator(h.dbId(), i -> i.backupRetentionDays = 1);

    StackPlan.Result r = h.apply();

    assertEquals(List.of(2L, 1L), List.of(r.status().observedGeneration, r.status().appliedGeneration),
        describe(r));
    assertNull(r.status().drift, describeDrift(r.status()));
    assertEquals(Map.of(), h.metrics.driftCorrections());
    h.applyUntilReady();
    assertEquals(7, h.aws.rds.instance(h.dbId()).orElseThrow().backupRetentionDays(), "the spec is carried out");
  }

  @Test
  void ruleOpenedWhileTheStackIsStillProvisioningIsNoDrift() {
    h.apply();
    h.aws.ec2.addCidrRule(h.dbGroup().id(), "tcp", 5432, 5432, "0.0.0.0/0");

    StackPlan.Result r = h.apply();

    assertNull(r.status().appliedGeneration, generations(r));
    assertNull(r.status().drift, describeDrift(r.status()));
    assertEquals(Map.of(), h.metrics.driftCorrections());
  }

  @Test
  void detectPolicyLeavesDriftAloneOnceConvergedButASpecChangeIsCarriedOut() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    h.aws.finishPending();
    StackPlan.Result detected = h.apply();
    assertEquals("5", drift(detected, "ecs-service:" + h.names.serviceName(), "desiredCount").actual);
    assertEquals(1L, detected.status().appliedGeneration, "reporting drift keeps the stack converged");

    Stacks.changeApi(h.stack, api -> api.replicas = 4);
    StackPlan.Result r = h.apply();

    assertNull(r.status().drift, "a spec change is carried out, not reported: " + describeDrift(r.status()));
    List<Update> updates = h.aws.ecs.updates();
    assertEquals(new Update(h.cluster(), h.names.serviceName(), null, 4, false), updates.get(updates.size() - 1));
  }

  @Test
  void appliedGenerationIsSetWhileDegradedByHealth() {
    h.stack.getSpec().api.healthCheckUrl = HEALTH_URL;
    h.probe.answers(HEALTH_URL, 503);

    StackPlan.Result r = h.applyUntil(x -> "Degraded".equals(x.status().phase), "Degraded");

    assertEquals(1L, r.status().appliedGeneration, generations(r) + "; " + describe(r));
  }

  @Test
  void serviceScaledOutsideWhileDegradedByHealthIsReportedAsDrift() {
    h.stack.getSpec().api.healthCheckUrl = HEALTH_URL;
    h.probe.answers(HEALTH_URL, 503);
    h.applyUntil(x -> "Degraded".equals(x.status().phase), "Degraded");
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    h.aws.finishPending();

    StackPlan.Result r = h.apply();

    assertEquals("5", drift(r, "ecs-service:" + h.names.serviceName(), "desiredCount").actual);
    assertEquals(Map.of("ecs-service", 1), h.metrics.driftCorrections());
  }

  @Test
  void readyStatusWrittenBeforeAppliedGenerationExistedStillCountsAsConvergedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    h.stack.getStatus().appliedGeneration = null;  // as the previous operator version wrote it
    h.aws.rds.changeOutsideOperator(h.dbId(), i -> i.backupRetentionDays = 1);

    StackPlan.Result r = h.apply();

    assertEquals(0, h.aws.rds.calls("modifyInstance"), "modifications " + h.aws.rds.modifications());
    assertEquals("1", drift(r, "rds:" + h.dbId(), "backupRetentionDays").actual);
  }
}
