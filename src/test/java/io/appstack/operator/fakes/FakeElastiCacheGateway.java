package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory ElastiCache. A created replication group is {@code creating} without an endpoint
 * until {@link #finishPending()} makes it {@code available} at "&lt;id&gt;.fake.cache.amazonaws.com"
 * port 6379; a deleted one is {@code deleting} (still listed, endpoint and all) until
 * {@link #finishPending()} removes it. Only an available group can be deleted, and a cache
 * subnet group cannot be deleted while a replication group uses it. Errors carry the codes and
 * terminal flags {@code AwsErrors} gives real ones, except CacheSubnetGroupInUse, which the fake
 * makes terminal to flag an operator that deletes out of order.
 */
public final class FakeElastiCacheGateway extends FakeGateway implements ElastiCacheGateway {
  public static final int PORT = 6379;
  private static final String SERVICE = "elasticache";
  private static final String ARN_PREFIX = "arn:aws:elasticache:us-east-1:123456789012:";

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, CacheSubnetGroup> subnetGroups = new LinkedHashMap<>();

  /** The mutable state of one replication group; tests may change it as if AWS or a person did. */
  public static final class Group {
    public String id;
    public String status;
    public String nodeType;
    public String primaryEndpoint;
    public Integer port;
    public int replicas;
    public String subnetGroupName;
    public List<String> securityGroupIds;
    public Map<String, String> tags;
    public String authToken;

    ReplicationGroup toRecord() {
      return new ReplicationGroup(id, ARN_PREFIX + "replicationgroup:" + id, status, nodeType, primaryEndpoint, port,
          replicas, tags);
    }
  }

  public FakeElastiCacheGateway() {
    this(new Journal());
  }

  public FakeElastiCacheGateway(Journal journal) {
    super(new CallLog(Set.of("findReplicationGroup", "createReplicationGroup", "deleteReplicationGroup",
        "findSubnetGroup", "createSubnetGroup", "deleteSubnetGroup"),
        Set.of("createReplicationGroup", "createSubnetGroup")), journal,
        Set.of("createReplicationGroup", "deleteReplicationGroup", "createSubnetGroup", "deleteSubnetGroup"));
  }

  @Override
  public synchronized Optional<ReplicationGroup> findReplicationGroup(String id) {
    log.enter("findReplicationGroup");
    return group(id);
  }

  /** As one DescribeReplicationGroups listing: every group. */
  @Override
  public synchronized List<ReplicationGroup> listReplicationGroups() {
    log.enter("listReplicationGroups");
    return groups.keySet().stream().map(id -> group(id).orElseThrow()).toList();
  }

  @Override
  public synchronized void createReplicationGroup(ReplicationGroupSpec spec, String authToken) {
    log.enter("createReplicationGroup");
    if (!spec.id().matches("^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,39}$") || spec.id().endsWith("-")) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "Invalid replication group id " + spec.id(), true, null);
    }
    if (groups.containsKey(spec.id())) {
      throw new AwsFailure(SERVICE, "ReplicationGroupAlreadyExists", "Replication group " + spec.id()
          + " already exists.", false, null);
    }
    if (!subnetGroups.containsKey(spec.subnetGroupName())) {
      throw new AwsFailure(SERVICE, "CacheSubnetGroupNotFoundFault", "Cache subnet group " + spec.subnetGroupName()
          + " does not exist.", false, null);
    }
    if (authToken == null || authToken.length() < 16 || authToken.length() > 128
        || !authToken.matches("^[\\x21-\\x7e]+$") || authToken.matches(".*[/\"@].*")) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "Invalid AuthToken provided.", true, null);
    }
    if (spec.replicas() < 0 || spec.replicas() > 5) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "ReplicasPerNodeGroup must be 0-5.", true, null);
    }
    if (spec.securityGroupIds().isEmpty() || spec.securityGroupIds().stream().anyMatch(java.util.Objects::isNull)) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "Invalid security group ids.", true, null);
    }
    Group g = new Group();
    g.id = spec.id();
    g.status = "creating";
    g.nodeType = spec.nodeType();
    g.replicas = spec.replicas();
    g.subnetGroupName = spec.subnetGroupName();
    g.securityGroupIds = List.copyOf(spec.securityGroupIds());
    g.tags = Map.copyOf(spec.tags());
    g.authToken = authToken;
    groups.put(g.id, g);
    journal.record(SERVICE, "createReplicationGroup", g.id);
    log.exit("createReplicationGroup");
  }

  @Override
  public synchronized void deleteReplicationGroup(String id) {
    log.enter("deleteReplicationGroup");
    Group g = groups.get(id);
    if (g == null) {
      throw new AwsFailure(SERVICE, "ReplicationGroupNotFoundFault", "Replication group " + id + " not found.",
          false, null);
    }
    if (!"available".equals(g.status)) {
      throw new AwsFailure(SERVICE, "InvalidReplicationGroupState", "Replication group " + id + " is "
          + g.status + ", not available.", false, null);
    }
    g.status = "deleting";
    journal.record(SERVICE, "deleteReplicationGroup", id);
  }

  @Override
  public synchronized Optional<CacheSubnetGroup> findSubnetGroup(String name) {
    log.enter("findSubnetGroup");
    return subnetGroup(name);
  }

  @Override
  public synchronized void createSubnetGroup(String name, String description, List<String> subnetIds,
      Map<String, String> tags) {
    log.enter("createSubnetGroup");
    if (subnetGroups.containsKey(name)) {
      throw new AwsFailure(SERVICE, "CacheSubnetGroupAlreadyExists", "Cache subnet group " + name
          + " already exists.", false, null);
    }
    if (subnetIds.isEmpty()) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue", "At least one subnet is required.", true, null);
    }
    putSubnetGroup(name, subnetIds, tags);
    journal.record(SERVICE, "createSubnetGroup", name);
    log.exit("createSubnetGroup");
  }

  @Override
  public synchronized void deleteSubnetGroup(String name) {
    log.enter("deleteSubnetGroup");
    if (!subnetGroups.containsKey(name)) {
      throw new AwsFailure(SERVICE, "CacheSubnetGroupNotFoundFault", "Cache subnet group " + name
          + " does not exist.", false, null);
    }
    if (groups.values().stream().anyMatch(g -> name.equals(g.subnetGroupName))) {
      throw new AwsFailure(SERVICE, "CacheSubnetGroupInUse", "Cache subnet group " + name
          + " is currently in use by a replication group.", true, null);
    }
    subnetGroups.remove(name);
    journal.record(SERVICE, "deleteSubnetGroup", name);
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** AWS finishes its work: creating and modifying groups become available, deleting ones go. */
  public synchronized void finishPending() {
    groups.values().removeIf(g -> {
      if ("deleting".equals(g.status)) {
        journal.record(SERVICE, "gone", g.id);
        return true;
      }
      return false;
    });
    for (Group g : groups.values()) {
      if ("creating".equals(g.status) || "modifying".equals(g.status)) {
        g.status = "available";
        g.primaryEndpoint = g.id + ".fake.cache.amazonaws.com";
        g.port = PORT;
        journal.record(SERVICE, "available", g.id);
      }
    }
  }

  public synchronized Optional<ReplicationGroup> group(String id) {
    return Optional.ofNullable(groups.get(id)).map(Group::toRecord);
  }

  public synchronized Set<String> groupIds() {
    return Set.copyOf(groups.keySet());
  }

  public synchronized Optional<CacheSubnetGroup> subnetGroup(String name) {
    return Optional.ofNullable(subnetGroups.get(name));
  }

  public synchronized Set<String> subnetGroupNames() {
    return Set.copyOf(subnetGroups.keySet());
  }

  /** The AUTH token CreateReplicationGroup was given. */
  public synchronized Optional<String> authToken(String id) {
    return Optional.ofNullable(groups.get(id)).map(g -> g.authToken);
  }

  /** Security groups the replication group was created in. */
  public synchronized List<String> securityGroupsOf(String id) {
    return groups.get(id).securityGroupIds;
  }

  public synchronized String subnetGroupOf(String id) {
    return groups.get(id).subnetGroupName;
  }

  /** Changes a group behind the operator's back, e.g. someone deletes it in the console. */
  public synchronized void changeOutsideOperator(String id, java.util.function.Consumer<Group> change) {
    change.accept(groups.get(id));
  }

  /** Puts a cache subnet group in place as if someone created it outside the operator. */
  public synchronized void seedSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
    putSubnetGroup(name, subnetIds, tags);
  }

  /** Whether any replication group (even one being deleted) uses the security group, as its ENIs would. */
  public synchronized boolean usesSecurityGroup(String groupId) {
    return groups.values().stream().anyMatch(g -> g.securityGroupIds.contains(groupId));
  }

  private void putSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
    subnetGroups.put(name, new CacheSubnetGroup(name, subnetIds.stream().sorted().toList(), Map.copyOf(tags)));
  }
}
