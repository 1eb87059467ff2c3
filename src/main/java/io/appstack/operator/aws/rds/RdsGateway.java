package io.appstack.operator.aws.rds;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The RDS calls the operator makes, and nothing else. */
public interface RdsGateway {

  Optional<DbInstance> findInstance(String identifier);

  /** Every instance of the account and region, 100 per DescribeDBInstances page. */
  default List<DbInstance> listInstances() {
    throw new UnsupportedOperationException("this gateway does not list instances");
  }

  /** Sends CreateDBInstance; the instance then shows up as {@code creating}. */
  void createInstance(DbInstanceSpec spec, String masterPassword);

  /** Sends ModifyDBInstance with only the given changes, applied immediately. */
  void modifyInstance(String identifier, DbModification modification);

  /** Deletes the instance; with a snapshot identifier a final snapshot is taken first. */
  void deleteInstance(String identifier, Optional<String> finalSnapshotIdentifier);

  Optional<DbSubnetGroup> findSubnetGroup(String name);

  void createSubnetGroup(String name, String description, List<String> subnetIds, Map<String, String> tags);

  void modifySubnetGroup(String name, List<String> subnetIds);

  void deleteSubnetGroup(String name);

  /** An RDS DB instance as read from AWS. {@code pending} holds modifications not yet applied. */
  record DbInstance(String identifier, String arn, String status, String endpoint, Integer port,
      String engine, String engineVersion, String instanceClass, int allocatedStorageGiB, String storageType,
      boolean multiAz, int backupRetentionDays, boolean deletionProtection, String subnetGroupName,
      List<String> securityGroupIds, Map<String, String> tags, PendingValues pending) {}

  /** Values RDS will apply at the next modification window (null where nothing is pending). */
  record PendingValues(String instanceClass, String engineVersion, Integer allocatedStorageGiB,
      String storageType, Boolean multiAz, Integer backupRetentionDays) {
    public static final PendingValues NONE = new PendingValues(null, null, null, null, null, null);
  }

  /** What CreateDBInstance is given. */
  record DbInstanceSpec(String identifier, String engine, String engineVersion, String instanceClass,
      int allocatedStorageGiB, String storageType, boolean multiAz, int backupRetentionDays,
      boolean deletionProtection, String subnetGroupName, List<String> securityGroupIds, String dbName,
      String masterUsername, Map<String, String> tags) {}

  /** A ModifyDBInstance request: null fields are left as they are. */
  record DbModification(String instanceClass, String engineVersion, boolean allowMajorVersionUpgrade,
      Integer allocatedStorageGiB, String storageType, Boolean multiAz, Integer backupRetentionDays,
      Boolean deletionProtection, List<String> securityGroupIds) {}

  /** A DB subnet group as read from AWS. */
  record DbSubnetGroup(String name, String vpcId, List<String> subnetIds, Map<String, String> tags) {}
}
