package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The fakes behave like the AWS behaviour the operator relies on; other tests trust them. */
class FakeAwsTest {
  private final FakeAws aws = new FakeAws();

  private DbInstanceSpec spec(String id, String sg) {
    return new DbInstanceSpec(id, "postgres", "16", "db.t3.micro", 20, "gp3", false, 7, false, "subnets",
        List.of(sg), "shop", "appstack", Map.of("k", "v"));
  }

  private DbInstanceSpec created(String id) {
    aws.rds.createSubnetGroup("subnets", "d", List.of("subnet-b", "subnet-a"), Map.of());
    String sg = aws.ec2.createSecurityGroup("vpc-1", "appstack-db", "d", Map.of());
    DbInstanceSpec s = spec(id, sg);
    aws.rds.createInstance(s, "password-123");
    return s;
  }

  @Test
  void createdInstanceIsCreatingWithoutEndpointUntilFinished() {
    created("db1");
    DbInstance creating = aws.rds.findInstance("db1").orElseThrow();
    assertEquals("creating", creating.status());
    assertNull(creating.endpoint());
    aws.finishPending();
    DbInstance up = aws.rds.findInstance("db1").orElseThrow();
    assertEquals(List.of("available", "db1.fake.rds.amazonaws.com", 5432, "16." + FakeRdsGateway.DEFAULT_MINOR),
        List.of(up.status(), up.endpoint(), up.port(), up.engineVersion()));
  }

  @Test
  void duplicateCreateIsTerminalDbInstanceAlreadyExists() {
    DbInstanceSpec s = created("db1");
    AwsFailure e = assertThrows(AwsFailure.class, () -> aws.rds.createInstance(s, "password-123"));
    assertEquals("DBInstanceAlreadyExists", e.code());
    assertTrue(e.terminal());
    assertEquals(2, aws.rds.calls("createInstance"));
  }

  @Test
  void createNeedsTheSubnetGroup() {
    AwsFailure e = assertThrows(AwsFailure.class, () -> aws.rds.createInstance(spec("db1", "sg-1"), "password-123"));
    assertEquals("DBSubnetGroupNotFoundFault", e.code());
  }

  @Test
  void modificationIsPendingUntilFinished() {
    created("db1");
    aws.finishPending();
    aws.rds.modifyInstance("db1", new DbModification("db.t3.small", null, false, 40, null, null, null, true, null));
    DbInstance modifying = aws.rds.findInstance("db1").orElseThrow();
    assertEquals("modifying", modifying.status());
    assertEquals("db.t3.micro", modifying.instanceClass());
    assertEquals("db.t3.small", modifying.pending().instanceClass());
    assertEquals(40, modifying.pending().allocatedStorageGiB());
    assertTrue(modifying.deletionProtection(), "deletion protection applies at once");
    aws.finishPending();
    DbInstance done = aws.rds.findInstance("db1").orElseThrow();
    assertEquals(List.of("available", "db.t3.small", 40), List.of(done.status(), done.instanceClass(),
        done.allocatedStorageGiB()));
    assertNull(done.pending().instanceClass());
  }

  @Test
  void majorUpgradeWithoutFlagIsRejected() {
    created("db1");
    aws.finishPending();
    AwsFailure e = assertThrows(AwsFailure.class, () -> aws.rds.modifyInstance("db1",
        new DbModification(null, "17", false, null, null, null, null, null, null)));
    assertTrue(e.terminal());
  }

  @Test
  void deleteWithSnapshotRecordsItAndRemovesTheInstanceWhenFinished() {
    created("db1");
    aws.finishPending();
    aws.rds.deleteInstance("db1", Optional.of("db1-final"));
    assertEquals("deleting", aws.rds.findInstance("db1").orElseThrow().status());
    aws.finishPending();
    assertTrue(aws.rds.findInstance("db1").isEmpty());
    assertEquals(Set.of("db1-final"), aws.rds.snapshots());
  }

  @Test
  void protectedInstanceCannotBeDeleted() {
    created("db1");
    aws.finishPending();
    aws.rds.changeOutsideOperator("db1", i -> i.deletionProtection = true);
    AwsFailure e = assertThrows(AwsFailure.class, () -> aws.rds.deleteInstance("db1", Optional.empty()));
    assertEquals("InvalidParameterCombination", e.code());
  }

  @Test
  void failNextThrowsOnceThenCallsSucceed() {
    AwsFailure boom = new AwsFailure("rds", "Throttling", "Rate exceeded", false, null);
    aws.rds.failNext("findInstance", boom);
    assertSame(boom, assertThrows(AwsFailure.class, () -> aws.rds.findInstance("x")));
    assertEquals(Optional.empty(), aws.rds.findInstance("x"));
    assertEquals(2, aws.rds.calls("findInstance"));
  }

  @Test
  void failNextRejectsUnknownOperation() {
    assertThrows(IllegalArgumentException.class,
        () -> aws.rds.failNext("createDbInstance", new AwsFailure("rds", "X", "x", false, null)));
  }

  @Test
  void securityGroupIsNotDeletedWhileInUseOrAttachedToAnInstance() {
    DbInstanceSpec s = created("db1");
    String sg = s.securityGroupIds().get(0);
    assertFalse(aws.ec2.deleteSecurityGroup(sg), "an RDS instance still uses it");
    aws.finishPending();
    aws.rds.deleteInstance("db1", Optional.empty());
    aws.finishPending();
    aws.ec2.inUse.add(sg);
    assertFalse(aws.ec2.deleteSecurityGroup(sg), "in-use knob");
    aws.ec2.inUse.remove(sg);
    assertTrue(aws.ec2.deleteSecurityGroup(sg));
    assertTrue(aws.ec2.group(sg).isEmpty());
    assertTrue(aws.ec2.deleteSecurityGroup(sg), "already gone counts as deleted");
  }

  @Test
  void secretsKeepValuesAndRefuseDuplicates() {
    String arn = aws.secrets.create("app/creds", "d", "{\"password\":\"p\"}", Map.of());
    assertTrue(arn.matches(".*:secret:app/creds-[A-Za-z0-9]{6}$"), arn);
    assertEquals("{\"password\":\"p\"}", aws.secrets.value(arn));
    AwsFailure e = assertThrows(AwsFailure.class, () -> aws.secrets.create("app/creds", "d", "x", Map.of()));
    assertEquals("ResourceExistsException", e.code());
    aws.secrets.deleteNow(arn);
    assertTrue(aws.secrets.find("app/creds").isEmpty());
  }

  @Test
  void factoryHandsOutTheSameGatewaysForEveryRegion() {
    assertSame(aws.factory().forRegion("us-east-1"), aws.factory().forRegion("eu-west-1"));
    assertSame(aws.rds, aws.gateways().rds());
  }
}
