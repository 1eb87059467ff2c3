package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * In-memory VPC security groups. A group cannot be deleted while it is in {@link #inUse} or, when
 * built by {@link FakeAws}, while an RDS instance of the fake still lists it (as its network
 * interfaces would keep it in use).
 */
public final class FakeEc2Gateway extends FakeGateway implements Ec2Gateway {
  private static final String SERVICE = "ec2";

  /** Knob: ids of groups AWS reports in use (DependencyViolation). */
  public final Set<String> inUse = new HashSet<>();
  private final Predicate<String> attached;
  private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
  private long created;

  public FakeEc2Gateway() {
    this(id -> false);
  }

  /** @param attached whether something outside EC2 (an RDS instance) holds the group */
  public FakeEc2Gateway(Predicate<String> attached) {
    super(new CallLog(Set.of("findSecurityGroup", "createSecurityGroup", "deleteSecurityGroup"),
        Set.of("createSecurityGroup")));
    this.attached = attached;
  }

  @Override
  public synchronized Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName) {
    log.enter("findSecurityGroup");
    return group(vpcId, groupName);
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
    log.exit("createSecurityGroup");
    return id;
  }

  /** Like the SDK gateway: false while in use, true when deleted or already gone. */
  @Override
  public synchronized boolean deleteSecurityGroup(String groupId) {
    log.enter("deleteSecurityGroup");
    if (!groups.containsKey(groupId)) {
      return true;
    }
    if (inUse.contains(groupId) || attached.test(groupId)) {
      return false;
    }
    groups.remove(groupId);
    return true;
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------





  /** Creates a group directly, as if someone did outside the operator; returns its id. */
  public synchronized String put(String vpcId, String groupName, Map<String, String> tags) {
    String id = String.format("sg-%017x", ++created);
    groups.put(id, new SecurityGroup(id, groupName, vpcId, Map.copyOf(tags)));
    return id;
  }

  public synchronized Optional<SecurityGroup> group(String id) {
    return Optional.ofNullable(groups.get(id));
  }

  public synchronized Optional<SecurityGroup> group(String vpcId, String groupName) {
    return groups.values().stream().filter(g -> g.vpcId().equals(vpcId) && g.name().equals(groupName)).findFirst();
  }
}
