package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    assertCondition(r, "NetworkReady", "False", "NotOwned");
    assertTrue(PlanHarness.condition(r.status(), "Stalled").getMessage().contains(h.names.dbSecurityGroupName()),
        describe(r));
    assertEquals(0, h.aws.rds.calls("createInstance"));
    assertEquals(0, h.aws.ecs.calls("registerTaskDefinition"));
    assertEquals(List.of(), h.aws.ec2.group(sg).orElseThrow().ingress(), "a rule was added to someone else's group");
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(5);

    assertEquals(Map.of("team", "legacy"), h.aws.ec2.group(sg).orElseThrow().tags(),
        "someone else's security group was deleted or changed");
    assertFalse(h.aws.ec2.deleteAttempts().contains(sg), "deletes tried: " + h.aws.ec2.deleteAttempts());
    assertTrue(h.securityGroup(h.names.apiSecurityGroupName()).isEmpty(), "the stack's own API group is left");
  }

  @Test
  void untaggedLogGroupIsStalledNotOwnedAndLeftAlone() {
    h.aws.untaggedLogGroup(h.names);

    StackPlan.Result r = h.applyUntil(x -> PlanHarness.isTrue(x, "Stalled"), "Stalled");
    assertCondition(r, "Stalled", "True", "NotOwned");
    assertEquals(0, h.aws.ecs.calls("registerTaskDefinition"), "a task definition would log into their group");
    assertEquals(0, h.aws.logs.calls("setRetention"));
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    assertEquals(7, h.aws.logs.group(h.names.logGroupName()).orElseThrow().retentionDays());
    assertEquals(0, h.aws.logs.calls("deleteLogGroup"));
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
  void untaggedServiceIsStalledNotOwnedAndLeftAlone() {
    h.aws.ecs.seedService(new ServiceSpec(PlanHarness.DEFAULT_CLUSTER, h.names.serviceName(),
        "arn:aws:ecs:us-east-1:123456789012:task-definition/legacy:7", 3, List.of("subnet-0ccc3333"),
        List.of("sg-0legacy"), Optional.empty(), Map.of("team", "legacy")));
    Service before = h.service().orElseThrow();

    StackPlan.Result r = h.applyUntil(x -> PlanHarness.isTrue(x, "Stalled"), "Stalled");
    assertCondition(r, "Stalled", "True", "NotOwned");
    assertCondition(r, "ServiceReady", "False", "NotOwned");
    Stacks.changeDatabase(h.stack, db -> db.deletionPolicy = DeletionPolicy.Delete);
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    assertEquals(before, h.service().orElseThrow(), "someone else's service was changed");
    assertEquals(0, h.aws.ecs.calls("updateService"));
    assertEquals(0, h.aws.ecs.calls("deleteService"));
    assertEquals(0, h.aws.ecs.calls("createService"));
  }

  @Test
  void anotherStacksResourcesAreNotOwned() {
    // Same names, but tagged by a different stack (e.g. a resource left by a stack in another cluster).
    h.aws.secrets.put(h.names.dbCredentialsSecretName(), "{}",
        StackNames.of("staging", "shop-old").tags());
    assertCondition(h.apply(), "Stalled", "True", "NotOwned");
  }
}
