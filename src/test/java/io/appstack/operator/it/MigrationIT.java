package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.MigrationsSpec;
import io.appstack.operator.metrics.MicrometerStackMetrics;
import io.appstack.operator.naming.StackNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * Migrations as one-off ECS tasks on the real apiserver and moto. The launcher makes a task's
 * outcome follow its command: "exit N" exits N, "sleep infinity" runs until stopped.
 */
class MigrationIT extends OperatorTestBase {
  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:";

  @Test
  void imageBumpRunsTheMigrationBeforeTheServiceMoves() {
    double succeededBefore = migrations("succeeded");
    applyWith("shop", spec -> spec.put("migrations", Map.of("command", List.of("sh", "-c", "exit 0"))));
    AppStack first = awaitReady("shop");
    assertEquals("Succeeded", first.getStatus().migration.phase);
    assertEquals(0, first.getStatus().migration.exitCode);
    assertCondition(first, "MigrationsSucceeded", "True");
    String firstRevision = first.getStatus().api.taskDefinitionArn;

    setImage("1.5.0", null);
    AppStack after = awaitReady("shop");
    assertNotEquals(firstRevision, after.getStatus().api.taskDefinitionArn);
    assertEquals(IMAGE + "1.5.0", after.getStatus().migration.image);
    assertEquals("Succeeded", after.getStatus().migration.phase);
    var service = aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER)
        .services(StackNames.of(namespace, "shop").serviceName())).services().get(0);
    Instant rolledOut = service.deployments().get(0).createdAt();
    Instant migrated = Instant.parse(after.getStatus().migration.finishedAt);
    assertFalse(migrated.isAfter(rolledOut), "the migration (finished " + migrated
        + ") must end before the deployment of the new revision (" + rolledOut + ")");
    var task = aws.ecs.describeTasks(r -> r.cluster(AwsEmulator.CLUSTER).tasks(after.getStatus().migration.taskArn))
        .tasks().get(0);
    assertEquals(after.getStatus().api.taskDefinitionArn, task.taskDefinitionArn(), "the migration ran the new revision");
    assertEquals(List.of("sh", "-c", "exit 0"), task.overrides().containerOverrides().get(0).command());
    assertEquals(succeededBefore + 2, migrations("succeeded"), "one success per image");
  }

  @Test
  void failingMigrationLeavesTheOldRevisionServingThenAFixedImageRecovers() {
    double failedBefore = migrations("failed");
    applyWith("shop", spec -> spec.put("migrations", Map.of("command", List.of("sh", "-c", "exit 0"))));
    String serving = awaitReady("shop").getStatus().api.taskDefinitionArn;

    setImage("1.5.0", List.of("sh", "-c", "exit 3"));
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertCondition(s, "Stalled", "True");
      assertEquals("MigrationFailed", condition(s, "Stalled").getReason());
    });
    AppStack failed = stack("shop").get();
    assertTrue(condition(failed, "Stalled").getMessage().contains("exited with code 3"), condition(failed, "Stalled").getMessage());
    assertTrue(failed.getStatus().migration.logStream.contains("api/api/"), failed.getStatus().migration.logStream);
    assertEquals("Degraded", failed.getStatus().phase, "the old revision keeps serving");
    assertEquals(serving, serviceRevision(), "the service stays on the previous revision");
    assertTrue(events().stream().anyMatch(e -> "Warning".equals(e.getType()) && "MigrationFailed".equals(e.getReason())),
        reasons());
    double runsBefore = operator.calls("Ecs", "RunTask");
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertEquals(runsBefore, operator.calls("Ecs", "RunTask"), "the same generation does not run it again");
    assertEquals(failedBefore + 1, migrations("failed"), "counted once, not per pass");
    assertEquals(serving, serviceRevision());

    setImage("1.5.1", List.of("sh", "-c", "exit 0"));
    AppStack fixed = awaitReady("shop");
    assertEquals(IMAGE + "1.5.1", fixed.getStatus().migration.image);
    assertNotEquals(serving, serviceRevision(), "the fixed image rolls out");
  }

  @Test
  void aMigrationPastItsTimeoutIsStopped() {
    double timedOutBefore = migrations("timed_out");
    applyWith("shop", spec -> spec.put("migrations", Map.of("command", List.of("sleep", "infinity"), "timeoutSeconds", 30)));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertNotNull(s.getStatus());
      assertCondition(s, "Stalled", "True");
      assertTrue(condition(s, "Stalled").getMessage().contains("timed out after 30 s"), condition(s, "Stalled").getMessage());
    });
    String task = stack("shop").get().getStatus().migration.taskArn;
    var stopped = aws.ecs.describeTasks(r -> r.cluster(AwsEmulator.CLUSTER).tasks(task)).tasks().get(0);
    assertEquals("STOPPED", stopped.lastStatus(), "the task was stopped");
    assertEquals(timedOutBefore + 1, migrations("timed_out"));
    assertTrue(aws.ecs.listServices(r -> r.cluster(AwsEmulator.CLUSTER)).serviceArns().isEmpty(),
        "no service before a migration succeeded");
  }

  @Test
  void anOperatorRestartedMidMigrationDoesNotStartASecondTask() {
    applyWith("shop", spec -> spec.put("migrations", Map.of("command", List.of("sleep", "infinity"))));
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertNotNull(s.getStatus());
      assertNotNull(s.getStatus().migration, "no migration yet");
      assertEquals("Running", s.getStatus().migration.phase);
    });
    String task = stack("shop").get().getStatus().migration.taskArn;
    operator.close();
    operator = new RunningOperator(kube, moto);
    RunningOperator second = operator;
    await().atMost(READY_TIMEOUT).until(() -> second.calls("Ecs", "DescribeTasks") >= 2);

    assertEquals(0.0, second.calls("Ecs", "RunTask"), "the restarted operator started a task");
    assertEquals(List.of(task), aws.ecs.listTasks(r -> r.cluster(AwsEmulator.CLUSTER).desiredStatus(DesiredStatus.RUNNING))
        .taskArns(), "exactly the first migration task runs");
    assertEquals("Migrating", stack("shop").get().getStatus().phase);
    assertEquals("Progressing", ArgoHealth.status(stack("shop").get()), "Argo CD health while migrating");
  }

  private void setImage(String tag, List<String> command) {
    stack("shop").edit(s -> {
      s.getSpec().api.image = IMAGE + tag;
      if (command != null) {
        MigrationsSpec m = new MigrationsSpec();
        m.command = command;
        m.timeoutSeconds = s.getSpec().migrations.timeoutSeconds;
        s.getSpec().migrations = m;
      }
      return s;
    });
  }

  private String serviceRevision() {
    return aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER)
        .services(StackNames.of(namespace, "shop").serviceName())).services().get(0).taskDefinition();
  }

  private static double migrations(String outcome) {
    var counter = operator.registry.find(MicrometerStackMetrics.MIGRATIONS).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
