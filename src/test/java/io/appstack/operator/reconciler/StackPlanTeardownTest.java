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
    assertFalse(first.allReady(), "the instance is still being deleted: " + describe(first));
    assertCondition(first, "Reconciling", "True", "DatabaseDeleting");
    assertEquals("Deleting", first.status().phase);
    h.teardownUntilDone(5);

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

    h.teardownUntilDone(5);

    assertEquals(Set.of(h.names.finalSnapshotIdentifier(h.stack.getMetadata().getUid())), h.aws.rds.snapshots());
    assertTrue(h.aws.rds.instance(h.dbId()).isEmpty(), "instance left");
    assertTrue(h.aws.ec2.group(sg).isEmpty(), "security group left");
    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isEmpty(), "subnet group left");
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isPresent(),
        "the secret is the only way into the snapshot");
    assertEquals(0, h.aws.secrets.calls("deleteNow"));
  }

  @Test
  void retainPolicyLeavesEverythingAndIsDoneInOnePass() {
    h.stack.getSpec().database.deletionPolicy = DeletionPolicy.Retain;
    h.applyUntilReady();
    int mutating = h.aws.mutatingCalls();

    StackPlan.Result r = h.teardown();

    assertTrue(r.allReady(), describe(r));
    assertEquals(mutating, h.aws.mutatingCalls(), "rds=" + h.aws.rds.calls() + " ec2=" + h.aws.ec2.calls()
        + " secrets=" + h.aws.secrets.calls());
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
    h.teardown();
    h.aws.finishPending();

    for (int i = 0; i < 3; i++) {
      StackPlan.Result r = h.teardown();
      assertFalse(r.allReady(), describe(r));
      assertTrue(r.progressing(), describe(r));
      assertCondition(r, "Reconciling", "True", "SecurityGroupInUse");
      assertCondition(r, "Stalled", "False", "NotStalled");
    }
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isPresent(),
        "credentials go last, after the network");

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

    StackPlan.Result r = h.teardown();

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

    StackPlan.Result r = h.teardown();
    assertCondition(r, "Reconciling", "True", "DatabaseModifying");
    assertEquals(List.of(new FakeRdsGateway.Modification(h.dbId(),
        new DbModification(null, null, false, null, null, null, null, false, null))), h.aws.rds.modifications());
    assertEquals(0, h.aws.rds.calls("deleteInstance"));

    h.aws.finishPending();
    h.teardownUntilDone(5);
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
    h.teardownUntilDone(5);
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
