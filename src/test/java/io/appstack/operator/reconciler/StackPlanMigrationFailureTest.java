package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.condition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.isTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackStatus.MigrationStatus;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.fakes.FakeEcsGateway.StopTaskRequest;
import io.appstack.operator.fakes.Stacks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A migration that exits non-zero, never starts, or runs too long: Stalled MigrationFailed, the
 * service stays on the revision it runs, nothing is retried until the spec changes, and each
 * failure is counted once.
 */
class StackPlanMigrationFailureTest {
  private final PlanHarness h = new PlanHarness();
  private String servingBefore;

  /** A Ready stack whose image moves to {@code tag}; the new migration is not started yet. */
  private void readyThenNewImage(String tag) {
    h.applyUntilReady();
    servingBefore = h.service().orElseThrow().taskDefinitionArn();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", tag));
  }

  private StackPlan.Result applyUntilStalled() {
    return h.applyUntil(r -> isTrue(r, "Stalled"), "Stalled");
  }

  private static String stalledMessage(StackPlan.Result r) {
    return condition(r.status(), "Stalled").getMessage();
  }

  private void assertServiceStillOnThePreviousRevision(StackPlan.Result r) {
    assertEquals(servingBefore, h.service().orElseThrow().taskDefinitionArn(), describe(r));
    assertEquals(0, h.aws.ecs.calls("updateService"), "updates " + h.aws.ecs.updates());
  }

  @Test
  void nonZeroExitIsStalledMigrationFailedNamingTheCodeAndTheLogStream() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.exitNextMigrationWith(3);
    StackPlan.Result r = applyUntilStalled();

    assertCondition(r, "Stalled", "True", "MigrationFailed");
    assertCondition(r, "Reconciling", "False", "Idle");
    assertCondition(r, "Ready", "False", "MigrationFailed");
    assertCondition(r, "MigrationsSucceeded", "False", "MigrationFailed");
    MigrationStatus m = r.status().migration;
    Task task = h.lastMigrationTask();
    assertEquals(List.of(task.arn(), "Failed", 3, Stacks.image("shop", "1.1.0")),
        List.of(m.taskArn, m.phase, m.exitCode, m.image));
    String message = stalledMessage(r);
    assertTrue(message.contains("exited with code 3"), message);
    assertTrue(message.contains(m.logStream), "the log stream " + m.logStream + " is not in: " + message);
    assertTrue(m.logStream.contains(h.names.logGroupName()) && m.logStream.contains("api/api/" + task.id()),
        m.logStream);
    assertEquals("Degraded", r.status().phase, "the previous revision keeps serving");
    assertServiceStillOnThePreviousRevision(r);
    assertFalse(r.progressing(), "nothing is under way; only a spec change helps: " + describe(r));
  }

  @Test
  void failedMigrationIsCountedOnceAndNotRetriedInTheSameGeneration() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.exitNextMigrationWith(3);
    applyUntilStalled();
    int tasks = h.aws.ecs.tasks().size();
    Map<String, Integer> calls = h.aws.ecs.calls();

    for (int i = 0; i < 4; i++) {
      h.aws.finishPending();
      StackPlan.Result r = h.apply();
      assertCondition(r, "Stalled", "True", "MigrationFailed");
      assertEquals("Degraded", r.status().phase);
      assertServiceStillOnThePreviousRevision(r);
    }
    h.restartOperator();
    assertCondition(h.apply(), "Stalled", "True", "MigrationFailed");

    assertEquals(tasks, h.aws.ecs.tasks().size(), "a failed migration was retried: " + h.aws.ecs.tasks());
    assertEquals(calls.get("runTask"), h.aws.ecs.calls("runTask"));
    assertEquals(Map.of("succeeded", 1, "failed", 1), h.metrics.migrations());
  }

  @Test
  void newGenerationWithAFixedImageRunsANewMigrationAndRollsOut() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.exitNextMigrationWith(3);
    applyUntilStalled();
    String failedTask = h.lastMigrationTask().arn();

    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.1"));
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "False", "NotStalled");
    assertCondition(r, "Reconciling", "True", "Migrating");
    assertFalse(failedTask.equals(h.lastMigrationTask().arn()), "no new task was started");
    r = h.applyUntilReady();

    assertEquals(Stacks.image("shop", "1.1.1"), apiContainer(h.runningTaskDefinition()).image());
    assertEquals(List.of("Succeeded", Stacks.image("shop", "1.1.1")),
        List.of(r.status().migration.phase, r.status().migration.image));
    assertCondition(r, "MigrationsSucceeded", "True", "MigrationsSucceeded");
    assertEquals(Map.of("succeeded", 2, "failed", 1), h.metrics.migrations());
    assertEquals(1, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
  }

  @Test
  void migrationThatFailsToStartNamesTheStopCodeAndReason() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.failNextMigrationToStart("CannotPullContainerError: pull image manifest has been retried 5 time(s): "
        + "shop-api:1.1.0: not found");
    StackPlan.Result r = applyUntilStalled();

    assertCondition(r, "Stalled", "True", "MigrationFailed");
    String message = stalledMessage(r);
    assertTrue(message.contains("TaskFailedToStart"), message);
    assertTrue(message.contains("CannotPullContainerError"), message);
    assertNull(r.status().migration.exitCode, "a task that never ran has no exit code");
    assertEquals("Failed", r.status().migration.phase);
    assertEquals("Degraded", r.status().phase);
    assertServiceStillOnThePreviousRevision(r);
    assertEquals(1, h.metrics.migrations("failed"));
  }

  @Test
  void failedFirstMigrationCreatesNoServiceAndIsFailed() {
    h.aws.ecs.exitNextMigrationWith(1);
    StackPlan.Result r = applyUntilStalled();
    assertCondition(r, "Stalled", "True", "MigrationFailed");
    assertEquals("Failed", r.status().phase, "nothing serves yet, so the stack is not merely degraded");
    assertEquals(0, h.aws.ecs.calls("createService"));
    assertTrue(h.service().isEmpty());
  }

  @Test
  void migrationRunningPastItsTimeoutIsStoppedAndStalled() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.keepMigrationsRunning(true);
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    StackPlan.Result r = h.apply();
    Task task = h.lastMigrationTask();
    assertEquals("RUNNING", task.lastStatus());
    assertEquals("Running", r.status().migration.phase);

    h.clock.advance(Duration.ofSeconds(Stacks.MIGRATION_TIMEOUT_SECONDS));
    r = h.apply();
    assertEquals(0, h.aws.ecs.calls("stopTask"), "exactly at the limit is not past it");
    assertCondition(r, "MigrationsSucceeded", "False", "Migrating");

    h.clock.advance(Duration.ofSeconds(1));
    r = h.apply();
    assertEquals(List.of(task.arn()), h.aws.ecs.stopTaskRequests().stream().map(StopTaskRequest::taskArn).toList());
    assertEquals(List.of("STOPPED", "UserInitiated"), List.of(h.lastMigrationTask().lastStatus(),
        h.lastMigrationTask().stopCode()));
    assertCondition(r, "Stalled", "True", "MigrationFailed");
    assertTrue(stalledMessage(r).contains("timed out"), stalledMessage(r));
    assertEquals("Failed", r.status().migration.phase);
    assertEquals("Degraded", r.status().phase);
    assertServiceStillOnThePreviousRevision(r);
    assertEquals(1, h.metrics.migrations("timed_out"));
  }

  @Test
  void timedOutMigrationIsStoppedOnceCountedOnceAndNotRetried() {
    readyThenNewImage("1.1.0");
    h.aws.ecs.keepMigrationsRunning(true);
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    h.apply();
    h.clock.advance(Duration.ofSeconds(Stacks.MIGRATION_TIMEOUT_SECONDS + 60));
    h.apply();
    int tasks = h.aws.ecs.tasks().size();

    for (int i = 0; i < 3; i++) {
      h.aws.finishPending();
      h.clock.advance(Duration.ofMinutes(5));
      StackPlan.Result r = h.apply();
      assertCondition(r, "Stalled", "True", "MigrationFailed");
      assertTrue(stalledMessage(r).contains("timed out"), stalledMessage(r));
    }
    assertEquals(1, h.aws.ecs.calls("stopTask"));
    assertEquals(tasks, h.aws.ecs.tasks().size());
    assertEquals(Map.of("succeeded", 1, "timed_out", 1), h.metrics.migrations());
  }

  /** The timeout is spec.migrations.timeoutSeconds, not a constant. */
  @Test
  void shorterTimeoutFromTheSpecIsHonoured() {
    h.stack.getSpec().migrations.timeoutSeconds = 60;
    h.aws.ecs.keepMigrationsRunning(true);
    h.apply();
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    h.apply();
    h.clock.advance(Duration.ofSeconds(61));
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "MigrationFailed");
    assertTrue(stalledMessage(r).contains("timed out after 60"), stalledMessage(r));
  }

  /**
   * A throttled UpdateService in the pass that sees the migration finish throws the whole pass
   * away (status included); the next pass sees the same finished task again.
   */
  @Test
  void succeededMigrationIsCountedOnceWhenTheSamePassIsRetried() {
    readyThenNewImage("1.1.0");
    h.applyUntilMigrationRan();
    h.aws.ecs.failNext("updateService", new AwsFailure("ecs", "ThrottlingException", "Rate exceeded", false, null));
    assertThrows(AwsFailure.class, h::apply);
    h.applyUntilReady();
    assertEquals(Map.of("succeeded", 2), h.metrics.migrations(), "one for 1.0.0, one for 1.1.0");
  }

  /**
   * The operator was down long enough for the migration task to finish and for ECS to forget it
   * (about an hour): the status still says Running for a task ECS no longer knows.
   */
  @Test
  void migrationTaskForgottenByEcsIsRunAgain() {
    h.apply();
    h.aws.finishPending();
    h.apply();
    assertEquals("Pending", h.stack.getStatus().migration.phase);
    h.aws.ecs.settleTasks();
    h.aws.ecs.forgetStoppedTasks();
    h.restartOperator();

    h.applyUntilReady();
    assertEquals(2, h.aws.ecs.tasks().size(), "the forgotten migration was run again: " + h.aws.ecs.tasks());
  }
}
