package io.appstack.operator.status;

import static io.appstack.operator.reconciler.Component.CACHE;
import static io.appstack.operator.reconciler.Component.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.reconciler.Observed;
import io.appstack.operator.reconciler.StepOutcome;
import io.appstack.operator.status.StackStatusBuilder.Pass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** status.api and status.cache: what the builder reports of the ECS service and the Redis it observed. */
class StackStatusObservationsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String TD1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api:1";
  private static final String TD2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api:2";
  private static final StepOutcome SERVICE_READY = StepOutcome.ready("service", SERVICE, "ServiceReady", "2 of 2");
  private static final StepOutcome CACHE_READY = StepOutcome.ready("cache", CACHE, "CacheAvailable", "up");

  private static AppStackSpec spec(Mode mode) {
    return Stacks.sample("staging", "shop", mode).getSpec();
  }

  private static AppStackStatus build(AppStackStatus previous, Observed observed, AppStackSpec spec) {
    return StackStatusBuilder.build(previous, new Pass(1, false, List.of(SERVICE, CACHE),
        List.of(CACHE_READY, SERVICE_READY), observed, spec), T0);
  }

  private static Service service(String taskDefinitionArn, int running, Deployment... deployments) {
    return new Service("arn:aws:ecs:us-east-1:123456789012:service/default/shop-api", "shop-api", "ACTIVE",
        taskDefinitionArn, 2, running, List.of("subnet-a"), List.of("sg-1"), List.of(), List.of(deployments), Map.of());
  }

  @Test
  void apiReportsTheServiceItsRevisionCountsAndPrimaryRollout() {
    Observed observed = new Observed();
    observed.service = service(TD1, 1, new Deployment("d2", "PRIMARY", TD2, "IN_PROGRESS", 2, 0, null),
        new Deployment("d1", "ACTIVE", TD1, "COMPLETED", 2, 1, null));
    observed.taskDefinitionArn = TD2;
    AppStackStatus.ApiStatus api = build(null, observed, spec(Mode.sidecar)).api;
    assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:service/default/shop-api", TD2, 2, 1, "IN_PROGRESS"),
        List.of(api.serviceArn, api.taskDefinitionArn, api.desiredCount, api.runningCount, api.rolloutState));
  }

  @Test
  void apiFallsBackToTheServicesRevisionWhenNoneWasResolved() {
    Observed observed = new Observed();
    observed.service = service(TD1, 2, new Deployment("d1", "PRIMARY", TD1, "COMPLETED", 2, 2, null));
    assertEquals(TD1, build(null, observed, spec(Mode.sidecar)).api.taskDefinitionArn);
  }

  @Test
  void apiIsKeptFromThePreviousStatusWhenTheServiceWasNotObserved() {
    Observed seen = new Observed();
    seen.service = service(TD1, 2, new Deployment("d1", "PRIMARY", TD1, "COMPLETED", 2, 2, null));
    AppStackStatus first = build(null, seen, spec(Mode.sidecar));
    AppStackStatus second = build(first, new Observed(), spec(Mode.sidecar));
    assertSame(first.api, second.api);
    assertNull(build(null, new Observed(), spec(Mode.sidecar)).api);
  }

  @Test
  void sidecarCacheIsLocalhost6379() {
    AppStackStatus.CacheStatus cache = build(null, new Observed(), spec(Mode.sidecar)).cache;
    assertEquals(List.of("sidecar", "127.0.0.1", 6379), List.of(cache.mode, cache.endpoint, cache.port));
  }

  @Test
  void elastiCacheReportsTheReplicationGroup() {
    Observed observed = new Observed();
    observed.replicationGroup = new ReplicationGroup("shop", "arn", "available", "cache.t3.micro",
        "shop.fake.cache.amazonaws.com", 6379, 1, Map.of());
    AppStackStatus.CacheStatus cache = build(null, observed, spec(Mode.elasticache)).cache;
    assertEquals(List.of("elasticache", "shop.fake.cache.amazonaws.com", 6379, "available"),
        List.of(cache.mode, cache.endpoint, cache.port, cache.status));
  }

  @Test
  void cacheKeepsThePreviousEndpointOnlyWhileTheModeStaysTheSame() {
    Observed observed = new Observed();
    observed.replicationGroup = new ReplicationGroup("shop", "arn", "available", "cache.t3.micro",
        "shop.fake.cache.amazonaws.com", 6379, 1, Map.of());
    AppStackStatus first = build(null, observed, spec(Mode.elasticache));
    AppStackStatus same = build(first, new Observed(), spec(Mode.elasticache));
    assertEquals("shop.fake.cache.amazonaws.com", same.cache.endpoint);
    AppStackStatus switched = build(first, new Observed(), spec(Mode.external));
    assertEquals("external", switched.cache.mode);
    assertNull(switched.cache.endpoint, "the old mode's endpoint is not the external one");
  }

  @Test
  void noRedisIsModeNoneWithoutEndpoint() {
    AppStackSpec spec = spec(Mode.sidecar);
    spec.redis = null;
    AppStackStatus.CacheStatus cache = build(null, new Observed(), spec).cache;
    assertEquals("none", cache.mode);
    assertNull(cache.endpoint);
  }

  @Test
  void retryingKeepsApiAndCache() {
    Observed observed = new Observed();
    observed.service = service(TD1, 2, new Deployment("d1", "PRIMARY", TD1, "COMPLETED", 2, 2, null));
    AppStackStatus ready = build(null, observed, spec(Mode.sidecar));
    AppStackStatus retrying = StackStatusBuilder.retrying(ready, 2, "retrying after: ecs Throttling", T0);
    assertSame(ready.api, retrying.api);
    assertSame(ready.cache, retrying.cache);
  }
}
