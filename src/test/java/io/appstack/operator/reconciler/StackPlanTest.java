package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.api.v1alpha1.DatabaseSpec.StorageType;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.fakes.FakeRdsGateway;
import io.appstack.operator.fakes.Stacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StackPlan.apply against the fake AWS account: create, wait, converge, modify in place, refuse. */
class StackPlanTest {
  private final PlanHarness h = new PlanHarness();

  @Test
  void firstPassCreatesSecretSecurityGroupSubnetGroupAndInstance() {
    StackPlan.Result r = h.apply();

    assertEquals(Map.of("create", 1, "find", 1, "value", 1), h.aws.secrets.calls());
    assertEquals(2, h.aws.ec2.calls("createSecurityGroup"), "the API's group and the database's");
    assertEquals(1, h.aws.rds.calls("createSubnetGroup"));
    assertEquals(1, h.aws.rds.calls("createInstance"));
    assertEquals(List.of("CredentialsCreated", "SecurityGroupCreated", "SecurityGroupCreated",
            "SecurityGroupRuleAdded", "SubnetGroupCreated", "DatabaseCreating", "LogGroupCreated"),
        r.actions().stream().map(Observed.Action::reason).toList());
    assertCondition(r, "Reconciling", "True", "DatabaseCreating");
    assertCondition(r, "Ready", "False", "DatabaseCreating");
    assertCondition(r, "Stalled", "False", "NotStalled");
    assertEquals("Provisioning", r.status().phase);
    assertEquals(1L, r.status().observedGeneration);
    assertTrue(r.progressing(), describe(r));
  }

  @Test
  void instanceIsCreatedAsTheSpecSaysInTheCreatedNetwork() {
    h.apply();
    DbInstance db = h.aws.rds.instance(h.dbId()).orElseThrow();
    String sg = h.aws.ec2.group(Stacks.VPC_ID, h.names.dbSecurityGroupName()).orElseThrow().id();
    assertEquals(List.of(sg), db.securityGroupIds());
    assertEquals(h.names.dbSubnetGroupName(), db.subnetGroupName());
    assertEquals(List.of("subnet-0aaa1111", "subnet-0bbb2222"),
        h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).orElseThrow().subnetIds());
    assertEquals("db.t3.micro", db.instanceClass());
    assertEquals(20, db.allocatedStorageGiB());
    assertTrue(h.names.ownedBy(db.tags()), "tags " + db.tags());
    assertEquals(List.of(PlanHarness.DEFAULT_REGION), h.aws.regionsAsked().stream().distinct().toList());
  }

  @Test
  void regionInTheSpecWinsOverTheDefault() {
    h.stack.getSpec().region = "eu-west-1";
    h.apply();
    assertEquals(List.of("eu-west-1"), h.aws.regionsAsked());
  }

  @Test
  void secondPassWhileCreatingCreatesNothingNew() {
    h.apply();
    int mutating = h.aws.mutatingCalls();
    StackPlan.Result r = h.apply();
    assertEquals(mutating, h.aws.mutatingCalls(), "calls after 2nd pass: " + h.aws.describeCalls());
    assertEquals(List.of(), r.actions());
    assertCondition(r, "Reconciling", "True", "DatabaseBusy");
    assertEquals("creating", r.status().database.status);
  }

  @Test
  void availableDatabaseAloneDoesNotMakeTheStackReady() {
    h.apply();
    h.aws.finishPending();
    StackPlan.Result r = h.apply();
    assertCondition(r, "DatabaseReady", "True", "DatabaseAvailable");
    assertCondition(r, "Ready", "False", "Migrating");
    assertCondition(r, "MigrationsSucceeded", "False", "Migrating");
    assertCondition(r, "ServiceReady", "False", "Waiting");
    assertEquals("Migrating", r.status().phase);
    assertTrue(r.progressing(), describe(r));
  }

  @Test
  void stackIsReadyOnceAwsFinishesAndReportsTheDatabase() {
    StackPlan.Result r = h.applyUntilReady();
    assertCondition(r, "Ready", "True", "StackReady");
    assertCondition(r, "Reconciling", "False", "Idle");
    assertCondition(r, "Stalled", "False", "NotStalled");
    assertCondition(r, "DatabaseReady", "True", "DatabaseAvailable");
    assertEquals("Ready", r.status().phase);
    AppStackStatus.DatabaseStatus db = r.status().database;
    assertEquals(h.dbId(), db.identifier);
    assertEquals(h.dbId() + ".fake.rds.amazonaws.com", db.endpoint);
    assertEquals(FakeRdsGateway.PORT, db.port);
    assertEquals("available", db.status);
    assertEquals(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).orElseThrow().arn(), db.credentialsSecretArn);
    assertNull(r.status().drift, "RDS picked minor " + h.aws.rds.instance(h.dbId()).orElseThrow().engineVersion()
        + " for spec 16; that is no drift");
  }

  @Test
  void furtherPassesOnAReadyStackCreateNoDuplicates() {
    h.applyUntilReady();
    int mutating = h.aws.mutatingCalls();
    for (int i = 0; i < 2; i++) {
      StackPlan.Result r = h.apply();
      assertCondition(r, "Ready", "True", "StackReady");
      assertEquals(List.of(), r.actions());
    }
    assertEquals(mutating, h.aws.mutatingCalls(), h.aws.describeCalls());
    assertEquals(1, h.aws.rds.calls("createInstance"));
    assertEquals(1, h.aws.secrets.calls("create"));
  }

  @Test
  void masterPasswordReachesCreateInstanceButNeverStatusOrEvents() throws Exception {
    List<StackPlan.Result> passes = new ArrayList<>();
    passes.add(h.apply());
    h.aws.finishPending();
    passes.add(h.apply());
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 10);
    passes.add(h.apply());

    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 20);
    h.aws.finishPending();
    passes.add(h.apply());

    String secret = h.aws.secrets.stored(h.names.dbCredentialsSecretName()).orElseThrow();
    String password = new ObjectMapper().readTree(secret).path("password").asText();
    String url = new ObjectMapper().readTree(secret).path("url").asText();
    assertTrue(password.length() >= 16, "generated password is too short: " + password.length() + " chars");
    assertTrue(url.contains(password), "DATABASE_URL carries the password: " + url.length() + " chars");
    assertEquals(password, h.aws.rds.masterPassword(h.dbId()).orElseThrow(), "createInstance got another password");
    ObjectMapper json = new ObjectMapper();
    for (StackPlan.Result r : passes) {
      assertFalse(json.writeValueAsString(r.status()).contains(password), "password in status");
      assertFalse(r.actions().toString().contains(password), "password in actions (events)");
      assertFalse(r.outcomes().toString().contains(password), "password in outcomes");
    }
    List<String> revisions = h.aws.ecs.allRevisionsOf(h.names.taskFamily());
    assertFalse(revisions.isEmpty(), "no task definition was registered");
    for (String arn : revisions) {
      assertFalse(h.aws.ecs.revision(arn).orElseThrow().toString().contains(password), "password in " + arn);
    }
  }

  @Test
  void changingInstanceClassLeadsToExactlyOneModify() {
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.instanceClass = "db.t3.small");

    StackPlan.Result modifying = h.apply();
    assertCondition(modifying, "Reconciling", "True", "DatabaseModifying");
    assertEquals(2L, modifying.status().observedGeneration);
    StackPlan.Result busy = h.apply();
    assertCondition(busy, "Reconciling", "True", "DatabaseBusy");
    h.aws.finishPending();
    StackPlan.Result ready = h.apply();

    assertCondition(ready, "Ready", "True", "StackReady");
    List<FakeRdsGateway.Modification> sent = h.aws.rds.modifications();
    assertEquals(List.of(new FakeRdsGateway.Modification(h.dbId(),
        new DbModification("db.t3.small", null, false, null, null, null, null, null, null))), sent);
    assertEquals("db.t3.small", h.aws.rds.instance(h.dbId()).orElseThrow().instanceClass());
  }

  @Test
  void severalSpecChangesGoInOneModify() {
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> {
      db.allocatedStorageGiB = 100;
      db.storageType = StorageType.gp2;
      db.backupRetentionDays = 14;
    });
    h.apply();
    h.aws.finishPending();
    assertCondition(h.apply(), "Ready", "True", "StackReady");
    assertEquals(1, h.aws.rds.calls("modifyInstance"), "modifications " + h.aws.rds.modifications());
    DbInstance db = h.aws.rds.instance(h.dbId()).orElseThrow();
    assertEquals(List.of(100, "gp2", 14), List.of(db.allocatedStorageGiB(), db.storageType(), db.backupRetentionDays()));
  }

  @Test
  void majorUpgradeIsSentWithAllowMajorVersionUpgrade() {
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.engineVersion = "17");
    StackPlan.Result r = h.apply();
    assertCondition(r, "Reconciling", "True", "DatabaseModifying");
    h.aws.finishPending();
    assertCondition(h.apply(), "Ready", "True", "StackReady");
    assertTrue(h.aws.rds.instance(h.dbId()).orElseThrow().engineVersion().startsWith("17."));
  }

  @Test
  void storageShrinkIsStalledChangeNotPossible() {
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 50);
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 30);

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "ChangeNotPossible");
    assertCondition(r, "Reconciling", "False", "Idle");
    assertCondition(r, "Ready", "False", "ChangeNotPossible");
    assertEquals("Failed", r.status().phase);
    assertTrue(PlanHarness.condition(r.status(), "Stalled").getMessage().contains("allocatedStorageGiB 50 -> 30"),
        describe(r));
    assertEquals(0, h.aws.rds.calls("modifyInstance"));
    assertNull(r.status().drift, "a spec change RDS cannot make is not drift");
  }

  /** The reconciler looks again soon only while a pass is progressing; a stall waits for a person. */
  @Test
  void stalledPassWithNothingUnderWayIsNotProgressing() {
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 50);
    h.applyUntilReady();
    Stacks.changeDatabase(h.stack, db -> db.allocatedStorageGiB = 30);

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "ChangeNotPossible");
    assertFalse(r.progressing(), describe(r));
  }

  @Test
  void terminalAwsFailureIsStalledAwsRejected() {
    h.aws.rds.failNext("createInstance", new AwsFailure("rds", "InstanceQuotaExceeded",
        "DB Instance quota exceeded", true, null));
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "AwsRejected");
    assertTrue(PlanHarness.condition(r.status(), "Stalled").getMessage().contains("InstanceQuotaExceeded"),
        describe(r));
    assertEquals("Failed", r.status().phase);
  }

  @Test
  void nonTerminalAwsFailurePropagates() {
    AwsFailure throttled = new AwsFailure("ec2", "RequestLimitExceeded", "Request limit exceeded.", false, null);
    h.aws.ec2.failNext("createSecurityGroup", throttled);
    AwsFailure thrown = assertThrows(AwsFailure.class, h::apply);
    assertSame(throttled, thrown);
    // The retry after the throttle converges without duplicates.
    h.apply();
    assertEquals(1, h.aws.secrets.calls("create"));
    assertEquals(3, h.aws.ec2.calls("createSecurityGroup"), "the throttled one, then the API's and the database's");
    assertEquals(2, h.aws.ec2.groups().size(), "groups " + h.aws.ec2.groups());
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }

  @Test
  void spuriousSubnetChangeIsCorrected() {
    h.applyUntilReady();
    h.stack.getSpec().network.privateSubnetIds = List.of("subnet-0aaa1111", "subnet-0ccc3333");
    StackPlan.Result r = h.apply();
    assertEquals(1, h.aws.rds.calls("modifySubnetGroup"));
    assertEquals(List.of("subnet-0aaa1111", "subnet-0ccc3333"),
        h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).orElseThrow().subnetIds());
    assertTrue(r.actions().stream().anyMatch(a -> a.reason().equals("SubnetGroupModified")), describe(r));
  }

  @Test
  void secretScheduledForDeletionIsRestored() {
    h.applyUntilReady();
    h.aws.secrets.scheduleDeletion(h.names.dbCredentialsSecretName(), PlanHarness.NOW);
    StackPlan.Result r = h.apply();
    assertEquals(1, h.aws.secrets.calls("restore"));
    assertNull(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).orElseThrow().deletedAt());
    assertCondition(r, "Ready", "True", "StackReady");
  }

  @Test
  void instanceDeletedOutsideTheOperatorIsReportedAndNotRecreatedWhileDeleting() {
    h.applyUntilReady();
    h.aws.rds.changeOutsideOperator(h.dbId(), i -> i.status = "deleting");
    StackPlan.Result r = h.apply();
    assertCondition(r, "Reconciling", "True", "DatabaseDeleting");
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }
}
