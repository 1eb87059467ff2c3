package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.container;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.reconciler.StepOutcome.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack whose Redis is an ElastiCache replication group: its network, its token, its URL. */
class StackPlanElastiCacheTest {
  private final PlanHarness h = new PlanHarness(Mode.elasticache);
  private final ObjectMapper json = new ObjectMapper();

  private String groupId(String name) {
    return h.securityGroup(name).orElseThrow(() -> new AssertionError("no group " + name)).id();
  }

  @Test
  void cacheIsCreatedInTheSamePassAsTheDatabaseWhileTheTaskDefinitionWaits() {
    StackPlan.Result r = h.apply();
    assertEquals(1, h.aws.rds.calls("createInstance"));
    assertEquals(1, h.aws.elasticache.calls("createReplicationGroup"), "the cache waits for nothing the DB does");
    assertEquals("creating", h.aws.elasticache.group(h.names.replicationGroupId()).orElseThrow().status());
    assertEquals(State.WAITING, outcome(r, "task-definition").state(), describe(r));
    assertEquals(0, h.aws.ecs.calls("registerTaskDefinition"));
    assertEquals(0, h.aws.ecs.calls("createService"));
  }

  @Test
  void cacheSecurityGroupOpensRedisOnlyFromTheApiGroup() {
    h.apply();
    String api = groupId(h.names.apiSecurityGroupName());
    assertEquals(List.of(new GroupRule(6379, api)), h.securityGroup(h.names.cacheSecurityGroupName()).orElseThrow()
        .ingress());
    assertEquals(List.of(new GroupRule(5432, api)), h.securityGroup(h.names.dbSecurityGroupName()).orElseThrow()
        .ingress());
    assertEquals(List.of(), h.securityGroup(h.names.apiSecurityGroupName()).orElseThrow().ingress());
  }

  @Test
  void replicationGroupUsesTheCacheSubnetGroupSecurityGroupAndTheStoredToken() throws Exception {
    h.apply();
    String id = h.names.replicationGroupId();
    assertEquals(List.of(groupId(h.names.cacheSecurityGroupName())), h.aws.elasticache.securityGroupsOf(id));
    assertEquals(h.names.cacheSubnetGroupName(), h.aws.elasticache.subnetGroupOf(id));
    assertEquals(List.of("subnet-0aaa1111", "subnet-0bbb2222"),
        h.aws.elasticache.subnetGroup(h.names.cacheSubnetGroupName()).orElseThrow().subnetIds());
    JsonNode secret = json.readTree(h.aws.secrets.stored(h.names.redisElastiCacheSecretName()).orElseThrow());
    assertEquals(secret.path("authToken").asText(), h.aws.elasticache.authToken(id).orElseThrow(),
        "the group got another token than the secret holds");
    assertTrue(h.names.ownedBy(h.aws.elasticache.group(id).orElseThrow().tags()));
  }

  @Test
  void redisUrlComesFromTheCacheSecretPinnedToItsVersion() throws Exception {
    StackPlan.Result r = h.applyUntilReady();
    SecretInfo secret = h.aws.secrets.secret(h.names.redisElastiCacheSecretName()).orElseThrow();
    Container api = apiContainer(h.runningTaskDefinition());
    assertEquals(secret.arn() + ":url::" + secret.currentVersionId(), api.secrets().get("REDIS_URL"));
    assertFalse(api.environment().containsKey("REDIS_URL"), "environment " + api.environment());
    assertTrue(container(h.runningTaskDefinition(), "redis").isEmpty(), "no sidecar with ElastiCache");

    JsonNode value = json.readTree(h.aws.secrets.stored(secret.arn()).orElseThrow());
    String endpoint = h.names.replicationGroupId() + ".fake.cache.amazonaws.com:6379";
    assertEquals("rediss://:" + value.path("authToken").asText() + "@" + endpoint, value.path("url").asText(),
        "the URL must be TLS with the AUTH token (value not printed)");
    assertEquals(List.of("elasticache", h.names.replicationGroupId() + ".fake.cache.amazonaws.com", 6379, "available"),
        List.of(r.status().cache.mode, r.status().cache.endpoint, r.status().cache.port, r.status().cache.status));
    assertTrue(PlanHarness.isTrue(r, "CacheReady"), describe(r));
  }

  @Test
  void authTokenNeverReachesStatusEventsOrTaskDefinitions() throws Exception {
    List<StackPlan.Result> passes = h.passesUntilReady();
    String token = h.aws.elasticache.authToken(h.names.replicationGroupId()).orElseThrow();
    for (StackPlan.Result r : passes) {
      assertFalse(json.writeValueAsString(r.status()).contains(token), "token in status");
      assertFalse(r.actions().toString().contains(token), "token in actions (events)");
      assertFalse(r.outcomes().toString().contains(token), "token in outcomes");
    }
    for (String arn : h.aws.ecs.allRevisionsOf(h.names.taskFamily())) {
      assertFalse(h.aws.ecs.revision(arn).orElseThrow().toString().contains(token), "token in " + arn);
    }
  }

  @Test
  void readyPassesTouchNothingOfTheCache() {
    h.applyUntilReady();
    int mutating = h.aws.mutatingCalls();
    int reads = h.aws.secrets.calls("value");
    h.apply();
    h.apply();
    assertEquals(mutating, h.aws.mutatingCalls(), h.aws.describeCalls());
    assertEquals(reads, h.aws.secrets.calls("value"), "the URL is written once, not read back every pass");
  }

  @Test
  void nodeTypeChangeIsStalledChangeNotSupported() {
    h.applyUntilReady();
    io.appstack.operator.fakes.Stacks.change(h.stack, spec -> spec.redis.elasticache.nodeType = "cache.t3.small");
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "ChangeNotSupported");
    assertEquals(1, h.aws.elasticache.calls("createReplicationGroup"));
    assertEquals(0, h.aws.elasticache.calls("deleteReplicationGroup"));
  }

  /** As DatabaseStep does for an instance deleted outside the operator: wait, then create it again. */
  @Test
  void replicationGroupDeletedOutsideTheOperatorIsWaitedForAndCreatedAgain() {
    h.applyUntilReady();
    h.aws.elasticache.changeOutsideOperator(h.names.replicationGroupId(), g -> g.status = "deleting");
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "False", "NotStalled");
    assertTrue(r.progressing(), describe(r));
    h.aws.finishPending();
    h.applyUntilReady();
    assertEquals(2, h.aws.elasticache.calls("createReplicationGroup"));
  }
}
