package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.describeDrift;
import static io.appstack.operator.reconciler.PlanHarness.drift;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.api.v1alpha1.AppStackStatus.DriftEntry;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ECS service changed behind the operator's back once the stack is Ready: another desired
 * count or another revision is drift; a new desired revision (a new secret version) is not.
 */
class StackPlanServiceDriftTest {
  private final PlanHarness h = new PlanHarness();

  private String serviceResource() {
    return "ecs-service:" + h.names.serviceName();
  }

  private String revisionArn(int n) {
    return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + h.names.taskFamily() + ":" + n;
  }

  private Update lastUpdate() {
    List<Update> updates = h.aws.ecs.updates();
    return updates.isEmpty() ? null : updates.get(updates.size() - 1);
  }

  /** Someone scales the service in the console or with the CLI. */
  private void scaleOutside(int count) {
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, count, false);
    h.aws.finishPending();
  }

  /** Someone points the service at another revision in the console or with the CLI. */
  private void deployOutside(String taskDefinitionArn) {
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), taskDefinitionArn, null, false);
    h.aws.finishPending();
  }

  /** The stack on image 1.1.0 (revision 2) after running on 1.0.0 (revision 1). */
  private void readyOnTheSecondRevision() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    h.applyUntilReady();
    assertEquals(revisionArn(2), h.service().orElseThrow().taskDefinitionArn());
  }

  @Test
  void desiredCountChangedOutsideIsReportedAndSetBackUnderCorrect() {
    h.applyUntilReady();
    scaleOutside(5);
    int updates = h.aws.ecs.updates().size();

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "desiredCount");
    assertEquals(List.of("2", "5"), List.of(d.desired, d.actual));
    assertEquals(updates + 1, h.aws.ecs.updates().size(), describe(r));
    assertEquals(new Update(h.cluster(), h.names.serviceName(), null, 2, false), lastUpdate());
    assertEquals(2, h.service().orElseThrow().desiredCount());
    assertEquals(Map.of("ecs-service", 1), h.metrics.driftCorrections());

    StackPlan.Result ready = h.applyUntilReady();
    assertNull(ready.status().drift, describeDrift(ready.status()));
    assertEquals(1, h.metrics.driftCorrections("ecs-service"), "corrected once");
  }

  @Test
  void desiredCountChangedOutsideIsOnlyReportedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    scaleOutside(5);
    int updates = h.aws.ecs.updates().size();

    StackPlan.Result first = h.apply();
    h.aws.finishPending();
    StackPlan.Result second = h.apply();

    for (StackPlan.Result r : List.of(first, second)) {
      DriftEntry d = drift(r, serviceResource(), "desiredCount");
      assertEquals(List.of("2", "5"), List.of(d.desired, d.actual));
      assertCondition(r, "Drifted", "True", "DriftDetected");
    }
    assertEquals(updates, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertEquals(5, h.service().orElseThrow().desiredCount());
    assertEquals(Map.of(), h.metrics.driftCorrections());
  }

  @Test
  void serviceMovedBackToAnOlderRevisionOutsideIsReportedAndRolledForwardUnderCorrect() {
    readyOnTheSecondRevision();
    deployOutside(revisionArn(1));
    int registered = h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size();

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "taskDefinition");
    assertEquals(List.of(revisionArn(2), revisionArn(1)), List.of(d.desired, d.actual));
    assertEquals(new Update(h.cluster(), h.names.serviceName(), revisionArn(2), null, false), lastUpdate());
    assertEquals(Map.of("ecs-service", 1), h.metrics.driftCorrections());
    assertEquals(registered, h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size(), "no new revision is needed");

    StackPlan.Result ready = h.applyUntilReady();
    assertEquals(revisionArn(2), h.service().orElseThrow().taskDefinitionArn());
    assertNull(ready.status().drift, describeDrift(ready.status()));
  }

  @Test
  void serviceMovedBackToAnOlderRevisionOutsideIsOnlyReportedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    readyOnTheSecondRevision();
    deployOutside(revisionArn(1));
    int updates = h.aws.ecs.updates().size();

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "taskDefinition");
    assertEquals(List.of(revisionArn(2), revisionArn(1)), List.of(d.desired, d.actual));
    assertEquals(updates, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertEquals(revisionArn(1), h.service().orElseThrow().taskDefinitionArn());
    assertEquals(Map.of(), h.metrics.driftCorrections());
  }

  @Test
  void serviceMovedToARevisionOfAnotherFamilyOutsideIsReportedAndRolledBackUnderCorrect() {
    h.applyUntilReady();
    TaskDefinition mine = h.runningTaskDefinition();
    String other = h.aws.ecs.registerTaskDefinition(new TaskDefinition("someone-elses-api", mine.cpu(),
        mine.memory(), mine.executionRoleArn(), mine.taskRoleArn(), mine.containers(), Map.of()));
    deployOutside(other);

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "taskDefinition");
    assertEquals(List.of(revisionArn(1), other), List.of(d.desired, d.actual));
    assertEquals(new Update(h.cluster(), h.names.serviceName(), revisionArn(1), null, false), lastUpdate());
    assertEquals(Map.of("ecs-service", 1), h.metrics.driftCorrections());
  }

  @Test
  void hotfixRevisionOfTheStacksFamilyDeployedOutsideIsOnlyReportedUnderDetect() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    deployOutside(registerHotfixRevision());
    int updates = h.aws.ecs.updates().size();

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "taskDefinition");
    assertEquals(List.of(revisionArn(1), revisionArn(2)), List.of(d.desired, d.actual));
    assertEquals(updates, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
    assertEquals(List.of(revisionArn(1), revisionArn(2)), h.aws.ecs.allRevisionsOf(h.names.taskFamily()),
        "nothing to register: the desired revision exists");
  }

  @Test
  void hotfixRevisionOfTheStacksFamilyDeployedOutsideIsReportedAndRolledBackUnderCorrect() {
    h.applyUntilReady();
    deployOutside(registerHotfixRevision());

    StackPlan.Result r = h.apply();

    DriftEntry d = drift(r, serviceResource(), "taskDefinition");
    assertEquals(List.of(revisionArn(1), revisionArn(2)), List.of(d.desired, d.actual));
    assertEquals(new Update(h.cluster(), h.names.serviceName(), revisionArn(1), null, false), lastUpdate());
    assertEquals(Map.of("ecs-service", 1), h.metrics.driftCorrections());
  }

  /** Revision 2 of the stack's family, as a console edit makes it: the same but another image. */
  private String registerHotfixRevision() {
    TaskDefinition mine = h.runningTaskDefinition();
    var api = apiContainer(mine);
    var hotfix = new io.appstack.operator.aws.ecs.EcsGateway.Container(api.name(), "hotfix/api:patched",
        api.essential(), api.ports(), api.environment(), api.secrets(), api.command(), api.log());
    List<io.appstack.operator.aws.ecs.EcsGateway.Container> containers = mine.containers().stream()
        .map(c -> c.name().equals(api.name()) ? hotfix : c).toList();
    String arn = h.aws.ecs.registerTaskDefinition(new TaskDefinition(mine.family(), mine.cpu(), mine.memory(),
        mine.executionRoleArn(), mine.taskRoleArn(), containers, mine.tags()));
    assertEquals(revisionArn(2), arn);
    return arn;
  }

  @Test
  void newExternalRedisSecretVersionIsNoDriftAndRollsOutEvenUnderDetect() {
    PlanHarness ext = new PlanHarness(Mode.external);
    ext.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    ext.putRedisUrl("rediss://default:token-1@eu1-cache.upstash.io:6380");
    ext.applyUntilReady();
    String before = ext.service().orElseThrow().taskDefinitionArn();

    ext.kubeSecrets.change("staging", Stacks.redisSecretName("shop"), Stacks.REDIS_URL_KEY,
        "rediss://default:token-2@eu1-cache.upstash.io:6380");
    StackPlan.Result rolling = ext.apply();

    assertNull(rolling.status().drift, describeDrift(rolling.status()));
    assertCondition(rolling, "Drifted", "False", "NoDrift");
    assertCondition(rolling, "Reconciling", "True", "Deploying");
    String after = ext.aws.ecs.updates().get(ext.aws.ecs.updates().size() - 1).taskDefinitionArn();
    assertNotEquals(before, after, "updates " + ext.aws.ecs.updates());
    StackPlan.Result ready = ext.applyUntilReady();
    assertEquals(after, ext.service().orElseThrow().taskDefinitionArn());
    assertNull(ready.status().drift, describeDrift(ready.status()));
    assertEquals(Map.of(), ext.metrics.driftCorrections());
  }

  @Test
  void newSecretVersionStillRollsOutUnderDetectWhileTheCountHasDrifted() {
    PlanHarness ext = new PlanHarness(Mode.external);
    ext.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    ext.putRedisUrl("rediss://default:token-1@eu1-cache.upstash.io:6380");
    ext.applyUntilReady();
    String before = ext.service().orElseThrow().taskDefinitionArn();
    ext.aws.ecs.updateService(ext.cluster(), ext.names.serviceName(), null, 5, false);
    ext.aws.finishPending();
    ext.apply();

    ext.kubeSecrets.change("staging", Stacks.redisSecretName("shop"), Stacks.REDIS_URL_KEY,
        "rediss://default:token-2@eu1-cache.upstash.io:6380");
    StackPlan.Result r = ext.apply();

    String desired = r.status().api.taskDefinitionArn;
    assertNotEquals(before, desired, describe(r));
    assertEquals(new Update(ext.cluster(), ext.names.serviceName(), desired, null, false),
        ext.aws.ecs.updates().get(ext.aws.ecs.updates().size() - 1), "the new revision must roll out; the "
            + "drifted count is left as Detect asks");
    assertEquals("5", drift(r, "ecs-service:" + ext.names.serviceName(), "desiredCount").actual);
  }
}
