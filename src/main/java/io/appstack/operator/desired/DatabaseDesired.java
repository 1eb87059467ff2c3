package io.appstack.operator.desired;

import io.appstack.operator.api.v1alpha1.DatabaseSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.naming.StackNames;
import java.util.List;

/** Pure: the RDS instance a spec asks for. */
public final class DatabaseDesired {
  /** Postgres reserves "postgres" and "rdsadmin"; a neutral name keeps DATABASE_URL readable. */
  public static final String MASTER_USERNAME = "appstack";

  private DatabaseDesired() {}

  public static DbInstanceSpec instance(DatabaseSpec db, StackNames names, String securityGroupId) {
    return new DbInstanceSpec(names.dbInstanceIdentifier(), db.engine.name(), db.engineVersion, db.instanceClass,
        db.allocatedStorageGiB, db.storageType.name(), db.multiAZ, db.backupRetentionDays, db.deletionProtection,
        names.dbSubnetGroupName(), List.of(securityGroupId), names.dbName(), MASTER_USERNAME, names.tags());
  }

  /** Subnet ids in a stable order, as they are compared with AWS. */
  public static List<String> subnetIds(List<String> privateSubnetIds) {
    return privateSubnetIds.stream().sorted().distinct().toList();
  }
}
