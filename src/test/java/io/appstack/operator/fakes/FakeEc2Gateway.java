package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway;
import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * In-memory VPC security groups with their ingress rules: group-to-group single-port TCP rules
 * and, as someone outside the operator might add them, rules of any other shape (a CIDR, a port
 * range, another protocol; see {@link #addCidrRule}). Like AWS
 * (DependencyViolation), a group cannot be deleted while it is in {@link #inUse}, while another
 * group's ingress rule names it as source, or, when built by {@link FakeAws}, while an RDS
 * instance, a replication group or an ECS service of the fake still uses it (their network
 * interfaces would). Duplicate rules and revoking a missing rule are quietly accepted, as the SDK
 * gateway does.
 */
public final class FakeEc2Gateway extends FakeGateway implements Ec2Gateway {
  private static final String SERVICE = "ec2";

  /** Knob: ids of groups AWS reports in use (DependencyViolation). */
  public final Set<String> inUse = new HashSet<>();
  private final Predicate<String> attached;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final List<String> deleteAttempts = new ArrayList<>();
  private long created;

  private static final class Group {
    String id;
    String name;
    String vpcId;
    Map<String, String> tags;
    final List<GroupRule> ingress = new ArrayList<>();
    final List<OtherRule> otherIngress = new ArrayList<>();

    SecurityGroup toRecord() {
      return new SecurityGroup(id, name, vpcId, tags, List.copyOf(ingress), List.copyOf(otherIngress));
    }
  }

  public FakeEc2Gateway() {
    this(new Journal(), id -> false);
  }

  /** @param attached whether something outside EC2 (an RDS instance, a cache, a service) holds the group */
  public FakeEc2Gateway(Journal journal, Predicate<String> attached) {
    super(new CallLog(Set.of("findSecurityGroup", "findManagedSecurityGroups", "createSecurityGroup", "deleteSecurityGroup", "allowFromGroup",
        "revokeFromGroup", "revokeIngress"), Set.of("createSecurityGroup", "allowFromGroup")), journal,
        Set.of("createSecurityGroup", "deleteSecurityGroup", "allowFromGroup", "revokeFromGroup", "revokeIngress"));
    this.attached = attached;
  }

  @Override
  public synchronized Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName) {
    log.enter("findSecurityGroup");
    return group(vpcId, groupName);
  }

  /** As DescribeSecurityGroups filtered on group-name (a trailing * matching any rest) and the managed-by tag. */
  @Override
  public synchronized List<SecurityGroup> findManagedSecurityGroups(List<String> namePatterns) {
    log.enter("findManagedSecurityGroups");
    return groups().stream().filter(g -> namePatterns.stream().anyMatch(p -> p.endsWith("*")
            ? g.name().startsWith(p.substring(0, p.length() - 1)) : g.name().equals(p))
        && StackNames.MANAGED_BY.equals(g.tags().get(StackNames.MANAGED_BY_TAG))).toList();
  }

  @Override
  public synchronized String createSecurityGroup(String vpcId, String groupName, String description,
      Map<String, String> tags) {
    log.enter("createSecurityGroup");
    if (groupName.startsWith("sg-")) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "Group names may not be in the format sg-*.", true, null);
    }
    if (group(vpcId, groupName).isPresent()) {
      throw new AwsFailure(SERVICE, "InvalidGroup.Duplicate",
          "The security group '" + groupName + "' already exists for VPC '" + vpcId + "'", false, null);
    }
    String id = put(vpcId, groupName, tags);
    journal.record(SERVICE, "createSecurityGroup", groupName);
    log.exit("createSecurityGroup");
    return id;
  }

  @Override
  public synchronized void allowFromGroup(String groupId, int port, String sourceGroupId) {
    log.enter("allowFromGroup");
    Group g = require(groupId);
    require(sourceGroupId);
    if (port < 0 || port > 65535) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "Invalid port " + port, true, null);
    }
    GroupRule rule = new GroupRule(port, sourceGroupId);
    if (!g.ingress.contains(rule)) {
      g.ingress.add(rule);
      journal.record(SERVICE, "allowFromGroup", groupId + " " + port + " " + sourceGroupId);
    }
    log.exit("allowFromGroup");
  }

  @Override
  public synchronized void revokeFromGroup(String groupId, int port, String sourceGroupId) {
    log.enter("revokeFromGroup");
    Group g = require(groupId);
    if (g.ingress.remove(new GroupRule(port, sourceGroupId))) {
      journal.record(SERVICE, "revokeFromGroup", groupId + " " + port + " " + sourceGroupId);
    }
  }

  /** Removes a rule of another shape; like the SDK gateway, a missing rule is not an error. */
  @Override
  public synchronized void revokeIngress(String groupId, OtherRule rule) {
    log.enter("revokeIngress");
    Group g = require(groupId);
    if (g.otherIngress.remove(rule)) {
      journal.record(SERVICE, "revokeIngress", groupId + " " + rule);
    }
  }

  /** Like the SDK gateway: false while in use, true when deleted or already gone. */
  @Override
  public synchronized boolean deleteSecurityGroup(String groupId) {
    log.enter("deleteSecurityGroup");
    deleteAttempts.add(groupId);
    if (!groups.containsKey(groupId)) {
      return true;
    }
    if (inUse.contains(groupId) || attached.test(groupId) || referencedByAnotherGroup(groupId)) {
      journal.record(SERVICE, "deleteSecurityGroupRefused", groupId);
      return false;
    }
    groups.remove(groupId);
    journal.record(SERVICE, "deleteSecurityGroup", groupId);
    return true;
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** Creates a group directly, as if someone did outside the operator; returns its id. */
  public synchronized String put(String vpcId, String groupName, Map<String, String> tags) {
    Group g = new Group();
    g.id = String.format("sg-%017x", ++created);
    g.name = groupName;
    g.vpcId = vpcId;
    g.tags = Map.copyOf(tags);
    groups.put(g.id, g);
    return g.id;
  }

  /**
   * Adds a rule as someone would outside the operator, e.g. {@code addCidrRule(db, "tcp", 5432,
   * 5432, "0.0.0.0/0")}; protocol "-1" (all traffic) takes null ports. Returns the rule as the
   * gateway reads it back.
   */
  public synchronized OtherRule addCidrRule(String groupId, String protocol, Integer fromPort, Integer toPort,
      String cidr) {
    return addOtherRule(groupId, new OtherRule(protocol, fromPort, toPort, cidr));
  }

  /** Adds any rule that is not a single-port TCP rule from a group, outside the operator. */
  public synchronized OtherRule addOtherRule(String groupId, OtherRule rule) {
    boolean groupRuleShape = "tcp".equals(rule.protocol()) && rule.fromPort() != null
        && rule.fromPort().equals(rule.toPort()) && rule.source().startsWith("sg-");
    if (groupRuleShape) {
      throw new IllegalArgumentException(rule + " is a group rule: use allowFromGroup or addGroupRule");
    }
    Group g = require(groupId);
    if (!g.otherIngress.contains(rule)) {
      g.otherIngress.add(rule);
    }
    return rule;
  }

  /** Adds a single-port TCP rule from a group outside the operator, without counting a call. */
  public synchronized void addGroupRule(String groupId, int port, String sourceGroupId) {
    Group g = require(groupId);
    require(sourceGroupId);
    GroupRule rule = new GroupRule(port, sourceGroupId);
    if (!g.ingress.contains(rule)) {
      g.ingress.add(rule);
    }
  }

  /** Removes a group rule outside the operator, without counting a call. */
  public synchronized void removeGroupRule(String groupId, int port, String sourceGroupId) {
    require(groupId).ingress.remove(new GroupRule(port, sourceGroupId));
  }

  public synchronized Optional<SecurityGroup> group(String id) {
    return Optional.ofNullable(groups.get(id)).map(Group::toRecord);
  }

  public synchronized Optional<SecurityGroup> group(String vpcId, String groupName) {
    return groups.values().stream().filter(g -> g.vpcId.equals(vpcId) && g.name.equals(groupName)).findFirst()
        .map(Group::toRecord);
  }

  public synchronized List<SecurityGroup> groups() {
    return groups.values().stream().map(Group::toRecord).toList();
  }

  /** Ids deleteSecurityGroup was called with, in order, whether or not the group was deleted. */
  public synchronized List<String> deleteAttempts() {
    return List.copyOf(deleteAttempts);
  }

  private boolean referencedByAnotherGroup(String groupId) {
    return groups.values().stream().anyMatch(g -> !g.id.equals(groupId)
        && (g.ingress.stream().anyMatch(r -> r.sourceGroupId().equals(groupId))
            || g.otherIngress.stream().anyMatch(r -> r.source().equals(groupId))));
  }

  private Group require(String groupId) {
    Group g = groups.get(groupId);
    if (g == null) {
      throw new AwsFailure(SERVICE, "InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist",
          false, null);
    }
    return g;
  }
}
