package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStackStatus.MigrationStatus;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway.OneOffTask;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.fakes.FakeEcsGateway.RunTaskRequest;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import io.appstack.operator.fakes.Journal;
import io.appstack.operator.fakes.Stacks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * spec.migrations runs as a one-off ECS task of the new revision before the service moves to it:
 * on the first rollout, on an image change, after a restart of the operator; and not at all when
 * there is nothing new to migrate. Failures, timeouts and teardown are in the sibling classes.
 */
class StackPlanMigrationTest {
  private final PlanHarness h = new PlanHarness();

  private String apiSecurityGroupId() {
    return h.securityGroup(h.names.apiSecurityGroupName()).orElseThrow().id();
  }

  private List<String> revisions() {
    return h.aws.ecs.allRevisionsOf(h.names.taskFamily());
  }

  private static String taskId(String taskArn) {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  @Test
  void firstRolloutStartsOneMigrationOnTheNewRevisionOnceTheDatabaseIsReady() {
    h.apply();
    assertEquals(0, h.aws.ecs.calls("runTask"), "the database is not available yet");
    h.aws.finishPending();
    StackPlan.Result r = h.apply();

    assertEquals(1, revisions().size(), "revisions " + revisions());
    List<RunTaskRequest> sent = h.aws.ecs.runTaskRequests();
    assertEquals(1, sent.size(), "RunTask requests " + sent);
    OneOffTask task = sent.get(0).task();
    assertEquals(new OneOffTask(h.cluster(), revisions().get(0), "api", List.of("npm", "run", "migrate"),
        List.of("subnet-0aaa1111", "subnet-0bbb2222"), List.of(apiSecurityGroupId()), task.startedBy(), task.tags()),
        task);
    assertNotNull(task.startedBy(), "the task must carry a marker to be found again");
    assertEquals(task.startedBy(), sent.get(0).clientToken(), "startedBy and clientToken are the same string");
    assertTrue(h.names.ownedBy(task.tags()), "tags " + task.tags());
    assertEquals(0, h.aws.ecs.calls("createService"), describe(r));
    assertCondition(r, "MigrationsSucceeded", "False", "Migrating");
    assertCondition(r, "Reconciling", "True", "Migrating");
    assertEquals("Migrating", r.status().phase);
    assertTrue(r.actions().stream().anyMatch(a -> a.reason().equals("MigrationStarted")), describe(r));
  }

  @Test
  void firstRolloutCreatesTheServiceOnlyAfterTheMigrationExitedZeroAndOnItsRevision() {
    h.apply();
    h.aws.finishPending();
    h.apply();
    String taskArn = h.lastMigrationTask().arn();
    String revision = revisions().get(0);
    for (String expected : List.of("Pending", "Running")) {
      h.clock.advance(Duration.ofSeconds(30));
      h.aws.finishPending();
      StackPlan.Result r = h.apply();
      assertEquals(0, h.aws.ecs.calls("createService"), "task is " + h.lastMigrationTask().lastStatus());
      assertEquals(expected, r.status().migration.phase, describe(r));
      assertEquals("Migrating", r.status().phase);
    }
    h.clock.advance(Duration.ofSeconds(60));
    h.aws.finishPending();
    StackPlan.Result r = h.apply();

    assertEquals(1, h.aws.ecs.calls("createService"), describe(r));
    assertEquals(revision, h.service().orElseThrow().taskDefinitionArn());
    Journal journal = h.aws.journal();
    assertTrue(journal.first(Journal.is("ecs", "taskStopped", taskArn))
        < journal.first(Journal.is("ecs", "createService")), journal.toString());
    assertCondition(r, "MigrationsSucceeded", "True", "MigrationsSucceeded");
    assertEquals(1, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
  }

  @Test
  void succeededMigrationIsReportedInStatusWithItsTimesAndLogStream() {
    h.apply();
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();                      // PENDING
    h.clock.advance(Duration.ofSeconds(20));
    h.aws.finishPending();                      // RUNNING at NOW + 20 s
    h.clock.advance(Duration.ofSeconds(45));
    h.aws.finishPending();                      // exited 0 at NOW + 65 s
    h.clock.advance(Duration.ofSeconds(5));
    StackPlan.Result r = h.apply();

    Task task = h.lastMigrationTask();
    MigrationStatus m = r.status().migration;
    assertNotNull(m, describe(r));
    assertEquals(List.of(task.arn(), Stacks.image("shop", "1.0.0"), "Succeeded", 0),
        List.of(m.taskArn, m.image, m.phase, m.exitCode));
    assertEquals(PlanHarness.NOW.plusSeconds(20).toString(), m.startedAt, "when the task started running");
    assertEquals(PlanHarness.NOW.plusSeconds(65).toString(), m.finishedAt, "when the task stopped");
    assertTrue(m.logStream.contains(h.names.logGroupName()), "log group in " + m.logStream);
    assertTrue(m.logStream.contains("api/api/" + taskId(task.arn())), "awslogs stream in " + m.logStream);
    assertEquals(1L, m.generation);
    assertCondition(r, "MigrationsSucceeded", "True", "MigrationsSucceeded");
    assertEquals(Map.of("succeeded", 1), h.metrics.migrations());
  }

  @Test
  void succeededMigrationIsCountedOnceAcrossTheWholeRollout() {
    StackPlan.Result r = h.applyUntilReady();
    for (int i = 0; i < 3; i++) {
      r = h.apply();
      h.aws.finishPending();
    }
    assertCondition(r, "Ready", "True", "StackReady");
    assertEquals(Map.of("succeeded", 1), h.metrics.migrations());
    assertNotNull(r.status().migration, "status.migration is kept on Ready passes: " + describe(r));
    assertEquals("Succeeded", r.status().migration.phase);
  }

  @Test
  void imageChangeMigratesOnTheNewRevisionWhileTheServiceKeepsTheOldOne() {
    h.applyUntilReady();
    String old = h.service().orElseThrow().taskDefinitionArn();
    h.aws.ecs.keepMigrationsRunning(true);
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));

    StackPlan.Result r = h.apply();
    assertEquals(2, revisions().size(), "revisions " + revisions());
    String next = revisions().get(1);
    assertEquals(Stacks.image("shop", "1.1.0"), apiContainer(h.aws.ecs.revision(next).orElseThrow()).image());
    OneOffTask task = h.aws.ecs.runTaskRequests().get(1).task();
    assertEquals(List.of(next, List.of("npm", "run", "migrate")), List.of(task.taskDefinitionArn(), task.command()));
    for (int i = 0; i < 4; i++) {
      assertEquals(old, h.service().orElseThrow().taskDefinitionArn(), "pass " + i + ": " + describe(r));
      assertEquals(0, h.aws.ecs.calls("updateService"), "pass " + i + ": " + h.aws.ecs.updates());
      assertEquals("Migrating", r.status().phase);
      assertCondition(r, "MigrationsSucceeded", "False", "Migrating");
      h.aws.finishPending();
      r = h.apply();
    }
    assertEquals("Running", r.status().migration.phase);
    assertEquals(Stacks.image("shop", "1.1.0"), r.status().migration.image);

    h.aws.ecs.keepMigrationsRunning(false);
    h.aws.finishPending();
    r = h.apply();
    assertEquals(List.of(new Update(h.cluster(), h.names.serviceName(), next, null, false)), h.aws.ecs.updates());
    assertEquals("Succeeded", r.status().migration.phase);
    h.applyUntilReady();
    assertEquals(Stacks.image("shop", "1.1.0"), apiContainer(h.runningTaskDefinition()).image());
    assertEquals(2, h.aws.ecs.tasks().size(), "one migration per image: " + h.aws.ecs.tasks());
    assertEquals(Map.of("succeeded", 2), h.metrics.migrations());
  }

  @Test
  void readyStackPassesStartNoMigrationAndMakeNoTaskCall() {
    h.applyUntilReady();
    Map<String, Integer> calls = h.aws.ecs.calls();
    for (int i = 0; i < 3; i++) {
      StackPlan.Result r = h.apply();
      assertCondition(r, "MigrationsSucceeded", "True", "MigrationsSucceeded");
      h.aws.finishPending();
    }
    assertEquals(1, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
    for (String op : List.of("runTask", "describeTask", "tasksStartedBy", "stopTask")) {
      assertEquals(calls.getOrDefault(op, 0), h.aws.ecs.calls().getOrDefault(op, 0), op);
    }
  }

  @Test
  void specChangeThatKeepsImageAndCommandRunsNoNewMigration() {
    h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.replicas = 4);
    StackPlan.Result r = h.apply();
    assertCondition(r, "MigrationsSucceeded", "True", "MigrationsSucceeded");
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.backupRetentionDays = 14);
    h.applyUntilReady();
    assertEquals(1, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
    assertEquals(4, h.service().orElseThrow().desiredCount());
  }

  @Test
  void changedMigrationCommandRunsOnceOnTheRevisionAlreadyServing() {
    h.applyUntilReady();
    String serving = h.service().orElseThrow().taskDefinitionArn();
    Stacks.change(h.stack, spec -> spec.migrations = Stacks.migrations(List.of("npm", "run", "migrate:all")));
    h.applyUntilReady();
    assertEquals(2, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
    OneOffTask second = h.aws.ecs.runTaskRequests().get(h.aws.ecs.runTaskRequests().size() - 1).task();
    assertEquals(List.of(serving, List.of("npm", "run", "migrate:all")),
        List.of(second.taskDefinitionArn(), second.command()));
    assertEquals(List.of(serving), revisions(), "the command is no part of the task definition");
    assertEquals(0, h.aws.ecs.calls("updateService"));
  }

  @Test
  void stackWithoutMigrationsRunsNoTaskAndRollsOutDirectly() {
    Stacks.withoutMigrations(h.stack);
    h.apply();
    h.aws.finishPending();
    StackPlan.Result r = h.apply();
    assertEquals(1, h.aws.ecs.calls("createService"), "no migration to wait for: " + describe(r));
    assertCondition(r, "MigrationsSucceeded", "True", "NoMigrations");
    r = h.applyUntilReady();
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    StackPlan.Result rolling = h.apply();
    assertCondition(rolling, "Reconciling", "True", "Deploying");
    h.applyUntilReady();

    assertEquals(0, h.aws.ecs.calls("runTask"));
    assertEquals(0, h.aws.ecs.calls("tasksStartedBy"));
    assertCondition(r, "MigrationsSucceeded", "True", "NoMigrations");
    assertNull(r.status().migration);
    assertEquals(Map.of(), h.metrics.migrations());
  }

  @Test
  void restartedOperatorWithoutStatusFindsTheRunningMigrationByItsMarker() {
    restartMidMigration(false);
  }

  @Test
  void restartedOperatorWhoseStatusLacksTheMigrationFindsTheRunningOne() {
    restartMidMigration(true);
  }

  /** The operator restarts while the first migration runs; the status is gone, or kept without the migration. */
  private void restartMidMigration(boolean keepRestOfStatus) {
    h.aws.ecs.keepMigrationsRunning(true);
    h.apply();
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    h.apply();
    Task running = h.lastMigrationTask();
    assertEquals("RUNNING", running.lastStatus());

    if (keepRestOfStatus) {
      h.stack.getStatus().migration = null;
    } else {
      h.stack.setStatus(null);
    }
    h.restartOperator();
    StackPlan.Result r = h.apply();

    assertEquals(1, h.aws.ecs.calls("runTask"), "a second migration was started: " + h.aws.ecs.tasks());
    assertEquals(running.arn(), r.status().migration.taskArn, describe(r));
    assertEquals("Running", r.status().migration.phase);
    assertCondition(r, "MigrationsSucceeded", "False", "Migrating");
    h.aws.ecs.keepMigrationsRunning(false);
    h.applyUntilReady();
    assertEquals(1, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
    assertEquals(1, h.aws.ecs.calls("createService"));
  }

  @Test
  void lostRunTaskAnswerStartsNoSecondMigration() {
    h.apply();
    h.aws.finishPending();
    h.aws.ecs.loseNextResponse("runTask", new AwsFailure("ecs", "RequestTimeout", "timed out", false, null));
    assertThrows(AwsFailure.class, h::apply);
    assertEquals(1, h.aws.ecs.tasks().size());

    StackPlan.Result r = h.apply();
    assertEquals(h.lastMigrationTask().arn(), r.status().migration.taskArn, describe(r));
    h.applyUntilReady();
    assertEquals(1, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
  }

  @Test
  void migrationTaskIsNotLeftRunningWhenTheStackIsReady() {
    h.applyUntilReady();
    assertEquals(List.of(), h.aws.ecs.runningTasks());
    assertFalse(h.aws.ownedBy(h.names).stream().anyMatch(s -> s.startsWith("task ")), h.aws.ownedBy(h.names)
        .toString());
  }

  /** The step promises one run per image and command; the generation moving on for another reason changes neither. */
  @Test
  void unrelatedSpecChangeWhileAMigrationRunsStartsNoSecondOne() {
    h.applyUntilReady();
    h.aws.ecs.keepMigrationsRunning(true);
    Stacks.changeApi(h.stack, api -> api.image = Stacks.image("shop", "1.1.0"));
    h.apply();
    h.aws.finishPending();
    h.aws.finishPending();
    h.apply();
    Task running = h.lastMigrationTask();
    assertEquals("RUNNING", running.lastStatus());

    Stacks.changeApi(h.stack, api -> api.replicas = 4);
    StackPlan.Result r = h.apply();
    assertEquals(2, h.aws.ecs.tasks().size(), "a second migration of 1.1.0 was started: " + h.aws.ecs.tasks());
    assertEquals(running.arn(), r.status().migration.taskArn, describe(r));
    h.aws.ecs.keepMigrationsRunning(false);
    h.applyUntilReady();
    assertEquals(2, h.aws.ecs.tasks().size(), "tasks " + h.aws.ecs.tasks());
    assertEquals(4, h.service().orElseThrow().desiredCount());
  }
}
