package io.appstack.operator.aws.ec2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The EC2 (VPC security group) calls the operator makes. */
public interface Ec2Gateway {

  Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName);

  /** Creates the group, tagged at creation, and returns its id. */
  String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags);

  /** Deletes the group; returns false while AWS still has it in use (DependencyViolation). */
  boolean deleteSecurityGroup(String groupId);

  /** Allows TCP {@code port} into {@code groupId} from members of {@code sourceGroupId}. */
  void allowFromGroup(String groupId, int port, String sourceGroupId);

  /** Removes such a rule. */
  void revokeFromGroup(String groupId, int port, String sourceGroupId);

  /** A security group as read from AWS, with its ingress rules that name a source group. */
  record SecurityGroup(String id, String name, String vpcId, Map<String, String> tags, List<GroupRule> ingress) {

    public boolean allows(int port, String sourceGroupId) {
      return ingress.contains(new GroupRule(port, sourceGroupId));
    }
  }

  /** TCP {@code port} open to members of {@code sourceGroupId}. */
  record GroupRule(int port, String sourceGroupId) {}
}
