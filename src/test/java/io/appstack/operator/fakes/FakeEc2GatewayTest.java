package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.OtherRule;
import io.appstack.operator.naming.StackNames;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The EC2 fake keeps group-to-group and other rules and refuses deletions AWS refuses (DependencyViolation). */
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
  void managedGroupsAreFoundByNameOrPrefixAndTheManagedByTag() {
    Map<String, String> managed = Map.of(StackNames.MANAGED_BY_TAG, StackNames.MANAGED_BY);
    ec2.createSecurityGroup(VPC, "appstack-a-api", "d", managed);
    ec2.createSecurityGroup("vpc-2", "appstack-a-db", "d", managed);
    ec2.createSecurityGroup(VPC, "appstack-b-api", "d", managed);
    ec2.createSecurityGroup(VPC, "appstack-a-cache", "d", Map.of());

    assertEquals(Set.of("appstack-a-api", "appstack-a-db"), Set.copyOf(ec2.findManagedSecurityGroups(
        List.of("appstack-a-*")).stream().map(g -> g.name()).toList()), "any VPC; untagged ones are not ours");
    assertEquals(List.of("appstack-b-api"), ec2.findManagedSecurityGroups(List.of("appstack-b-api", "appstack-c-*"))
        .stream().map(g -> g.name()).toList());
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
  void cidrRuleAddedOutsideIsReadAsAnOtherRuleBesideTheGroupRules() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    OtherRule open = ec2.addCidrRule(db, "tcp", 5432, 5432, "0.0.0.0/0");
    var group = ec2.findSecurityGroup(VPC, "db").orElseThrow();
    assertEquals(List.of(new OtherRule("tcp", 5432, 5432, "0.0.0.0/0")), group.otherIngress());
    assertEquals(List.of(new GroupRule(5432, api)), group.ingress(), "the group rule is kept apart");
    assertEquals(open, group.otherIngress().get(0));
    assertEquals(3, ec2.mutatingCalls(), "adding outside counts no call: " + ec2.calls());
  }

  @Test
  void rangesOtherProtocolsAndGroupSourcesOfOtherShapesAreOtherRules() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.addOtherRule(db, new OtherRule("tcp", 5000, 6000, api));
    ec2.addCidrRule(db, "-1", null, null, "10.0.0.0/8");
    ec2.addCidrRule(db, "udp", 53, 53, "10.0.0.0/8");
    assertEquals(3, ec2.group(db).orElseThrow().otherIngress().size());
    assertEquals(List.of(), ec2.group(db).orElseThrow().ingress());
    assertThrows(IllegalArgumentException.class, () -> ec2.addOtherRule(db, new OtherRule("tcp", 5432, 5432, api)),
        "a single-port TCP rule from a group is a GroupRule");
  }

  @Test
  void revokeIngressRemovesOnlyThatRuleAndRevokingAgainIsHarmless() {
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    OtherRule open = ec2.addCidrRule(db, "tcp", 5432, 5432, "0.0.0.0/0");
    OtherRule office = ec2.addCidrRule(db, "tcp", 5432, 5432, "203.0.113.0/24");
    ec2.revokeIngress(db, open);
    ec2.revokeIngress(db, open);
    assertEquals(List.of(office), ec2.group(db).orElseThrow().otherIngress());
    assertEquals(2, ec2.calls("revokeIngress"));
    assertEquals("InvalidGroup.NotFound",
        assertThrows(AwsFailure.class, () -> ec2.revokeIngress("sg-404", office)).code());
  }

  @Test
  void groupNamedAsSourceOfAnOtherRuleCannotBeDeleted() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    OtherRule range = ec2.addOtherRule(db, new OtherRule("tcp", 5000, 6000, api));
    assertFalse(ec2.deleteSecurityGroup(api), "db's range rule still names api");
    ec2.revokeIngress(db, range);
    assertTrue(ec2.deleteSecurityGroup(api));
  }

  @Test
  void groupRuleKnobsChangeRulesWithoutCountingCalls() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    int calls = ec2.mutatingCalls();
    ec2.addGroupRule(db, 22, api);
    assertEquals(List.of(new GroupRule(22, api)), ec2.group(db).orElseThrow().ingress());
    ec2.removeGroupRule(db, 22, api);
    assertEquals(List.of(), ec2.group(db).orElseThrow().ingress());
    assertEquals(calls, ec2.mutatingCalls(), ec2.calls().toString());
  }

  @Test
  void mutatingCallsCountCreateAllowRevokeAndDeleteButNotFind() {
    String api = ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    String db = ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    ec2.allowFromGroup(db, 5432, api);
    ec2.revokeFromGroup(db, 5432, api);
    ec2.revokeIngress(db, new OtherRule("tcp", 5432, 5432, "0.0.0.0/0"));
    ec2.deleteSecurityGroup(db);
    ec2.findSecurityGroup(VPC, "api");
    assertEquals(6, ec2.mutatingCalls(), ec2.calls().toString());
  }
}
