package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.LogConfig;
import io.appstack.operator.aws.ecs.EcsGateway.OneOffTask;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ECS fake: revisions, services and their deployments as the operator relies on them. */
class FakeEcsGatewayTest {
  private static final String CLUSTER = "default";
  private final FakeEcsGateway ecs = new FakeEcsGateway();

  private static TaskDefinition definition(String family, String image) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "3000"));
    return new TaskDefinition(family, "256", "512", "arn:aws:iam::123456789012:role/exec", null,
        List.of(new Container("api", image, true, List.of(3000), env,
            new TreeMap<>(Map.of("DATABASE_URL", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:url::v1")),
            List.of(), new LogConfig("/appstack/staging/shop", "us-east-1", "api"))),
        Map.of("appstack.io/owner", "staging/shop"));
  }

  private static ServiceSpec service(String name, String taskDefinitionArn, int count) {
    return new ServiceSpec(CLUSTER, name, taskDefinitionArn, count, List.of("subnet-b", "subnet-a"),
        List.of("sg-api"), Optional.empty(), Map.of("appstack.io/owner", "staging/shop"));
  }

  private Service svc(String name) {
    return ecs.service(CLUSTER, name).orElseThrow();
  }

  @Test
  void revisionsCountUpPerFamilyWithEcsArns() {
    String a1 = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    String a2 = ecs.registerTaskDefinition(definition("shop-api", "img:2"));
    String b1 = ecs.registerTaskDefinition(definition("cart-api", "img:1"));
    assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api:1",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api:2",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/cart-api:1"), List.of(a1, a2, b1));
    assertEquals(List.of(a1, a2), ecs.activeRevisions("shop-api"));
  }

  @Test
  void describeReturnsExactlyWhatWasRegistered() {
    TaskDefinition sent = definition("shop-api", "img:1");
    String arn = ecs.registerTaskDefinition(sent);
    assertEquals(Optional.of(sent), ecs.describeTaskDefinition(arn));
    assertEquals(Optional.empty(), ecs.describeTaskDefinition(arn.replace(":1", ":9")));
  }

  @Test
  void registeredDefinitionIsDetachedFromTheCallersMaps() {
    TaskDefinition sent = definition("shop-api", "img:1");
    String arn = ecs.registerTaskDefinition(sent);
    sent.containers().get(0).environment().put("LATER", "x");
    assertFalse(ecs.revision(arn).orElseThrow().containers().get(0).environment().containsKey("LATER"));
  }

  @Test
  void deregisteredRevisionIsInactiveButStillDescribed() {
    String a1 = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    String a2 = ecs.registerTaskDefinition(definition("shop-api", "img:2"));
    ecs.deregisterTaskDefinition(a1);
    assertEquals(List.of(a2), ecs.activeRevisions("shop-api"));
    assertTrue(ecs.describeTaskDefinition(a1).isPresent());
    assertFalse(ecs.isActive(a1));
    String a3 = ecs.registerTaskDefinition(definition("shop-api", "img:3"));
    assertTrue(a3.endsWith(":3"), "revision numbers are never reused: " + a3);
  }

  @Test
  void invalidFargateSizeOrMissingExecutionRoleIsRefused() {
    TaskDefinition d = definition("shop-api", "img:1");
    assertThrows(AwsFailure.class, () -> ecs.registerTaskDefinition(new TaskDefinition(d.family(), "256", "4096",
        d.executionRoleArn(), null, d.containers(), d.tags())));
    assertThrows(AwsFailure.class, () -> ecs.registerTaskDefinition(new TaskDefinition(d.family(), "256", "512",
        null, null, d.containers(), d.tags())));
  }

  @Test
  void createdServiceHasAPrimaryDeploymentInProgressAndNoTaskRunning() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    Service s = svc("shop-api");
    assertEquals(List.of("ACTIVE", td, 2, 0, List.of("subnet-a", "subnet-b"), List.of("sg-api")),
        List.of(s.status(), s.taskDefinitionArn(), s.desiredCount(), s.runningCount(), s.subnetIds(),
            s.securityGroupIds()));
    Deployment primary = s.primary().orElseThrow();
    assertEquals(List.of("PRIMARY", td, "IN_PROGRESS", 2, 0), List.of(primary.status(), primary.taskDefinitionArn(),
        primary.rolloutState(), primary.desiredCount(), primary.runningCount()));
    assertEquals("arn:aws:ecs:us-east-1:123456789012:service/default/shop-api", s.arn());
  }

  @Test
  void finishPendingCompletesTheRolloutAndDropsOlderDeployments() {
    String td1 = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td1, 2), "token-1");
    ecs.finishPending();
    String td2 = ecs.registerTaskDefinition(definition("shop-api", "img:2"));
    ecs.updateService(CLUSTER, "shop-api", td2, null, false);
    Service rolling = svc("shop-api");
    assertEquals(List.of("PRIMARY:" + td2 + ":IN_PROGRESS", "ACTIVE:" + td1 + ":COMPLETED"),
        rolling.deployments().stream().map(d -> d.status() + ":" + d.taskDefinitionArn() + ":" + d.rolloutState())
            .toList());
    assertEquals(td2, rolling.taskDefinitionArn());
    ecs.finishPending();
    Service done = svc("shop-api");
    assertEquals(1, done.deployments().size(), done.deployments().toString());
    assertEquals(List.of(td2, "COMPLETED", 2, 2), List.of(done.primary().orElseThrow().taskDefinitionArn(),
        done.primary().orElseThrow().rolloutState(), done.primary().orElseThrow().runningCount(), done.runningCount()));
  }

  @Test
  void countOnlyUpdateStartsNoDeployment() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    ecs.finishPending();
    ecs.updateService(CLUSTER, "shop-api", null, 4, false);
    Service scaling = svc("shop-api");
    assertEquals(List.of(1, 4, 2, td), List.of(scaling.deployments().size(), scaling.desiredCount(),
        scaling.runningCount(), scaling.taskDefinitionArn()));
    assertEquals(List.of(new FakeEcsGateway.Update(CLUSTER, "shop-api", null, 4, false)), ecs.updates());
    ecs.finishPending();
    assertEquals(4, svc("shop-api").runningCount());
  }

  @Test
  void failedPrimaryDeploymentStaysFailedWithItsReason() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    ecs.failPrimaryDeployment(CLUSTER, "shop-api", "tasks failed to start");
    ecs.finishPending();
    Deployment primary = svc("shop-api").primary().orElseThrow();
    assertEquals(List.of("FAILED", "tasks failed to start"), List.of(primary.rolloutState(),
        primary.rolloutStateReason()));
  }

  @Test
  void rollbackPutsTheLastCompletedRevisionBackAsPrimary() {
    String td1 = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td1, 2), "token-1");
    ecs.finishPending();
    String td2 = ecs.registerTaskDefinition(definition("shop-api", "img:2"));
    ecs.updateService(CLUSTER, "shop-api", td2, null, false);
    ecs.rollBackPrimaryDeployment(CLUSTER, "shop-api", "tasks failed to start");
    Service rolledBack = svc("shop-api");
    assertEquals(td1, rolledBack.taskDefinitionArn());
    assertEquals(List.of("PRIMARY:" + td1 + ":IN_PROGRESS", "ACTIVE:" + td2 + ":FAILED"),
        rolledBack.deployments().stream().map(d -> d.status() + ":" + d.taskDefinitionArn() + ":" + d.rolloutState())
            .toList());
    ecs.finishPending();
    assertEquals(List.of(td1), svc("shop-api").deployments().stream().map(Deployment::taskDefinitionArn).toList());
  }

  @Test
  void deletedServiceDrainsThenIsGone() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    ecs.deleteService(CLUSTER, "shop-api");
    assertEquals("DRAINING", svc("shop-api").status());
    assertTrue(ecs.usesSecurityGroup("sg-api"), "draining tasks still hold their network interfaces");
    ecs.deleteService(CLUSTER, "shop-api");
    ecs.finishPending();
    assertTrue(ecs.findService(CLUSTER, "shop-api").isEmpty());
    assertFalse(ecs.usesSecurityGroup("sg-api"));
    ecs.deleteService(CLUSTER, "shop-api");
  }

  @Test
  void createWithTheSameClientTokenIsIdempotent() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    String arn = svc("shop-api").arn();
    ecs.createService(service("shop-api", td, 2), "token-1");
    assertEquals(List.of(arn), ecs.services().stream().map(Service::arn).toList());
  }

  @Test
  void createWithAnotherClientTokenOnAnActiveServiceIsTerminalInvalidParameter() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.createService(service("shop-api", td, 2), "token-1");
    AwsFailure e = assertThrows(AwsFailure.class, () -> ecs.createService(service("shop-api", td, 2), "token-2"));
    assertEquals("InvalidParameterException", e.code());
    assertTrue(e.terminal());
  }

  @Test
  void serviceNeedsAnActiveRevision() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.deregisterTaskDefinition(td);
    assertEquals("InvalidParameterException",
        assertThrows(AwsFailure.class, () -> ecs.createService(service("shop-api", td, 2), "t")).code());
  }

  @Test
  void lostCreateResponseStillCreatesTheService() {
    String td = ecs.registerTaskDefinition(definition("shop-api", "img:1"));
    ecs.loseNextResponse("createService", new AwsFailure("ecs", "Timeout", "t", false, null));
    assertThrows(AwsFailure.class, () -> ecs.createService(service("shop-api", td, 2), "token-1"));
    assertTrue(ecs.service(CLUSTER, "shop-api").isPresent());
  }

  // ---- one-off tasks --------------------------------------------------------------------------

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final FakeEcsGateway timed = new FakeEcsGateway(new Journal(), clock);

  private static OneOffTask migration(String td, String marker) {
    return new OneOffTask(CLUSTER, td, "api", List.of("npm", "run", "migrate"), List.of("subnet-a"),
        List.of("sg-api"), marker, Map.of("appstack.io/owner", "staging/shop"));
  }

  private Task task(String arn) {
    return timed.describeTask(CLUSTER, arn).orElseThrow();
  }

  @Test
  void runTaskGoesThroughProvisioningPendingRunningToStoppedWithExitZero() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    String arn = timed.runTask(migration(td, "m-1"), "m-1");
    assertTrue(arn.startsWith("arn:aws:ecs:us-east-1:123456789012:task/default/"), arn);
    List<String> seen = new java.util.ArrayList<>(List.of(task(arn).lastStatus()));
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(10));
      timed.finishPending();
      seen.add(task(arn).lastStatus());
    }
    assertEquals(List.of("PROVISIONING", "PENDING", "RUNNING", "STOPPED"), seen);
    Task done = task(arn);
    assertEquals(List.of("EssentialContainerExited", Map.of("api", 0)), List.of(done.stopCode(), done.exitCodes()));
    assertEquals(List.of(Instant.parse("2025-03-01T10:00:00Z"), Instant.parse("2025-03-01T10:00:20Z"),
        Instant.parse("2025-03-01T10:00:30Z")), List.of(done.createdAt(), done.startedAt(), done.stoppedAt()));
  }

  @Test
  void knobsDecideHowTheNextTaskEnds() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    timed.exitNextMigrationWith(3);
    timed.failNextMigrationToStart("CannotPullContainerError: not found");
    String exits3 = timed.runTask(migration(td, "a"), "a");
    String neverStarts = timed.runTask(migration(td, "b"), "b");
    String exits0 = timed.runTask(migration(td, "c"), "c");
    timed.settleTasks();
    assertEquals(Map.of("api", 3), task(exits3).exitCodes());
    Task failed = task(neverStarts);
    assertEquals(List.of("STOPPED", "TaskFailedToStart", "CannotPullContainerError: not found", Map.of()),
        List.of(failed.lastStatus(), failed.stopCode(), failed.stoppedReason(), failed.exitCodes()));
    assertEquals(null, failed.startedAt());
    assertEquals(Map.of("api", 0), task(exits0).exitCodes());
  }

  @Test
  void keptRunningTasksStayRunningUntilReleased() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    timed.keepMigrationsRunning(true);
    String arn = timed.runTask(migration(td, "m"), "m");
    timed.settleTasks();
    timed.finishPending();
    assertEquals("RUNNING", task(arn).lastStatus());
    timed.keepMigrationsRunning(false);
    timed.finishPending();
    assertEquals("STOPPED", task(arn).lastStatus());
  }

  @Test
  void repeatedClientTokenReturnsTheFirstTaskAndStartsNoOther() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    String first = timed.runTask(migration(td, "m"), "m");
    assertEquals(first, timed.runTask(migration(td, "m"), "m"));
    assertEquals(1, timed.tasks().size());
    assertEquals(2, timed.runTaskRequests().size(), "every request is recorded");
    assertEquals(2, timed.calls("runTask"));
  }

  @Test
  void tasksStartedByListsRunningOnesFirstThenStoppedOnesOfThatMarkerOnly() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    String stopped = timed.runTask(migration(td, "m"), "m-1");
    timed.settleTasks();
    String running = timed.runTask(migration(td, "m"), "m-2");
    timed.runTask(migration(td, "other"), "o");
    assertEquals(List.of(running, stopped), timed.tasksStartedBy(CLUSTER, "m"));
    assertEquals(List.of(), timed.tasksStartedBy("payments", "m"));
  }

  @Test
  void stopTaskStopsARunningTaskWithUserInitiatedAnd137() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    timed.keepMigrationsRunning(true);
    String arn = timed.runTask(migration(td, "m"), "m");
    timed.settleTasks();
    timed.stopTask(CLUSTER, arn, "timed out");
    Task t = task(arn);
    assertEquals(List.of("STOPPED", "UserInitiated", "timed out", Map.of("api", 137)),
        List.of(t.lastStatus(), t.stopCode(), t.stoppedReason(), t.exitCodes()));
    timed.stopTask(CLUSTER, arn, "again");
    assertEquals("timed out", task(arn).stoppedReason(), "stopping a stopped task changes nothing");
  }

  @Test
  void forgottenTaskIsNeitherDescribedListedNorStoppable() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    String arn = timed.runTask(migration(td, "m"), "m");
    timed.settleTasks();
    timed.forgetStoppedTasks();
    assertEquals(Optional.empty(), timed.describeTask(CLUSTER, arn));
    assertEquals(List.of(), timed.tasksStartedBy(CLUSTER, "m"));
    AwsFailure e = assertThrows(AwsFailure.class, () -> timed.stopTask(CLUSTER, arn, "x"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void runTaskIsRefusedAsEcsRefusesIt() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    OneOffTask ok = migration(td, "m");
    List<OneOffTask> bad = List.of(
        new OneOffTask(CLUSTER, td, "worker", ok.command(), ok.subnetIds(), ok.securityGroupIds(), "m", ok.tags()),
        new OneOffTask(CLUSTER, td, "api", ok.command(), List.of(), ok.securityGroupIds(), "m", ok.tags()),
        new OneOffTask(CLUSTER, td + "9", "api", ok.command(), ok.subnetIds(), ok.securityGroupIds(), "m", ok.tags()));
    for (OneOffTask t : bad) {
      assertEquals("InvalidParameterException", assertThrows(AwsFailure.class, () -> timed.runTask(t, null)).code(),
          t.toString());
    }
    assertThrows(AwsFailure.class, () -> timed.runTask(ok, "t".repeat(65)));
    assertEquals(List.of(), timed.tasks());
  }

  @Test
  void lostRunTaskResponseStillStartsTheTask() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    timed.loseNextResponse("runTask", new AwsFailure("ecs", "Timeout", "t", false, null));
    assertThrows(AwsFailure.class, () -> timed.runTask(migration(td, "m"), "m"));
    assertEquals(1, timed.tasks().size());
  }

  @Test
  void taskHoldsItsSecurityGroupUntilItStops() {
    String td = timed.registerTaskDefinition(definition("shop-api", "img:1"));
    timed.runTask(migration(td, "m"), "m");
    assertTrue(timed.usesSecurityGroup("sg-api"));
    timed.settleTasks();
    assertFalse(timed.usesSecurityGroup("sg-api"));
  }
}
