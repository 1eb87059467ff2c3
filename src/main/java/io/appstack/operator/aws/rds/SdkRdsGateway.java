package io.appstack.operator.aws.rds;

import static io.appstack.operator.aws.AwsCall.call;
import static io.appstack.operator.aws.AwsCall.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** {@link RdsGateway} on the AWS SDK. */
public final class SdkRdsGateway implements RdsGateway {
  private static final String SERVICE = "rds";
  private final RdsClient rds;

  public SdkRdsGateway(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public Optional<DbInstance> findInstance(String identifier) {
    try {
      return call(SERVICE, () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)))
          .dbInstances().stream().findFirst().map(SdkRdsGateway::toInstance);
    } catch (io.appstack.operator.aws.AwsFailure e) {
      if (e.getCause() instanceof DbInstanceNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<DbInstance> listInstances() {
    // Pages are fetched while iterating, so the iteration runs inside call() too.
    return call(SERVICE, () -> {
      List<DbInstance> all = new java.util.ArrayList<>();
      rds.describeDBInstancesPaginator(r -> r.maxRecords(100)).forEach(page ->
          page.dbInstances().forEach(i -> all.add(toInstance(i))));
      return all;
    });
  }

  @Override
  public void createInstance(DbInstanceSpec s, String masterPassword) {
    run(SERVICE, () -> rds.createDBInstance(r -> r.dbInstanceIdentifier(s.identifier())
        .engine(s.engine()).engineVersion(s.engineVersion()).dbInstanceClass(s.instanceClass())
        .allocatedStorage(s.allocatedStorageGiB()).storageType(s.storageType()).multiAZ(s.multiAz())
        .backupRetentionPeriod(s.backupRetentionDays()).deletionProtection(s.deletionProtection())
        .dbSubnetGroupName(s.subnetGroupName()).vpcSecurityGroupIds(s.securityGroupIds())
        .dbName(s.dbName()).masterUsername(s.masterUsername()).masterUserPassword(masterPassword)
        .publiclyAccessible(false).storageEncrypted(true).copyTagsToSnapshot(true)
        .tags(tags(s.tags()))));
  }

  @Override
  public void modifyInstance(String identifier, DbModification m) {
    run(SERVICE, () -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier(identifier).applyImmediately(true)
        .dbInstanceClass(m.instanceClass()).engineVersion(m.engineVersion())
        .allowMajorVersionUpgrade(m.allowMajorVersionUpgrade() ? Boolean.TRUE : null)
        .allocatedStorage(m.allocatedStorageGiB()).storageType(m.storageType()).multiAZ(m.multiAz())
        .backupRetentionPeriod(m.backupRetentionDays()).deletionProtection(m.deletionProtection())
        .vpcSecurityGroupIds(m.securityGroupIds())));
  }

  @Override
  public void deleteInstance(String identifier, Optional<String> finalSnapshotIdentifier) {
    run(SERVICE, () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(identifier)
        .skipFinalSnapshot(finalSnapshotIdentifier.isEmpty())
        .finalDBSnapshotIdentifier(finalSnapshotIdentifier.orElse(null))
        .deleteAutomatedBackups(finalSnapshotIdentifier.isEmpty())));
  }

  @Override
  public Optional<DbSubnetGroup> findSubnetGroup(String name) {
    try {
      return call(SERVICE, () -> rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)))
          .dbSubnetGroups().stream().findFirst().map(this::toSubnetGroup);
    } catch (io.appstack.operator.aws.AwsFailure e) {
      if (e.getCause() instanceof DbSubnetGroupNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void createSubnetGroup(String name, String description, List<String> subnetIds, Map<String, String> tags) {
    run(SERVICE, () -> rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(name)
        .dbSubnetGroupDescription(description).subnetIds(subnetIds).tags(tags(tags))));
  }

  @Override
  public void modifySubnetGroup(String name, List<String> subnetIds) {
    run(SERVICE, () -> rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(name).subnetIds(subnetIds)));
  }

  @Override
  public void deleteSubnetGroup(String name) {
    run(SERVICE, () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(name)));
  }

  private DbSubnetGroup toSubnetGroup(DBSubnetGroup g) {
    // DescribeDBSubnetGroups carries no tags; they are read by ARN.
    Map<String, String> tags = call(SERVICE, () -> rds.listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn())))
        .tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    return new DbSubnetGroup(g.dbSubnetGroupName(), g.vpcId(),
        g.subnets().stream().map(Subnet::subnetIdentifier).sorted().toList(), tags);
  }

  private static DbInstance toInstance(DBInstance i) {
    PendingModifiedValues p = i.pendingModifiedValues();
    PendingValues pending = p == null ? PendingValues.NONE : new PendingValues(p.dbInstanceClass(),
        p.engineVersion(), p.allocatedStorage(), p.storageType(), p.multiAZ(), p.backupRetentionPeriod());
    return new DbInstance(i.dbInstanceIdentifier(), i.dbInstanceArn(), i.dbInstanceStatus(),
        i.endpoint() == null ? null : i.endpoint().address(),
        i.endpoint() == null ? null : i.endpoint().port(),
        i.engine(), i.engineVersion(), i.dbInstanceClass(), nz(i.allocatedStorage()), i.storageType(),
        Boolean.TRUE.equals(i.multiAZ()), nz(i.backupRetentionPeriod()), Boolean.TRUE.equals(i.deletionProtection()),
        i.dbSubnetGroup() == null ? null : i.dbSubnetGroup().dbSubnetGroupName(),
        i.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).sorted().toList(),
        i.tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), pending);
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
