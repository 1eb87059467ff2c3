package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroupSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ElastiCache fake: replication groups that take time, and subnet groups held while in use. */
class FakeElastiCacheGatewayTest {
  private static final String TOKEN = "a".repeat(64);
  private final FakeElastiCacheGateway cache = new FakeElastiCacheGateway();

  private void created(String id) {
    cache.createSubnetGroup("subnets", "d", List.of("subnet-b", "subnet-a"), Map.of());
    cache.createReplicationGroup(new ReplicationGroupSpec(id, "d", "cache.t3.micro", 1, "subnets",
        List.of("sg-cache"), Map.of("k", "v")), TOKEN);
  }

  @Test
  void createdGroupIsCreatingWithoutEndpointUntilFinished() {
    created("shop");
    ReplicationGroup creating = cache.findReplicationGroup("shop").orElseThrow();
    assertEquals("creating", creating.status());
    assertNull(creating.primaryEndpoint());
    cache.finishPending();
    ReplicationGroup up = cache.findReplicationGroup("shop").orElseThrow();
    assertEquals(List.of("available", "shop.fake.cache.amazonaws.com", 6379, "cache.t3.micro", 1, Map.of("k", "v")),
        List.of(up.status(), up.primaryEndpoint(), up.port(), up.nodeType(), up.replicas(), up.tags()));
    assertEquals(List.of("subnet-a", "subnet-b"), cache.subnetGroup("subnets").orElseThrow().subnetIds());
    assertEquals(TOKEN, cache.authToken("shop").orElseThrow());
  }

  @Test
  void deletedGroupIsDeletingThenGone() {
    created("shop");
    cache.finishPending();
    cache.deleteReplicationGroup("shop");
    assertEquals("deleting", cache.findReplicationGroup("shop").orElseThrow().status());
    assertTrue(cache.usesSecurityGroup("sg-cache"), "a deleting group still holds its security group");
    cache.finishPending();
    assertTrue(cache.findReplicationGroup("shop").isEmpty());
    assertFalse(cache.usesSecurityGroup("sg-cache"));
  }

  @Test
  void onlyAnAvailableGroupCanBeDeleted() {
    created("shop");
    AwsFailure e = assertThrows(AwsFailure.class, () -> cache.deleteReplicationGroup("shop"));
    assertEquals("InvalidReplicationGroupState", e.code());
    assertEquals("ReplicationGroupNotFoundFault",
        assertThrows(AwsFailure.class, () -> cache.deleteReplicationGroup("nope")).code());
  }

  @Test
  void subnetGroupDeleteIsRefusedWhileAGroupUsesIt() {
    created("shop");
    cache.finishPending();
    AwsFailure e = assertThrows(AwsFailure.class, () -> cache.deleteSubnetGroup("subnets"));
    assertEquals("CacheSubnetGroupInUse", e.code());
    assertTrue(e.terminal());
    cache.deleteReplicationGroup("shop");
    assertThrows(AwsFailure.class, () -> cache.deleteSubnetGroup("subnets"), "deleting still uses it");
    cache.finishPending();
    cache.deleteSubnetGroup("subnets");
    assertTrue(cache.findSubnetGroup("subnets").isEmpty());
  }

  @Test
  void createNeedsTheSubnetGroupAndAValidToken() {
    ReplicationGroupSpec spec = new ReplicationGroupSpec("shop", "d", "cache.t3.micro", 1, "subnets",
        List.of("sg-cache"), Map.of());
    assertEquals("CacheSubnetGroupNotFoundFault",
        assertThrows(AwsFailure.class, () -> cache.createReplicationGroup(spec, TOKEN)).code());
    cache.createSubnetGroup("subnets", "d", List.of("subnet-a"), Map.of());
    assertTrue(assertThrows(AwsFailure.class, () -> cache.createReplicationGroup(spec, "short")).terminal());
    assertTrue(assertThrows(AwsFailure.class, () -> cache.createReplicationGroup(spec, "a".repeat(20) + "@"))
        .terminal(), "AUTH tokens may not contain @");
    cache.createReplicationGroup(spec, TOKEN);
    assertEquals("ReplicationGroupAlreadyExists",
        assertThrows(AwsFailure.class, () -> cache.createReplicationGroup(spec, TOKEN)).code());
  }

  @Test
  void replicationGroupIdFollowsElastiCacheRules() {
    cache.createSubnetGroup("subnets", "d", List.of("subnet-a"), Map.of());
    for (String bad : List.of("a".repeat(41), "1abc", "a--b", "abc-")) {
      ReplicationGroupSpec spec = new ReplicationGroupSpec(bad, "d", "cache.t3.micro", 1, "subnets",
          List.of("sg-cache"), Map.of());
      assertTrue(assertThrows(AwsFailure.class, () -> cache.createReplicationGroup(spec, TOKEN)).terminal(), bad);
    }
  }
}
