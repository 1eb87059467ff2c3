package io.appstack.operator.drift;

import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.PendingValues;
import java.util.List;
import java.util.Map;

/** Builds the DbInstance RDS would report for a spec, to be bent one field at a time. */
final class ObservedInstance {
  String identifier;
  String status = "available";
  String engineVersion;
  String instanceClass;
  int allocatedStorageGiB;
  String storageType;
  boolean multiAz;
  int backupRetentionDays;
  boolean deletionProtection;
  String subnetGroupName;
  List<String> securityGroupIds;
  Map<String, String> tags;
  PendingValues pending = PendingValues.NONE;

  /** What AWS shows once it has created {@code want} exactly. */
  static ObservedInstance matching(DbInstanceSpec want) {
    ObservedInstance o = new ObservedInstance();
    o.identifier = want.identifier();
    o.engineVersion = want.engineVersion();
    o.instanceClass = want.instanceClass();
    o.allocatedStorageGiB = want.allocatedStorageGiB();
    o.storageType = want.storageType();
    o.multiAz = want.multiAz();
    o.backupRetentionDays = want.backupRetentionDays();
    o.deletionProtection = want.deletionProtection();
    o.subnetGroupName = want.subnetGroupName();
    o.securityGroupIds = want.securityGroupIds().stream().sorted().toList();
    o.tags = want.tags();
    return o;
  }

  DbInstance build() {
    return new DbInstance(identifier, "arn:aws:rds:us-east-1:123456789012:db:" + identifier, status,
        identifier + ".example.rds.amazonaws.com", 5432, "postgres", engineVersion, instanceClass, allocatedStorageGiB,
        storageType, multiAz, backupRetentionDays, deletionProtection, subnetGroupName, securityGroupIds, tags, pending);
  }
}
