package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The RDS fake behaves like the RDS behaviour the operator relies on; other tests trust it. */
class FakeRdsGatewayTest {
  private final FakeRdsGateway rds = new FakeRdsGateway();

  private DbInstanceSpec spec(String id, String sg) {
    return new DbInstanceSpec(id, "postgres", "16", "db.t3.micro", 20, "gp3", false, 7, false, "subnets",
        List.of(sg), "shop", "appstack", Map.of("k", "v"));
  }

  private DbInstanceSpec created(String id) {
    rds.createSubnetGroup("subnets", "d", List.of("subnet-b", "subnet-a"), Map.of());
    DbInstanceSpec s = spec(id, "sg-1");
    rds.createInstance(s, "password-123");
    return s;
  }

  @Test
  void createdInstanceIsCreatingWithoutEndpointUntilFinished() {
    created("db1");
    DbInstance creating = rds.findInstance("db1").orElseThrow();
    assertEquals("creating", creating.status());
    assertNull(creating.endpoint());
    rds.finishPending();
    DbInstance up = rds.findInstance("db1").orElseThrow();
    assertEquals(List.of("available", "db1.fake.rds.amazonaws.com", 5432, "16." + FakeRdsGateway.DEFAULT_MINOR),
        List.of(up.status(), up.endpoint(), up.port(), up.engineVersion()));
  }

  @Test
  void duplicateCreateIsTerminalDbInstanceAlreadyExists() {
    DbInstanceSpec s = created("db1");
    AwsFailure e = assertThrows(AwsFailure.class, () -> rds.createInstance(s, "password-123"));
    assertEquals("DBInstanceAlreadyExists", e.code());
    assertTrue(e.terminal());
    assertEquals(2, rds.calls("createInstance"));
  }

  @Test
  void createNeedsTheSubnetGroup() {
    AwsFailure e = assertThrows(AwsFailure.class, () -> rds.createInstance(spec("db1", "sg-1"), "password-123"));
    assertEquals("DBSubnetGroupNotFoundFault", e.code());
  }

  @Test
  void modificationIsPendingUntilFinished() {
    created("db1");
    rds.finishPending();
    rds.modifyInstance("db1", new DbModification("db.t3.small", null, false, 40, null, null, null, true, null));
    DbInstance modifying = rds.findInstance("db1").orElseThrow();
    assertEquals("modifying", modifying.status());
    assertEquals("db.t3.micro", modifying.instanceClass());
    assertEquals("db.t3.small", modifying.pending().instanceClass());
    assertEquals(40, modifying.pending().allocatedStorageGiB());
    assertTrue(modifying.deletionProtection(), "deletion protection applies at once");
    rds.finishPending();
    DbInstance done = rds.findInstance("db1").orElseThrow();
    assertEquals(List.of("available", "db.t3.small", 40), List.of(done.status(), done.instanceClass(),
        done.allocatedStorageGiB()));
    assertNull(done.pending().instanceClass());
  }

  @Test
  void majorUpgradeWithoutFlagIsRejected() {
    created("db1");
    rds.finishPending();
    AwsFailure e = assertThrows(AwsFailure.class, () -> rds.modifyInstance("db1",
        new DbModification(null, "17", false, null, null, null, null, null, null)));
    assertTrue(e.terminal());
  }

  @Test
  void deleteWithSnapshotRecordsItAndRemovesTheInstanceWhenFinished() {
    created("db1");
    rds.finishPending();
    rds.deleteInstance("db1", Optional.of("db1-final"));
    assertEquals("deleting", rds.findInstance("db1").orElseThrow().status());
    rds.finishPending();
    assertTrue(rds.findInstance("db1").isEmpty());
    assertEquals(Set.of("db1-final"), rds.snapshots());
  }

  @Test
  void protectedInstanceCannotBeDeleted() {
    created("db1");
    rds.finishPending();
    rds.changeOutsideOperator("db1", i -> i.deletionProtection = true);
    AwsFailure e = assertThrows(AwsFailure.class, () -> rds.deleteInstance("db1", Optional.empty()));
    assertEquals("InvalidParameterCombination", e.code());
  }

  @Test
  void subnetGroupCannotBeDeletedWhileAnInstanceUsesIt() {
    created("db1");
    rds.finishPending();
    AwsFailure e = assertThrows(AwsFailure.class, () -> rds.deleteSubnetGroup("subnets"));
    assertEquals("InvalidDBSubnetGroupStateFault", e.code());
  }

  @Test
  void instanceHoldsItsSecurityGroupUntilGone() {
    created("db1");
    rds.finishPending();
    rds.deleteInstance("db1", Optional.empty());
    assertTrue(rds.usesSecurityGroup("sg-1"), "a deleting instance still has its network interfaces");
    rds.finishPending();
    assertTrue(!rds.usesSecurityGroup("sg-1"), "a deleted instance holds nothing");
  }

  @Test
  void failNextThrowsOnceThenCallsSucceed() {
    AwsFailure boom = new AwsFailure("rds", "Throttling", "Rate exceeded", false, null);
    rds.failNext("findInstance", boom);
    assertSame(boom, assertThrows(AwsFailure.class, () -> rds.findInstance("x")));
    assertEquals(Optional.empty(), rds.findInstance("x"));
    assertEquals(2, rds.calls("findInstance"));
  }

  @Test
  void failNextRejectsUnknownOperation() {
    assertThrows(IllegalArgumentException.class,
        () -> rds.failNext("createDbInstance", new AwsFailure("rds", "X", "x", false, null)));
  }
}
