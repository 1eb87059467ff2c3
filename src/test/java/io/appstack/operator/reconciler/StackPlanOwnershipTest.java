package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resources with the stack's names but not its ownership tags are never used, changed or deleted. */
class StackPlanOwnershipTest {
  private final PlanHarness h = new PlanHarness();

  @Test
  void untaggedInstanceIsStalledNotOwnedAndLeftAlone() {
    h.aws.untaggedInstance(h.names);
    DbInstance before = h.aws.rds.instance(h.dbId()).orElseThrow();

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "NotOwned");
    assertEquals("Failed", r.status().phase);
    assertNull(r.status().database.endpoint, "someone else's endpoint must not be published");
    h.apply();
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(5);

    assertEquals(before, h.aws.rds.instance(h.dbId()).orElseThrow());
    assertEquals(0, h.aws.rds.calls("modifyInstance"));
    assertEquals(0, h.aws.rds.calls("deleteInstance"));
    assertEquals(0, h.aws.rds.calls("createInstance"));
  }

  @Test
  void untaggedSecretIsStalledNotOwnedAndLeftAlone() {
    String arn = h.aws.untaggedSecret(h.names, "{\"password\":\"theirs\"}");

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "NotOwned");
    assertEquals(0, h.aws.secrets.calls("value"), "someone else's secret value was read");
    assertEquals(0, h.aws.rds.calls("createInstance"));
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(5);

    assertEquals(arn, h.aws.secrets.secret(h.names.dbCredentialsSecretName()).orElseThrow().arn());
    assertEquals("{\"password\":\"theirs\"}", h.aws.secrets.stored(arn).orElseThrow());
    assertEquals(0, h.aws.secrets.calls("deleteNow"));
  }

  @Test
  void untaggedSecurityGroupIsStalledNotOwnedAndLeftAlone() {
    String sg = h.aws.untaggedSecurityGroup(h.names, Stacks.VPC_ID);

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "NotOwned");
    assertTrue(PlanHarness.condition(r.status(), "Stalled").getMessage().contains(h.names.dbSecurityGroupName()),
        describe(r));
    assertEquals(0, h.aws.rds.calls("createSubnetGroup"));
    assertEquals(0, h.aws.rds.calls("createInstance"));
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(5);

    assertTrue(h.aws.ec2.group(sg).isPresent(), "someone else's security group was deleted");
    assertEquals(0, h.aws.ec2.calls("deleteSecurityGroup"));
  }

  @Test
  void untaggedSubnetGroupIsStalledNotOwnedAndLeftAlone() {
    h.aws.rds.seedSubnetGroup(h.names.dbSubnetGroupName(), Stacks.SUBNET_IDS, Map.of());

    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "NotOwned");
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(5);

    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isPresent());
    assertEquals(0, h.aws.rds.calls("modifySubnetGroup"));
    assertEquals(0, h.aws.rds.calls("deleteSubnetGroup"));
  }

  @Test
  void anotherStacksResourcesAreNotOwned() {
    // Same names, but tagged by a different stack (e.g. a resource left by a stack in another cluster).
    h.aws.secrets.put(h.names.dbCredentialsSecretName(), "{}",
        StackNames.of("staging", "shop-old").tags());
    assertCondition(h.apply(), "Stalled", "True", "NotOwned");
  }
}
