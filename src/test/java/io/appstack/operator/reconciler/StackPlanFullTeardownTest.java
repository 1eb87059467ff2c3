package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.fakes.Journal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deleting a whole stack (ElastiCache, so every kind of resource exists): what each deletion policy
 * leaves, and that nothing is removed while something still uses it.
 */
class StackPlanFullTeardownTest {
  private final PlanHarness h = new PlanHarness(Mode.elasticache);

  private void readyWith(DeletionPolicy policy) {
    h.stack.getSpec().database.deletionPolicy = policy;
    h.applyUntilReady();
  }

  @Test
  void deletePolicyLeavesNothing() {
    readyWith(DeletionPolicy.Delete);
    assertTrue(h.aws.ownedBy(h.names).size() >= 12, "the stack was not complete: " + h.aws.ownedBy(h.names));
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
    assertEquals(Set.of(), h.aws.rds.snapshots());
    assertEquals(List.of(), h.aws.ecs.activeRevisionsOf(h.names.taskFamily()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void deletePolicyLeavesNothingInAnyRedisMode(Mode mode) {
    PlanHarness stack = new PlanHarness(mode);
    stack.putRedisUrl("rediss://:token-0123456789@redis.example.com:6380");
    stack.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    stack.applyUntilReady();
    stack.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(Set.of(), stack.aws.ownedBy(stack.names));
  }

  @Test
  void retainPolicyKeepsTheDatabaseItsSecurityGroupAndSecretAndFreesTheGroupFromTheApi() {
    readyWith(DeletionPolicy.Retain);
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(new TreeSet<>(Set.of("db-instance " + h.dbId(), "db-subnet-group " + h.names.dbSubnetGroupName(),
            "security-group " + h.names.dbSecurityGroupName(), "secret " + h.names.dbCredentialsSecretName())),
        h.aws.ownedBy(h.names));
    assertEquals("available", h.aws.rds.instance(h.dbId()).orElseThrow().status());
    assertEquals(List.of(), h.securityGroup(h.names.dbSecurityGroupName()).orElseThrow().ingress(),
        "the kept group still names the deleted API group");
    assertEquals(0, h.aws.rds.calls("deleteInstance"));
  }

  @Test
  void snapshotPolicyTakesAFinalSnapshotAndKeepsOnlyTheCredentials() {
    readyWith(DeletionPolicy.Snapshot);
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(Set.of(h.names.finalSnapshotIdentifier(h.stack.getMetadata().getUid())), h.aws.rds.snapshots());
    assertEquals(new TreeSet<>(Set.of("secret " + h.names.dbCredentialsSecretName())), h.aws.ownedBy(h.names));
  }

  @ParameterizedTest
  @EnumSource(DeletionPolicy.class)
  void serviceGoesBeforeItsTaskDefinitionsAndSecurityGroupsGoLast(DeletionPolicy policy) {
    readyWith(policy);
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    Journal journal = h.aws.journal();

    int serviceDeleted = journal.first("ecs", "deleteService", h.names.serviceName());
    int serviceGone = journal.first("ecs", "gone", h.names.serviceName());
    int firstDeregistered = journal.first(Journal.is("ecs", "deregisterTaskDefinition"));
    assertTrue(serviceDeleted >= 0 && serviceGone > serviceDeleted, "journal " + journal);
    assertTrue(firstDeregistered > serviceGone, "a revision was deregistered while the service ran it: " + journal);

    int cacheGone = journal.first("elasticache", "gone", h.names.replicationGroupId());
    int dbGone = policy == DeletionPolicy.Retain ? -1 : journal.first("rds", "gone", h.dbId());
    assertTrue(cacheGone > 0 && (policy == DeletionPolicy.Retain || dbGone > 0), "journal " + journal);
    int firstGroupDeleted = journal.first(Journal.is("ec2", "deleteSecurityGroup"));
    assertTrue(firstGroupDeleted > serviceGone && firstGroupDeleted > cacheGone && firstGroupDeleted > dbGone,
        "a security group was deleted while the service, cache or database used it: " + journal);
    assertEquals(-1, journal.first(Journal.is("ec2", "deleteSecurityGroupRefused")),
        "a security group was tried while still in use: " + journal);
  }

  @Test
  void nothingOfTheDatabaseIsTouchedWhileTheServiceDrains() {
    readyWith(DeletionPolicy.Delete);
    StackPlan.Result first = h.teardown();
    assertEquals("DRAINING", h.service().orElseThrow().status());
    assertEquals(0, h.aws.rds.calls("deleteInstance"), describe(first));
    assertEquals(0, h.aws.elasticache.calls("deleteReplicationGroup"), describe(first));
    assertEquals(0, h.aws.ecs.calls("deregisterTaskDefinition"), describe(first));
    assertEquals(0, h.aws.logs.calls("deleteLogGroup"), "the draining tasks still log");
  }

  /** A cache that is still being created cannot be deleted yet: teardown has to wait, not fail. */
  @Test
  void teardownWhileTheCacheIsCreatingWaitsForIt() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.apply();
    StackPlan.Result r = h.teardown();
    assertTrue(r.progressing(), describe(r));
    h.aws.finishPending();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(Set.of(), h.aws.ownedBy(h.names));
  }
}
