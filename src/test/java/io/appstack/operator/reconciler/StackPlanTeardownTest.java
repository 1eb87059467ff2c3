package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.fakes.FakeRdsGateway;
import io.appstack.operator.fakes.Stacks;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** StackPlan.teardown for each deletion policy, and what holds a teardown up. */
class StackPlanTeardownTest {
  private final PlanHarness h = new PlanHarness();

  private String securityGroupId() {
    return h.aws.ec2.group(Stacks.VPC_ID, h.names.dbSecurityGroupName()).orElseThrow().id();
  }

  @Test
  void deletePolicyRemovesInstanceSubnetGroupSecurityGroupAndSecret() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.applyUntilReady();
    String sg = securityGroupId();

    StackPlan.Result first = h.teardown();
    assertFalse(first.allReady(), "the service is still draining: " + describe(first));
    assertCondition(first, "Reconciling", "True", "ServiceDeleting");
    assertEquals("Deleting", first.status().phase);
    assertEquals(0, h.aws.rds.calls("deleteInstance"), "the database waits for the service that uses it");
    h.aws.finishPending();
    StackPlan.Result second = h.teardown();
    assertCondition(second, "Reconciling", "True", "DatabaseDeleting");
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    assertTrue(h.aws.rds.instance(h.dbId()).isEmpty(), "instance left");
    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isEmpty(), "subnet group left");
    assertTrue(h.aws.ec2.group(sg).isEmpty(), "security group left");
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isEmpty(), "secret left");
    assertEquals(Set.of(), h.aws.rds.snapshots());
    assertEquals(1, h.aws.rds.calls("deleteInstance"));
  }

  @Test
  void snapshotPolicyTakesFinalSnapshotAndKeepsTheSecret() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Snapshot;
    h.applyUntilReady();
    String sg = securityGroupId();

    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    assertEquals(Set.of(h.names.finalSnapshotIdentifier(h.stack.getMetadata().getUid())), h.aws.rds.snapshots());
    assertTrue(h.aws.rds.instance(h.dbId()).isEmpty(), "instance left");
    assertTrue(h.aws.ec2.group(sg).isEmpty(), "security group left");
    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isEmpty(), "subnet group left");
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isPresent(),
        "the secret is the only way into the snapshot");
    assertEquals(0, h.aws.secrets.calls("deleteNow"));
  }

  @Test
  void retainPolicyLeavesTheDatabaseItsNetworkAndSecretUntouched() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Retain;
    h.applyUntilReady();
    int rdsChanges = h.aws.rds.mutatingCalls();
    int secretChanges = h.aws.secrets.mutatingCalls();

    StackPlan.Result r = h.teardownUntilDone(PlanHarness.MAX_PASSES);

    assertTrue(r.allReady(), describe(r));
    assertEquals(rdsChanges, h.aws.rds.mutatingCalls(), h.aws.describeCalls());
    assertEquals(secretChanges, h.aws.secrets.mutatingCalls(), h.aws.describeCalls());
    assertEquals("available", h.aws.rds.instance(h.dbId()).orElseThrow().status());
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isPresent());
    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isPresent());
    assertTrue(h.aws.ec2.group(Stacks.VPC_ID, h.names.dbSecurityGroupName()).isPresent());
  }

  @Test
  void securityGroupInUseKeepsTeardownProgressingUntilReleased() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    h.applyUntilReady();
    String sg = securityGroupId();
    h.aws.ec2.inUse.add(sg);
    h.teardownUntil(r -> "SecurityGroupInUse".equals(PlanHarness.condition(r.status(), "Reconciling").getReason()),
        "waited for the security group");

    for (int i = 0; i < 3; i++) {
      h.aws.finishPending();
      StackPlan.Result r = h.teardown();
      assertFalse(r.allReady(), describe(r));
      assertTrue(r.progressing(), describe(r));
      assertCondition(r, "Reconciling", "True", "SecurityGroupInUse");
      assertCondition(r, "Stalled", "False", "NotStalled");
    }
    // Only the database needs the credentials: they go once it is gone, not after the network.
    int dbGone = h.aws.journal().first("rds", "gone", h.dbId());
    int secretDeleted = h.aws.journal().first("secretsmanager", "deleteNow", h.names.dbCredentialsSecretName());
    assertTrue(dbGone >= 0 && secretDeleted > dbGone, "journal " + h.aws.journal());

    h.aws.ec2.inUse.remove(sg);
    StackPlan.Result done = h.teardown();
    assertTrue(done.allReady(), describe(done));
    assertTrue(h.aws.ec2.group(sg).isEmpty());
  }

  @Test
  void deletionProtectionInSpecStallsTeardown() {
    Stacks.changeDatabase(h.stack, db -> {
      db.deletionProtection = true;
      db.deletionPolicy = DeletionPolicy.Delete;
    });
    h.applyUntilReady();

    StackPlan.Result r = h.teardownUntil(x -> PlanHarness.isTrue(x, "Stalled"), "Stalled");

    assertCondition(r, "Stalled", "True", "DeletionProtected");
    assertCondition(r, "Reconciling", "False", "Idle");
    assertEquals(0, h.aws.rds.calls("deleteInstance"));
    assertEquals(0, h.aws.rds.calls("modifyInstance"));
    assertTrue(h.aws.rds.instance(h.dbId()).isPresent());
  }

  @Test
  void protectionLeftOnTheInstanceIsTurnedOffBeforeDeleting() {
    Stacks.changeDatabase(h.stack, db -> {
      db.deletionProtection = true;
      db.deletionPolicy = DeletionPolicy.Delete;
    });
    h.applyUntilReady();
    // The user turns protection off and deletes the stack before a pass applies the change.
    Stacks.changeDatabase(h.stack, db -> db.deletionProtection = false);

    StackPlan.Result r = h.teardownUntil(x -> PlanHarness.outcome(x, "database").reason().equals("DatabaseModifying"),
        "turned off deletion protection");
    assertCondition(r, "Reconciling", "True", "DatabaseModifying");
    assertEquals(List.of(new FakeRdsGateway.Modification(h.dbId(),
        new DbModification(null, null, false, null, null, null, null, false, null))), h.aws.rds.modifications());
    assertEquals(0, h.aws.rds.calls("deleteInstance"));

    h.aws.finishPending();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertTrue(h.aws.rds.instance(h.dbId()).isEmpty());
    assertEquals(1, h.aws.rds.calls("deleteInstance"));
  }

  @Test
  void teardownWhileCreatingWaitsForTheInstance() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Snapshot;
    h.apply();
    StackPlan.Result r = h.teardown();
    assertCondition(r, "Reconciling", "True", "DatabaseBusy");
    assertEquals(0, h.aws.rds.calls("deleteInstance"));
    h.aws.finishPending();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);
    assertEquals(1, h.aws.rds.snapshots().size());
  }

  @Test
  void teardownOfAStackThatNeverCreatedAnythingIsDoneAtOnce() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
    StackPlan.Result r = h.teardown();
    assertTrue(r.allReady(), describe(r));
    assertEquals(0, h.aws.mutatingCalls());
  }
}
