package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.fakes.FakeEcsGateway.StopTaskRequest;
import io.appstack.operator.fakes.Journal;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Deleting a stack stops a migration still under way and leaves no task running. */
class StackPlanMigrationTeardownTest {
  private final PlanHarness h = new PlanHarness();

  /** The first rollout's migration is RUNNING and kept so; no service exists yet. */
  private Task firstMigrationRunning() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.aws.ecs.keepMigrationsRunning(true);
    h.apply();
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    StackPlan.Result r = h.apply();
    assertEquals("Running", r.status().migration.phase, describe(r));
    return h.lastMigrationTask();
  }

  @Test
  void teardownWhileTheFirstMigrationRunsStopsItAndLeavesNothing() {
    Task running = firstMigrationRunning();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    List<StopTaskRequest> stops = h.aws.ecs.stopTaskRequests();
    assertFalse(stops.isEmpty(), "the migration was not stopped");
    assertEquals(Set.of(running.arn()), stops.stream().map(StopTaskRequest::taskArn).collect(Collectors.toSet()));
    assertEquals(h.cluster(), stops.get(0).cluster());
    assertEquals(List.of(), h.aws.ecs.runningTasks());
    assertEquals("UserInitiated", h.aws.ecs.task(running.arn()).orElseThrow().stopCode());
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
  }

  @Test
  void migrationIsStoppedBeforeItsTaskDefinitionAndSecurityGroupGo() {
    Task running = firstMigrationRunning();
    String apiGroup = h.securityGroup(h.names.apiSecurityGroupName()).orElseThrow().id();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    Journal j = h.aws.journal();
    int stopped = j.first(Journal.is("ecs", "taskStopped", running.arn()));
    assertTrue(stopped >= 0, j.toString());
    assertTrue(stopped < j.first(Journal.is("ecs", "deregisterTaskDefinition")), j.toString());
    assertTrue(stopped < j.first(e -> e.service().equals("ec2") && e.resource().contains(apiGroup)
        && e.event().startsWith("delete")), j.toString());
  }

  @Test
  void teardownDuringAnImageChangeMigrationStopsItAndDeletesTheService() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.applyUntilReady();
    h.aws.ecs.keepMigrationsRunning(true);
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    h.apply();
    Task running = h.lastMigrationTask();
    assertEquals("RUNNING", running.lastStatus());

    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertTrue(h.aws.ecs.stopTaskRequests().stream().anyMatch(s -> s.taskArn().equals(running.arn())),
        "stops " + h.aws.ecs.stopTaskRequests());
    assertEquals(List.of(), h.aws.ecs.runningTasks());
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
  }

  @Test
  void teardownAfterASucceededMigrationStopsNoTask() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.applyUntilReady();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(0, h.aws.ecs.calls("stopTask"));
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
  }

  /**
   * The status says the migration runs, but it ended while the operator was away and ECS has
   * forgotten it (about an hour after it stopped). StopTask then answers "task not found".
   */
  @Test
  void teardownFinishesWhenEcsHasForgottenTheMigrationTheStatusCallsRunning() {
    firstMigrationRunning();
    h.aws.ecs.keepMigrationsRunning(false);
    h.aws.ecs.settleTasks();
    h.aws.ecs.forgetStoppedTasks();
    h.restartOperator();

    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
  }
}
