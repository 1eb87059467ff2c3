package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.condition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Changes to the API after the stack is up: new revisions only when needed, scaling in place, failed rollouts. */
class StackPlanRolloutTest {
  private final PlanHarness h = new PlanHarness();

  private List<String> revisions() {
    return h.aws.ecs.allRevisionsOf(h.names.taskFamily());
  }

  private String revisionArn(int n) {
    return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + h.names.taskFamily() + ":" + n;
  }

  /** Passes until the new revision's migration has run and the service is pointed at the revision. */
  private StackPlan.Result rollOutAfterTheMigration() {
    int before = h.aws.ecs.updates().size();
    return h.applyUntil(r -> h.aws.ecs.updates().size() > before, "service updated");
  }

  @Test
  void imageChangeRegistersExactlyOneRevisionAndUpdatesTheServiceOnce() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));

    StackPlan.Result migrating = h.apply();
    assertCondition(migrating, "Reconciling", "True", "Migrating");
    assertEquals("Migrating", migrating.status().phase);
    assertEquals(2L, migrating.status().observedGeneration);
    StackPlan.Result rolling = h.applyUntil(r -> !h.aws.ecs.updates().isEmpty(), "service updated");
    assertCondition(rolling, "Reconciling", "True", "Deploying");
    assertEquals("Deploying", rolling.status().phase);
    StackPlan.Result ready = h.applyUntilReady();

    assertEquals(List.of(revisionArn(1), revisionArn(2)), revisions());
    assertEquals(List.of(new Update(h.cluster(), h.names.serviceName(), revisionArn(2), null, false)),
        h.aws.ecs.updates());
    assertEquals(Stacks.image("shop", "1.1.0"), apiContainer(h.runningTaskDefinition()).image());
    assertEquals(revisionArn(2), ready.status().api.taskDefinitionArn);
  }

  @Test
  void onlyTheImageDiffersBetweenTheTwoRevisions() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    h.applyUntilReady();
    var first = h.aws.ecs.revision(revisionArn(1)).orElseThrow();
    var second = h.aws.ecs.revision(revisionArn(2)).orElseThrow();
    assertEquals(List.of("api.image"), io.appstack.operator.drift.TaskDefinitionDiff.compare(second, first));
  }

  @Test
  void replicasChangeUpdatesTheCountOnlyWithoutANewRevision() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.replicas = 4);

    StackPlan.Result scaling = h.apply();
    assertCondition(scaling, "Reconciling", "True", "Deploying");
    StackPlan.Result ready = h.applyUntilReady();

    assertEquals(List.of(revisionArn(1)), revisions());
    assertEquals(List.of(new Update(h.cluster(), h.names.serviceName(), null, 4, false)), h.aws.ecs.updates());
    assertEquals(List.of(4, 4), List.of(ready.status().api.desiredCount, ready.status().api.runningCount));
  }

  @Test
  void scalingToZeroKeepsTheStackReady() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.replicas = 0);
    h.applyUntilReady();
    assertEquals(0, h.service().orElseThrow().desiredCount());
    assertEquals(List.of(revisionArn(1)), revisions());
  }

  @Test
  void failedRolloutIsStalledRolloutFailedAndNotRetried() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    rollOutAfterTheMigration();
    h.aws.ecs.failPrimaryDeployment(h.cluster(), h.names.serviceName(), "tasks failed to start: exit code 1");

    for (int i = 0; i < 3; i++) {
      StackPlan.Result r = h.apply();
      assertCondition(r, "Stalled", "True", "RolloutFailed");
      assertCondition(r, "Reconciling", "False", "Idle");
      assertCondition(r, "ServiceReady", "False", "RolloutFailed");
      assertEquals("Degraded", r.status().phase, "the service is still there; only the new revision failed");
      assertTrue(condition(r.status(), "Stalled").getMessage().contains("tasks failed to start: exit code 1"),
          describe(r));
      assertEquals("FAILED", r.status().api.rolloutState);
      h.aws.finishPending();
    }
    assertEquals(1, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertEquals(2, revisions().size(), "revisions " + revisions());
  }

  @Test
  void newImageAfterAFailedRolloutRollsOutAgain() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    rollOutAfterTheMigration();
    h.aws.ecs.failPrimaryDeployment(h.cluster(), h.names.serviceName(), "tasks failed to start");
    assertCondition(h.apply(), "Stalled", "True", "RolloutFailed");

    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.1"));
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "False", "NotStalled");
    assertCondition(r, "Reconciling", "True", "Migrating");
    h.applyUntilReady();
    assertEquals(Stacks.image("shop", "1.1.1"), apiContainer(h.runningTaskDefinition()).image());
  }

  /**
   * With rollback on (as ServiceStep creates services), ECS puts the last good revision back as
   * the service's revision and, once that rollback completes, lists only it. The operator must
   * not then deploy the failing revision again and again.
   */
  @Test
  void rolledBackDeploymentIsReportedAndNotDeployedAgain() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    rollOutAfterTheMigration();
    h.aws.ecs.rollBackPrimaryDeployment(h.cluster(), h.names.serviceName(), "tasks failed to start");

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "RolloutFailed");
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();
    h.apply();
    assertEquals(1, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertEquals(2, revisions().size(), "revisions " + revisions());
  }

  /** Waiting is not failing: a throttled UpdateService is retried, not answered with another revision. */
  @Test
  void failedServiceUpdateIsRetriedWithTheSameRevision() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    h.applyUntilMigrationRan();
    h.aws.ecs.failNext("updateService", new AwsFailure("ecs", "ThrottlingException", "Rate exceeded", false, null));
    assertThrows(AwsFailure.class, h::apply);

    h.applyUntilReady();
    assertEquals(List.of(revisionArn(1), revisionArn(2)), revisions());
  }

  @Test
  void noExecutionRoleAnywhereIsStalledNoExecutionRole() {
    PlanHarness noRole = new PlanHarness(Mode.sidecar,
        new StackDefaults(PlanHarness.DEFAULT_REGION, PlanHarness.DEFAULT_CLUSTER, Optional.empty()));
    StackPlan.Result r = noRole.applyUntil(x -> PlanHarness.isTrue(x, "Stalled"), "Stalled");

    assertCondition(r, "Stalled", "True", "NoExecutionRole");
    assertCondition(r, "ServiceReady", "False", "NoExecutionRole");
    assertTrue(condition(r.status(), "Stalled").getMessage().contains("executionRoleArn"), describe(r));
    assertCondition(r, "DatabaseReady", "True", "DatabaseAvailable");
    assertEquals(0, noRole.aws.ecs.calls("registerTaskDefinition"));
    assertEquals(0, noRole.aws.ecs.calls("createService"));

    Stacks.changeApi(noRole.stack, api -> api.executionRoleArn = "arn:aws:iam::123456789012:role/shop-exec");
    noRole.applyUntilReady();
    assertEquals("arn:aws:iam::123456789012:role/shop-exec", noRole.runningTaskDefinition().executionRoleArn());
  }
}
