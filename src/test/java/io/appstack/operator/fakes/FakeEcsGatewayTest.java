package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.LogConfig;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
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
}
