package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.rds.RdsGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory RDS. Like AWS, a created instance is {@code creating} without an endpoint, and a
 * modification leaves the instance {@code modifying} with the changed values <em>pending</em>
 * (RDS reports them in PendingModifiedValues) until {@link #finishPending()}, except deletion
 * protection and security groups, which the fake applies at once as RDS does. A deleted instance
 * is {@code deleting} until {@link #finishPending()} removes it; its final snapshot is recorded
 * at the delete call. Errors carry the codes and terminal flags {@code AwsErrors} gives real ones.
 */
public final class FakeRdsGateway extends FakeGateway implements RdsGateway {
  public static final int PORT = 5432;
  /** The minor RDS "picks" when CreateDBInstance names only a major version. */
  public static final String DEFAULT_MINOR = "4";
  private static final String SERVICE = "rds";
  private static final Set<String> SERVING = Set.of("available", "storage-optimization", "backing-up");

  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final Map<String, DbSubnetGroup> subnetGroups = new LinkedHashMap<>();
  private final Set<String> snapshots = new LinkedHashSet<>();
  private final Map<String, String> masterPasswords = new HashMap<>();
  private final List<Modification> modifications = new ArrayList<>();

  /** One ModifyDBInstance request as it was sent. */
  public record Modification(String identifier, DbModification change) {}

  /** The mutable state of one instance; tests may change it to simulate changes made outside the operator. */
  public static final class Instance {
    public String identifier;
    public String status;
    public String endpoint;
    public Integer port;
    public String engine;
    public String engineVersion;
    public String instanceClass;
    public int allocatedStorageGiB;
    public String storageType;
    public boolean multiAz;
    public int backupRetentionDays;
    public boolean deletionProtection;
    public String subnetGroupName;
    public List<String> securityGroupIds;
    public Map<String, String> tags;
    public PendingValues pending = PendingValues.NONE;

    DbInstance toRecord() {
      return new DbInstance(identifier, "arn:aws:rds:us-east-1:123456789012:db:" + identifier, status, endpoint, port,
          engine, engineVersion, instanceClass, allocatedStorageGiB, storageType, multiAz, backupRetentionDays,
          deletionProtection, subnetGroupName, List.copyOf(securityGroupIds), Map.copyOf(tags), pending);
    }
  }

  // ---- RdsGateway -------------------------------------------------------------------------

  public FakeRdsGateway() {
    this(new Journal());
  }

  public FakeRdsGateway(Journal journal) {
    super(new CallLog(Set.of("findInstance", "listInstances", "createInstance", "modifyInstance",
      "deleteInstance", "findSubnetGroup", "createSubnetGroup", "modifySubnetGroup", "deleteSubnetGroup"),
      Set.of("createInstance", "createSubnetGroup")), journal,
        Set.of("createInstance", "modifyInstance", "deleteInstance", "createSubnetGroup", "modifySubnetGroup",
            "deleteSubnetGroup"));
  }

  @Override
  public synchronized Optional<DbInstance> findInstance(String identifier) {
    log.enter("findInstance");
    return instance(identifier);
  }

  /** As one DescribeDBInstances listing: every instance. */
  @Override
  public synchronized List<DbInstance> listInstances() {
    log.enter("listInstances");
    return instances.keySet().stream().map(id -> instance(id).orElseThrow()).toList();
  }

  @Override
  public synchronized void createInstance(DbInstanceSpec spec, String masterPassword) {
    log.enter("createInstance");
    if (instances.containsKey(spec.identifier())) {
      throw new AwsFailure(SERVICE, "DBInstanceAlreadyExists", "DB instance already exists", true, null);
    }
    if (!subnetGroups.containsKey(spec.subnetGroupName())) {
      throw new AwsFailure(SERVICE, "DBSubnetGroupNotFoundFault",
          "DB subnet group '" + spec.subnetGroupName() + "' does not exist.", false, null);
    }
    if (masterPassword == null || masterPassword.length() < 8) {
      throw new AwsFailure(SERVICE, "InvalidParameterValue",
          "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.", true, null);
    }
    Instance i = fromSpec(spec, "creating");
    instances.put(i.identifier, i);
    masterPasswords.put(i.identifier, masterPassword);
    journal.record(SERVICE, "createInstance", i.identifier);
    log.exit("createInstance");
  }

  @Override
  public synchronized void modifyInstance(String identifier, DbModification m) {
    log.enter("modifyInstance");
    Instance i = require(identifier);
    if (!SERVING.contains(i.status)) {
      throw new AwsFailure(SERVICE, "InvalidDBInstanceState", "Database instance is not in available state.", false, null);
    }
    if (m.engineVersion() != null && major(m.engineVersion()) > major(i.engineVersion) && !m.allowMajorVersionUpgrade()) {
      throw new AwsFailure(SERVICE, "InvalidParameterCombination",
          "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.", true, null);
    }
    if (m.allocatedStorageGiB() != null && m.allocatedStorageGiB() < i.allocatedStorageGiB) {
      throw new AwsFailure(SERVICE, "InvalidParameterCombination",
          "Invalid storage size: allocated storage cannot be reduced.", true, null);
    }
    PendingValues p = i.pending;
    i.pending = new PendingValues(or(m.instanceClass(), p.instanceClass()),
        or(m.engineVersion() == null ? null : resolve(m.engineVersion()), p.engineVersion()),
        or(m.allocatedStorageGiB(), p.allocatedStorageGiB()), or(m.storageType(), p.storageType()),
        or(m.multiAz(), p.multiAz()), or(m.backupRetentionDays(), p.backupRetentionDays()));
    if (m.deletionProtection() != null) {
      i.deletionProtection = m.deletionProtection();
    }
    if (m.securityGroupIds() != null) {
      i.securityGroupIds = m.securityGroupIds().stream().sorted().toList();
    }
    i.status = "modifying";
    modifications.add(new Modification(identifier, m));
    journal.record(SERVICE, "modifyInstance", identifier);
  }

  @Override
  public synchronized void deleteInstance(String identifier, Optional<String> finalSnapshotIdentifier) {
    log.enter("deleteInstance");
    Instance i = require(identifier);
    if ("deleting".equals(i.status)) {
      throw new AwsFailure(SERVICE, "InvalidDBInstanceState", "Instance " + identifier + " is already being deleted.",
          false, null);
    }
    if (i.deletionProtection) {
      throw new AwsFailure(SERVICE, "InvalidParameterCombination",
          "Cannot delete protected DB Instance, please disable deletion protection and try again.", true, null);
    }
    if (finalSnapshotIdentifier.isPresent()) {
      if (!SERVING.contains(i.status)) {
        throw new AwsFailure(SERVICE, "InvalidDBInstanceState",
            "Instance " + identifier + " is " + i.status + " - a final snapshot cannot be taken.", false, null);
      }
      if (snapshots.contains(finalSnapshotIdentifier.get())) {
        throw new AwsFailure(SERVICE, "DBSnapshotAlreadyExists",
            "Cannot create the snapshot because a snapshot with the identifier " + finalSnapshotIdentifier.get()
                + " already exists.", false, null);
      }
      snapshots.add(finalSnapshotIdentifier.get());
    }
    i.status = "deleting";
    journal.record(SERVICE, "deleteInstance", identifier);
  }

  @Override
  public synchronized Optional<DbSubnetGroup> findSubnetGroup(String name) {
    log.enter("findSubnetGroup");
    return subnetGroup(name);
  }

  /** The fake does not model which VPC a subnet is in: vpcId is null. */
  @Override
  public synchronized void createSubnetGroup(String name, String description, List<String> subnetIds,
      Map<String, String> tags) {
    log.enter("createSubnetGroup");
    if (subnetGroups.containsKey(name)) {
      throw new AwsFailure(SERVICE, "DBSubnetGroupAlreadyExists", "DB subnet group " + name + " already exists.",
          false, null);
    }
    putSubnetGroup(name, subnetIds, tags);
    journal.record(SERVICE, "createSubnetGroup", name);
    log.exit("createSubnetGroup");
  }

  @Override
  public synchronized void modifySubnetGroup(String name, List<String> subnetIds) {
    log.enter("modifySubnetGroup");
    DbSubnetGroup g = requireSubnetGroup(name);
    subnetGroups.put(name, new DbSubnetGroup(name, g.vpcId(), subnetIds.stream().sorted().toList(), g.tags()));
    journal.record(SERVICE, "modifySubnetGroup", name);
  }

  @Override
  public synchronized void deleteSubnetGroup(String name) {
    log.enter("deleteSubnetGroup");
    requireSubnetGroup(name);
    if (instances.values().stream().anyMatch(i -> name.equals(i.subnetGroupName))) {
      throw new AwsFailure(SERVICE, "InvalidDBSubnetGroupStateFault",
          "Cannot delete the subnet group '" + name + "' because at least one database instance is still using it.",
          false, null);
    }
    subnetGroups.remove(name);
    journal.record(SERVICE, "deleteSubnetGroup", name);
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** AWS finishes its work: creating and modifying become available (pending applied), deleting goes. */
  public synchronized void finishPending() {
    instances.values().removeIf(i -> {
      if ("deleting".equals(i.status)) {
        journal.record(SERVICE, "gone", i.identifier);
        return true;
      }
      return false;
    });
    for (Instance i : instances.values()) {
      if ("creating".equals(i.status) || "modifying".equals(i.status)) {
        applyPending(i);
        i.status = "available";
        i.endpoint = i.identifier + ".fake.rds.amazonaws.com";
        i.port = PORT;
        journal.record(SERVICE, "available", i.identifier);
      }
    }
  }

  /** Identifiers of every instance, whatever its state. */
  public synchronized Set<String> instanceIdentifiers() {
    return Set.copyOf(instances.keySet());
  }

  /** Names of every DB subnet group. */
  public synchronized Set<String> subnetGroupNames() {
    return Set.copyOf(subnetGroups.keySet());
  }

  public synchronized Optional<DbInstance> instance(String identifier) {
    return Optional.ofNullable(instances.get(identifier)).map(Instance::toRecord);
  }

  public synchronized Optional<DbSubnetGroup> subnetGroup(String name) {
    return Optional.ofNullable(subnetGroups.get(name));
  }

  /** Final snapshots taken by deleteInstance. */
  public synchronized Set<String> snapshots() {
    return Set.copyOf(snapshots);
  }

  /** The master password CreateDBInstance was given for the instance. */
  public synchronized Optional<String> masterPassword(String identifier) {
    return Optional.ofNullable(masterPasswords.get(identifier));
  }

  /** Every ModifyDBInstance request, in order. */
  public synchronized List<Modification> modifications() {
    return List.copyOf(modifications);
  }

  /** Puts an instance in place as if someone created it outside the operator. */
  public synchronized void seedInstance(DbInstanceSpec spec, String status) {
    Instance i = fromSpec(spec, status);
    if (SERVING.contains(status)) {
      i.endpoint = i.identifier + ".fake.rds.amazonaws.com";
      i.port = PORT;
    }
    instances.put(i.identifier, i);
  }

  /** Puts a subnet group in place as if someone created it outside the operator. */
  public synchronized void seedSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
    putSubnetGroup(name, subnetIds, tags);
  }

  /** Changes an instance behind the operator's back (drift). */
  public synchronized void changeOutsideOperator(String identifier, Consumer<Instance> change) {
    change.accept(require(identifier));
  }

  /** Whether any instance (even one being deleted) uses the security group, as its ENIs would. */
  public synchronized boolean usesSecurityGroup(String groupId) {
    return instances.values().stream().anyMatch(i -> i.securityGroupIds.contains(groupId));
  }

  // ---- internals ---------------------------------------------------------------------------

  private Instance fromSpec(DbInstanceSpec spec, String status) {
    Instance i = new Instance();
    i.identifier = spec.identifier();
    i.status = status;
    i.engine = spec.engine();
    i.engineVersion = resolve(spec.engineVersion());
    i.instanceClass = spec.instanceClass();
    i.allocatedStorageGiB = spec.allocatedStorageGiB();
    i.storageType = spec.storageType();
    i.multiAz = spec.multiAz();
    i.backupRetentionDays = spec.backupRetentionDays();
    i.deletionProtection = spec.deletionProtection();
    i.subnetGroupName = spec.subnetGroupName();
    i.securityGroupIds = spec.securityGroupIds().stream().sorted().toList();
    i.tags = Map.copyOf(spec.tags());
    return i;
  }

  private void putSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
    subnetGroups.put(name, new DbSubnetGroup(name, null, subnetIds.stream().sorted().toList(), Map.copyOf(tags)));
  }

  private static void applyPending(Instance i) {
    PendingValues p = i.pending;
    i.instanceClass = or(p.instanceClass(), i.instanceClass);
    i.engineVersion = or(p.engineVersion(), i.engineVersion);
    i.allocatedStorageGiB = or(p.allocatedStorageGiB(), i.allocatedStorageGiB);
    i.storageType = or(p.storageType(), i.storageType);
    i.multiAz = or(p.multiAz(), i.multiAz);
    i.backupRetentionDays = or(p.backupRetentionDays(), i.backupRetentionDays);
    i.pending = PendingValues.NONE;
  }

  private Instance require(String identifier) {
    Instance i = instances.get(identifier);
    if (i == null) {
      throw new AwsFailure(SERVICE, "DBInstanceNotFound", "DBInstance " + identifier + " not found.", false, null);
    }
    return i;
  }

  private DbSubnetGroup requireSubnetGroup(String name) {
    DbSubnetGroup g = subnetGroups.get(name);
    if (g == null) {
      throw new AwsFailure(SERVICE, "DBSubnetGroupNotFoundFault", "DB subnet group '" + name + "' does not exist.",
          false, null);
    }
    return g;
  }

  private static String resolve(String version) {
    return version.contains(".") ? version : version + "." + DEFAULT_MINOR;
  }

  private static int major(String version) {
    return Integer.parseInt(version.split("\\.")[0]);
  }

  private static <T> T or(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
