package io.appstack.operator.drift;

import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.aws.rds.RdsGateway.PendingValues;
import io.appstack.operator.drift.FieldDiff.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: compares the desired RDS instance with the observed one, field by field, and builds the
 * one ModifyDBInstance request that closes the in-place differences. Values RDS already has
 * pending count as applied, so a modification is never sent twice.
 */
public final class DatabaseDiff {
  private DatabaseDiff() {}

  /** The differences, and the modification that closes those that can be closed in place. */
  public record Result(List<FieldDiff> diffs, Optional<DbModification> modification) {
    public List<FieldDiff> refused() {
      return diffs.stream().filter(d -> d.change() == Change.REFUSED).toList();
    }
  }

  public static Result compare(DbInstanceSpec want, DbInstance have) {
    String resource = "rds:" + have.identifier();
    PendingValues p = have.pending() == null ? PendingValues.NONE : have.pending();
    List<FieldDiff> diffs = new ArrayList<>();

    String instanceClass = null;
    String haveClass = or(p.instanceClass(), have.instanceClass());
    if (!want.instanceClass().equals(haveClass)) {
      instanceClass = want.instanceClass();
      diffs.add(new FieldDiff(resource, "instanceClass", want.instanceClass(), haveClass, Change.IN_PLACE));
    }

    String engineVersion = null;
    boolean majorUpgrade = false;
    String haveVersion = or(p.engineVersion(), have.engineVersion());
    int versionOrder = EngineVersions.compare(want.engineVersion(), haveVersion);
    if (versionOrder > 0) {
      engineVersion = want.engineVersion();
      majorUpgrade = EngineVersions.major(want.engineVersion()) > EngineVersions.major(haveVersion);
      diffs.add(new FieldDiff(resource, "engineVersion", want.engineVersion(), haveVersion, Change.IN_PLACE));
    } else if (versionOrder < 0 && EngineVersions.major(want.engineVersion()) < EngineVersions.major(haveVersion)) {
      // A newer minor within the same major is RDS's automatic minor upgrade: accepted, not drift.
      // A newer major cannot be rolled back in place.
      diffs.add(new FieldDiff(resource, "engineVersion", want.engineVersion(), haveVersion, Change.REFUSED));
    }

    Integer storage = null;
    int haveStorage = or(p.allocatedStorageGiB(), have.allocatedStorageGiB());
    if (want.allocatedStorageGiB() > haveStorage) {
      storage = want.allocatedStorageGiB();
      diffs.add(diff(resource, "allocatedStorageGiB", want.allocatedStorageGiB(), haveStorage, Change.IN_PLACE));
    } else if (want.allocatedStorageGiB() < haveStorage) {
      diffs.add(diff(resource, "allocatedStorageGiB", want.allocatedStorageGiB(), haveStorage, Change.REFUSED));
    }

    String storageType = null;
    String haveStorageType = or(p.storageType(), have.storageType());
    if (!want.storageType().equals(haveStorageType)) {
      storageType = want.storageType();
      diffs.add(new FieldDiff(resource, "storageType", want.storageType(), haveStorageType, Change.IN_PLACE));
    }

    Boolean multiAz = null;
    boolean haveMultiAz = or(p.multiAz(), have.multiAz());
    if (want.multiAz() != haveMultiAz) {
      multiAz = want.multiAz();
      diffs.add(diff(resource, "multiAZ", want.multiAz(), haveMultiAz, Change.IN_PLACE));
    }

    Integer backups = null;
    int haveBackups = or(p.backupRetentionDays(), have.backupRetentionDays());
    if (want.backupRetentionDays() != haveBackups) {
      backups = want.backupRetentionDays();
      diffs.add(diff(resource, "backupRetentionDays", want.backupRetentionDays(), haveBackups, Change.IN_PLACE));
    }

    Boolean deletionProtection = null;
    if (want.deletionProtection() != have.deletionProtection()) {
      deletionProtection = want.deletionProtection();
      diffs.add(diff(resource, "deletionProtection", want.deletionProtection(), have.deletionProtection(),
          Change.IN_PLACE));
    }

    List<String> securityGroups = null;
    if (!want.securityGroupIds().stream().sorted().toList().equals(have.securityGroupIds())) {
      securityGroups = want.securityGroupIds();
      diffs.add(new FieldDiff(resource, "vpcSecurityGroupIds", String.join(",", want.securityGroupIds()),
          String.join(",", have.securityGroupIds()), Change.IN_PLACE));
    }

    if (have.subnetGroupName() != null && !want.subnetGroupName().equals(have.subnetGroupName())) {
      diffs.add(new FieldDiff(resource, "dbSubnetGroupName", want.subnetGroupName(), have.subnetGroupName(),
          Change.REFUSED));
    }

    boolean anyInPlace = diffs.stream().anyMatch(d -> d.change() == Change.IN_PLACE);
    Optional<DbModification> modification = anyInPlace
        ? Optional.of(new DbModification(instanceClass, engineVersion, majorUpgrade, storage, storageType, multiAz,
            backups, deletionProtection, securityGroups))
        : Optional.empty();
    return new Result(List.copyOf(diffs), modification);
  }

  private static FieldDiff diff(String resource, String field, Object want, Object have, Change change) {
    return new FieldDiff(resource, field, String.valueOf(want), String.valueOf(have), change);
  }

  private static <T> T or(T pending, T actual) {
    return Objects.requireNonNullElse(pending, actual);
  }
}
