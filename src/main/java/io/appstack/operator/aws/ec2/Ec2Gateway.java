package io.appstack.operator.aws.ec2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The EC2 (VPC security group) calls the operator makes. */
public interface Ec2Gateway {

  Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName);

  /**
   * The groups tagged as managed by the operator whose names match one of {@code namePatterns}
   * (a name, or a prefix ending in {@code *} as EC2 filters take), in any VPC: one
   * DescribeSecurityGroups call per 200 patterns (EC2's limit of values in a filter).
   */
  default List<SecurityGroup> findManagedSecurityGroups(List<String> namePatterns) {
    throw new UnsupportedOperationException("this gateway does not list security groups");
  }

  /** Creates the group, tagged at creation, and returns its id. */
  String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags);

  /** Deletes the group; returns false while AWS still has it in use (DependencyViolation). */
  boolean deleteSecurityGroup(String groupId);

  /** Allows TCP {@code port} into {@code groupId} from members of {@code sourceGroupId}. */
  void allowFromGroup(String groupId, int port, String sourceGroupId);

  /** Removes such a rule. */
  void revokeFromGroup(String groupId, int port, String sourceGroupId);

  /** Removes a rule of another shape (a CIDR, a port range, another protocol). */
  void revokeIngress(String groupId, OtherRule rule);

  /**
   * A security group as read from AWS: {@code ingress} holds its single-port TCP rules from a
   * source group, {@code otherIngress} every other rule (the operator makes none of those).
   */
  record SecurityGroup(String id, String name, String vpcId, Map<String, String> tags, List<GroupRule> ingress,
      List<OtherRule> otherIngress) {

    public SecurityGroup(String id, String name, String vpcId, Map<String, String> tags, List<GroupRule> ingress) {
      this(id, name, vpcId, tags, ingress, List.of());
    }


    public boolean allows(int port, String sourceGroupId) {
      return ingress.contains(new GroupRule(port, sourceGroupId));
    }
  }

  /** TCP {@code port} open to members of {@code sourceGroupId}. */
  record GroupRule(int port, String sourceGroupId) {}

  /** Any other ingress rule; source is a CIDR, a prefix list or a group. Protocol "-1" is all. */
  record OtherRule(String protocol, Integer fromPort, Integer toPort, String source) {
    @Override
    public String toString() {
      return protocol + " " + (fromPort == null ? "all" : fromPort + "-" + toPort) + " from " + source;
    }
  }
}
