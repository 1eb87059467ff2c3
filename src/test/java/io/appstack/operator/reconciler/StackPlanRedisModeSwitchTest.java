package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.container;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.fakes.Journal;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Moving Redis from one mode to another: the new Redis comes up first, the service rolls onto
 * it, and only then is the old one removed, so the API never points at a Redis that is gone.
 */
class StackPlanRedisModeSwitchTest {

  private static boolean hasSidecar(TaskDefinition td) {
    return container(td, "redis").isPresent();
  }

  /** Every revision the service still has a deployment of. */
  private static List<TaskDefinition> deployed(PlanHarness h) {
    return h.service().orElseThrow().deployments().stream().map(Deployment::taskDefinitionArn)
        .map(arn -> h.aws.ecs.revision(arn).orElseThrow()).toList();
  }

  private static Set<String> cacheLeftovers(PlanHarness h) {
    Set<String> left = new TreeSet<>();
    h.aws.ownedBy(h.names).stream().filter(r -> r.startsWith("replication-group ") || r.startsWith("cache-subnet-group ")
        || r.equals("security-group " + h.names.cacheSecurityGroupName())
        || r.equals("secret " + h.names.redisElastiCacheSecretName())
        || r.equals("secret " + h.names.redisExternalSecretName())).forEach(left::add);
    return left;
  }

  @Test
  void sidecarToElastiCacheRollsOntoTheNewCacheOnceItIsUp() {
    PlanHarness h = new PlanHarness(Mode.sidecar);
    h.applyUntilReady();
    String sidecarRevision = h.service().orElseThrow().taskDefinitionArn();
    Stacks.switchRedis(h.stack, Mode.elasticache);

    StackPlan.Result creating = h.apply();
    assertEquals("creating", h.aws.elasticache.group(h.names.replicationGroupId()).orElseThrow().status());
    assertEquals(sidecarRevision, h.service().orElseThrow().taskDefinitionArn(),
        "the service keeps its sidecar until the cache is up: " + describe(creating));
    assertEquals(0, h.aws.ecs.calls("updateService"));

    h.applyUntilReady();
    TaskDefinition now = h.runningTaskDefinition();
    assertNotEquals(sidecarRevision, h.service().orElseThrow().taskDefinitionArn());
    assertFalse(hasSidecar(now), "containers " + now.containers());
    SecretInfo secret = h.aws.secrets.secret(h.names.redisElastiCacheSecretName()).orElseThrow();
    Container api = apiContainer(now);
    assertEquals(secret.arn() + ":url::" + secret.currentVersionId(), api.secrets().get("REDIS_URL"));
    assertFalse(api.environment().containsKey("REDIS_URL"), "environment " + api.environment());
    assertTrue(deployed(h).stream().noneMatch(StackPlanRedisModeSwitchTest::hasSidecar),
        "a deployment still runs the sidecar");

    Journal journal = h.aws.journal();
    int available = journal.first("elasticache", "available", h.names.replicationGroupId());
    int updated = journal.first(Journal.is("ecs", "updateService"));
    assertTrue(available >= 0 && updated > available, "the service moved before the cache was up: " + journal);
    assertEquals(1, h.aws.ecs.updates().size(), "updates " + h.aws.ecs.updates());
  }

  @Test
  void elastiCacheToSidecarRemovesTheCacheOnlyAfterTheServiceRunsTheSidecarRevision() {
    PlanHarness h = new PlanHarness(Mode.elasticache);
    h.applyUntilReady();
    String cacheSg = h.securityGroup(h.names.cacheSecurityGroupName()).orElseThrow().id();
    Stacks.switchRedis(h.stack, Mode.sidecar);

    h.apply();
    assertEquals("available", h.aws.elasticache.group(h.names.replicationGroupId()).orElseThrow().status(),
        "the cache went before the service moved off it");
    StackPlan.Result ready = h.applyUntilReady();

    assertTrue(hasSidecar(h.runningTaskDefinition()), "the service does not run the sidecar");
    assertEquals("redis://127.0.0.1:6379", apiContainer(h.runningTaskDefinition()).environment().get("REDIS_URL"));
    assertEquals(Set.of(), cacheLeftovers(h), "left of the old mode");
    assertTrue(h.aws.ec2.group(cacheSg).isEmpty());
    assertEquals(List.of("sidecar", "127.0.0.1"), List.of(ready.status().cache.mode, ready.status().cache.endpoint));

    Journal journal = h.aws.journal();
    String sidecarRevision = h.service().orElseThrow().taskDefinitionArn();
    int rolledOut = journal.first("ecs", "rolloutCompleted", h.names.serviceName() + "@" + sidecarRevision);
    assertTrue(rolledOut >= 0, "journal " + journal);
    for (Journal.Entry removal : List.of(
        new Journal.Entry("elasticache", "deleteReplicationGroup", h.names.replicationGroupId()),
        new Journal.Entry("elasticache", "deleteSubnetGroup", h.names.cacheSubnetGroupName()),
        new Journal.Entry("secretsmanager", "deleteNow", h.names.redisElastiCacheSecretName()),
        new Journal.Entry("ec2", "deleteSecurityGroup", cacheSg))) {
      int at = journal.first(removal::equals);
      assertTrue(at > rolledOut, removal + " at " + at + ", service on the sidecar at " + rolledOut + ": " + journal);
    }
  }

  @Test
  void cacheRemovalWaitsForTheReplicationGroupBeforeItsSubnetGroupAndSecurityGroup() {
    PlanHarness h = new PlanHarness(Mode.elasticache);
    h.applyUntilReady();
    Stacks.switchRedis(h.stack, Mode.sidecar);
    h.applyUntilReady();
    Journal journal = h.aws.journal();
    int gone = journal.first("elasticache", "gone", h.names.replicationGroupId());
    int subnetGroup = journal.first("elasticache", "deleteSubnetGroup", h.names.cacheSubnetGroupName());
    assertTrue(gone >= 0 && subnetGroup > gone, "journal " + journal);
    assertEquals(1, h.aws.elasticache.calls("deleteSubnetGroup"), "a refused delete would have been a stall");
  }

  @Test
  void sidecarToNoneDropsTheSidecarAndTheUrl() {
    PlanHarness h = new PlanHarness(Mode.sidecar);
    h.applyUntilReady();
    Stacks.switchRedis(h.stack, Mode.none);
    StackPlan.Result r = h.applyUntilReady();
    TaskDefinition td = h.runningTaskDefinition();
    assertFalse(hasSidecar(td), "containers " + td.containers());
    assertFalse(apiContainer(td).environment().containsKey("REDIS_URL"));
    assertFalse(apiContainer(td).secrets().containsKey("REDIS_URL"));
    assertEquals("none", r.status().cache.mode);
  }

  @Test
  void elastiCacheToExternalRemovesTheCacheAfterTheServiceReadsTheExternalUrl() {
    PlanHarness h = new PlanHarness(Mode.elasticache);
    h.applyUntilReady();
    h.putRedisUrl("rediss://:upstash-token-1234@eu1-cache.upstash.io:6380");
    Stacks.switchRedis(h.stack, Mode.external);
    h.applyUntilReady();

    SecretInfo external = h.aws.secrets.secret(h.names.redisExternalSecretName()).orElseThrow();
    assertEquals(external.arn() + ":url::" + external.currentVersionId(),
        apiContainer(h.runningTaskDefinition()).secrets().get("REDIS_URL"));
    assertEquals(Set.of("secret " + h.names.redisExternalSecretName()), cacheLeftovers(h));
    int rolledOut = h.aws.journal().first("ecs", "rolloutCompleted",
        h.names.serviceName() + "@" + h.service().orElseThrow().taskDefinitionArn());
    int deleted = h.aws.journal().first("elasticache", "deleteReplicationGroup", h.names.replicationGroupId());
    assertTrue(rolledOut >= 0 && deleted > rolledOut, "journal " + h.aws.journal());
  }
}
