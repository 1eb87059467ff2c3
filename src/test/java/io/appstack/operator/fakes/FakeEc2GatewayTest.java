package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The EC2 fake keeps group-to-group rules and refuses deletions AWS refuses (DependencyViolation). */
class FakeEc2GatewayTest {
  private static final String VPC = "vpc-1";
  private final Set<String> attached = new HashSet<>();
  private final FakeEc2Gateway ec2 = new FakeEc2Gateway(new Journal(), attached::contains);

  @Test
  void createdGroupIsFoundByVpcAndNameWithTagsAndNoRules() {
    String id = ec2.createSecurityGroup(VPC, "appstack-x-api", "d", Map.of("k", "v"));
    var found = ec2.findSecurityGroup(VPC, "appstack-x-api").orElseThrow();
    assertEquals(List.of(id, "appstack-x-api", VPC, Map.of("k", "v"), List.of()),
        List.of(found.id(), found.name(), found.vpcId(), found.tags(), found.ingress()));
    assertTrue(ec2.findSecurityGroup("vpc-2", "appstack-x-api").isEmpty(), "groups belong to a VPC");
  }

  @Test
  void duplicateNameInVpcAndSgPrefixAreRefused() {
    ec2.createSecurityGroup(VPC, "g", "d", Map.of());
    assertEquals("InvalidGroup.Duplicate",
        assertThrows(AwsFailure.class, () -> ec2.createSecurityGroup(VPC, "g", "d", Map.of())).code());
    AwsFailure prefix = assertThrows(AwsFailure.class, () -> ec2.createSecurityGroup(VPC, "sg-x", "d", Map.of()));
    assertTrue(prefix.terminal(), "a person has to pick another name");
  }

  @Test
  void allowAddsOneRuleAndRepeatingItChangesNothing() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    ec2.allowFromGroup(db, 5432, api);
    assertEquals(List.of(new GroupRule(5432, api)), ec2.group(db).orElseThrow().ingress());
    assertTrue(ec2.group(db).orElseThrow().allows(5432, api));
    assertFalse(ec2.group(db).orElseThrow().allows(6379, api));
    assertEquals(List.of(), ec2.group(api).orElseThrow().ingress(), "the source group gets no rule");
  }

  @Test
  void revokeRemovesTheRuleAndRevokingAgainIsHarmless() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    ec2.revokeFromGroup(db, 5432, api);
    ec2.revokeFromGroup(db, 5432, api);
    assertEquals(List.of(), ec2.group(db).orElseThrow().ingress());
  }

  @Test
  void ruleFromOrToAMissingGroupIsRefused() {
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    assertEquals("InvalidGroup.NotFound",
        assertThrows(AwsFailure.class, () -> ec2.allowFromGroup(db, 5432, "sg-404")).code());
    assertEquals("InvalidGroup.NotFound",
        assertThrows(AwsFailure.class, () -> ec2.allowFromGroup("sg-404", 5432, db)).code());
  }

  @Test
  void groupNamedAsSourceByAnotherGroupCannotBeDeleted() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    assertFalse(ec2.deleteSecurityGroup(api), "db's rule still names api");
    assertTrue(ec2.group(api).isPresent());
    ec2.revokeFromGroup(db, 5432, api);
    assertTrue(ec2.deleteSecurityGroup(api));
  }

  @Test
  void deletingTheReferencingGroupReleasesTheSource() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    assertTrue(ec2.deleteSecurityGroup(db), "a group's own rules do not hold it");
    assertTrue(ec2.deleteSecurityGroup(api));
  }

  @Test
  void groupIsNotDeletedWhileAttachedOrMarkedInUse() {
    String sg = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    attached.add(sg);
    assertFalse(ec2.deleteSecurityGroup(sg), "something outside EC2 holds it");
    attached.remove(sg);
    ec2.inUse.add(sg);
    assertFalse(ec2.deleteSecurityGroup(sg), "in-use knob");
    ec2.inUse.remove(sg);
    assertTrue(ec2.deleteSecurityGroup(sg));
    assertTrue(ec2.group(sg).isEmpty());
    assertTrue(ec2.deleteSecurityGroup(sg), "already gone counts as deleted");
    assertEquals(List.of(sg, sg, sg, sg), ec2.deleteAttempts());
  }

  @Test
  void mutatingCallsCountCreateAllowRevokeAndDeleteButNotFind() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    ec2.revokeFromGroup(db, 5432, api);
    ec2.deleteSecurityGroup(db);
    ec2.findSecurityGroup(VPC, "api");
    assertEquals(5, ec2.mutatingCalls(), ec2.calls().toString());
  }
}
