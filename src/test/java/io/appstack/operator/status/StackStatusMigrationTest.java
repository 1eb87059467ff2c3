package io.appstack.operator.status;

import static io.appstack.operator.reconciler.Component.DATABASE;
import static io.appstack.operator.reconciler.Component.MIGRATIONS;
import static io.appstack.operator.reconciler.Component.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.api.v1alpha1.AppStackStatus.MigrationStatus;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.Observed;
import io.appstack.operator.reconciler.StepOutcome;
import io.appstack.operator.status.StackStatusBuilder.Pass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration in status: phase Migrating and Degraded, status.migration written and kept. */
class StackStatusMigrationTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final AppStackSpec SPEC = Stacks.sample("staging", "shop").getSpec();
  private static final List<Component> COMPONENTS = List.of(DATABASE, MIGRATIONS, SERVICE);
  private static final StepOutcome DB_READY = StepOutcome.ready("database", DATABASE, "DatabaseAvailable", "up");
  private static final StepOutcome MIGRATING = StepOutcome.progressing("migration", MIGRATIONS, "Migrating", "running");
  private static final StepOutcome MIGRATION_FAILED =
      StepOutcome.stalled("migration", MIGRATIONS, "MigrationFailed", "exited with code 3");
  private static final StepOutcome SERVICE_WAITING = StepOutcome.waiting("service", SERVICE, "service waits for migration");
  private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/default/0123";

  private static Observed withService() {
    Observed o = new Observed();
    o.service = new Service("arn:svc", "shop", "ACTIVE", "arn:td:1", 2, 2, List.of(), List.of(), List.of(), List.of(),
        Map.of());
    return o;
  }

  private static AppStackStatus build(AppStackStatus previous, Observed observed, StepOutcome... outcomes) {
    return StackStatusBuilder.build(previous, new Pass(2, false, COMPONENTS, List.of(outcomes), observed, SPEC), T0);
  }

  @Test
  void runningMigrationIsPhaseMigrating() {
    assertEquals("Migrating", build(null, withService(), DB_READY, MIGRATING, SERVICE_WAITING).phase);
  }

  @Test
  void failedMigrationWhileAServiceRunsIsDegraded() {
    assertEquals("Degraded", build(null, withService(), DB_READY, MIGRATION_FAILED, SERVICE_WAITING).phase);
  }

  @Test
  void failedMigrationBeforeAnyServiceIsFailed() {
    assertEquals("Failed", build(null, new Observed(), DB_READY, MIGRATION_FAILED, SERVICE_WAITING).phase);
  }

  @Test
  void otherStallWhileAServiceRunsIsFailed() {
    StepOutcome refused = StepOutcome.stalled("database", DATABASE, "ChangeNotPossible", "storage 50 -> 30");
    assertEquals("Failed", build(null, withService(), refused, MIGRATING, SERVICE_WAITING).phase);
  }

  @Test
  void migrationRunIsWrittenFieldByField() {
    Observed o = withService();
    o.migration = new Observed.MigrationRun("abc", 2, "img:2", TASK, "Failed", 3, T0, T0.plusSeconds(90), "exited 3",
        "/appstack/staging/shop api/api/0123");
    MigrationStatus m = build(null, o, DB_READY, MIGRATION_FAILED, SERVICE_WAITING).migration;
    assertEquals(List.of("abc", 2L, "img:2", TASK, "Failed", 3, "2025-03-01T10:00:00Z", "2025-03-01T10:01:30Z",
            "exited 3", "/appstack/staging/shop api/api/0123"),
        List.of(m.runKey, m.generation, m.image, m.taskArn, m.phase, m.exitCode, m.startedAt, m.finishedAt, m.message,
            m.logStream));
  }

  @Test
  void passThatDidNotReachTheMigrationKeepsTheLastOne() {
    AppStackStatus previous = new AppStackStatus();
    previous.migration = new MigrationStatus();
    previous.migration.taskArn = TASK;
    StepOutcome creating = StepOutcome.progressing("database", DATABASE, "DatabaseBusy", "modifying");
    assertSame(previous.migration, build(previous, new Observed(), creating).migration);
    assertSame(previous.migration, StackStatusBuilder.retrying(previous, 2, "throttled", T0).migration);
    assertNull(build(null, new Observed(), creating).migration);
  }
}
