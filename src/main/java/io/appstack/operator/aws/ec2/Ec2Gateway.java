package io.appstack.operator.aws.ec2;

import java.util.Map;
import java.util.Optional;

/** The EC2 (VPC security group) calls the operator makes. */
public interface Ec2Gateway {

  Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName);

  /** Creates the group, tagged at creation, and returns its id. */
  String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags);

  /** Deletes the group; returns false while AWS still has it in use (DependencyViolation). */
  boolean deleteSecurityGroup(String groupId);

  /** A security group as read from AWS. */
  record SecurityGroup(String id, String name, String vpcId, Map<String, String> tags) {}
}
