package io.appstack.operator.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.DatabaseSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.aws.rds.RdsGateway.PendingValues;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.drift.FieldDiff.Change;
import io.appstack.operator.naming.StackNames;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseDiffTest {
  private static final String SG = "sg-00000000000000001";

  /** The defaults of a spec (postgres 16, db.t3.micro, 20 GiB gp3, ...) with a 50 GiB disk. */
  private static DbInstanceSpec want(Consumer<DatabaseSpec> change) {
    DatabaseSpec db = new DatabaseSpec();
    db.allocatedStorageGiB = 50;
    change.accept(db);
    return DatabaseDesired.instance(db, StackNames.of("staging", "shop"), SG);
  }

  private static DbInstanceSpec want() {
    return want(db -> { });
  }

  private static DatabaseDiff.Result compare(DbInstanceSpec want, Consumer<ObservedInstance> aws) {
    ObservedInstance have = ObservedInstance.matching(want);
    aws.accept(have);
    return DatabaseDiff.compare(want, have.build());
  }

  @Test
  void identicalInstanceNeedsNoModification() {
    DatabaseDiff.Result r = compare(want(), aws -> { });
    assertEquals(List.of(), r.diffs());
    assertTrue(r.modification().isEmpty(), "modification " + r.modification());
  }

  @Test
  void majorVersionIsSatisfiedByAnyMinor() {
    DatabaseDiff.Result r = compare(want(db -> db.engineVersion = "16"), aws -> aws.engineVersion = "16.3");
    assertEquals(List.of(), r.diffs(), "spec 16 against RDS 16.3");
    assertTrue(r.modification().isEmpty());
  }

  @Test
  void newerMinorFromAutoUpgradeIsAccepted() {
    DatabaseDiff.Result r = compare(want(db -> db.engineVersion = "16.2"), aws -> aws.engineVersion = "16.4");
    assertEquals(List.of(), r.diffs(), "spec 16.2 against auto-upgraded 16.4");
    assertTrue(r.modification().isEmpty());
  }

  @Test
  void pinnedNewerMinorIsAnInPlaceUpgradeWithoutMajorFlag() {
    DatabaseDiff.Result r = compare(want(db -> db.engineVersion = "16.4"), aws -> aws.engineVersion = "16.2");
    DbModification m = r.modification().orElseThrow(() -> new AssertionError("no modification: " + r.diffs()));
    assertEquals(Map.of("engineVersion", "16.4"), setFields(m));
    assertEquals(false, m.allowMajorVersionUpgrade());
  }

  @Test
  void majorUpgradeSetsAllowMajorVersionUpgrade() {
    DatabaseDiff.Result r = compare(want(db -> db.engineVersion = "17"), aws -> aws.engineVersion = "16.3");
    DbModification m = r.modification().orElseThrow(() -> new AssertionError("no modification: " + r.diffs()));
    assertEquals("17", m.engineVersion());
    assertTrue(m.allowMajorVersionUpgrade(), "allowMajorVersionUpgrade in " + m);
    assertEquals(Change.IN_PLACE, only(r).change());
  }

  @Test
  void majorDowngradeIsRefused() {
    DatabaseDiff.Result r = compare(want(db -> db.engineVersion = "15"), aws -> aws.engineVersion = "16.3");
    FieldDiff d = only(r);
    assertEquals(new FieldDiff("rds:" + want().identifier(), "engineVersion", "15", "16.3", Change.REFUSED), d);
    assertEquals(List.of(d), r.refused());
    assertTrue(r.modification().isEmpty(), "a refused change must not be sent: " + r.modification());
  }

  @Test
  void storageGrowIsInPlace() {
    DatabaseDiff.Result r = compare(want(db -> db.allocatedStorageGiB = 100), aws -> aws.allocatedStorageGiB = 50);
    assertEquals(Change.IN_PLACE, only(r).change());
    assertEquals(Map.of("allocatedStorageGiB", 100), setFields(r.modification().orElseThrow()));
  }

  @Test
  void storageShrinkIsRefused() {
    DatabaseDiff.Result r = compare(want(db -> db.allocatedStorageGiB = 30), aws -> aws.allocatedStorageGiB = 50);
    FieldDiff d = only(r);
    assertEquals("allocatedStorageGiB", d.field());
    assertEquals(Change.REFUSED, d.change());
    assertEquals("30", d.desired());
    assertEquals("50", d.actual());
    assertTrue(r.modification().isEmpty(), "modification " + r.modification());
  }

  @Test
  void storageShrinkAgainstPendingGrowIsRefused() {
    DatabaseDiff.Result r = compare(want(db -> db.allocatedStorageGiB = 50),
        aws -> aws.pending = new PendingValues(null, null, 80, null, null, null));
    assertEquals(Change.REFUSED, only(r).change(), "pending 80 GiB cannot be shrunk back to 50");
  }

  @Test
  void pendingModifiedValuesCountAsApplied() {
    DbInstanceSpec want = want(db -> {
      db.instanceClass = "db.r6g.large";
      db.engineVersion = "16.4";
      db.allocatedStorageGiB = 100;
      db.storageType = DatabaseSpec.StorageType.gp2;
      db.multiAZ = true;
      db.backupRetentionDays = 14;
    });
    DatabaseDiff.Result r = compare(want, aws -> {
      aws.status = "modifying";
      aws.instanceClass = "db.t3.micro";
      aws.engineVersion = "16.2";
      aws.allocatedStorageGiB = 50;
      aws.storageType = "gp3";
      aws.multiAz = false;
      aws.backupRetentionDays = 7;
      aws.pending = new PendingValues("db.r6g.large", "16.4", 100, "gp2", true, 14);
    });
    assertEquals(List.of(), r.diffs(), "every difference is already pending");
    assertTrue(r.modification().isEmpty(), "no second ModifyDBInstance: " + r.modification());
  }

  @Test
  void securityGroupOrderIsNotADifference() {
    DbInstanceSpec base = want();
    DbInstanceSpec two = new DbInstanceSpec(base.identifier(), base.engine(), base.engineVersion(),
        base.instanceClass(), base.allocatedStorageGiB(), base.storageType(), base.multiAz(),
        base.backupRetentionDays(), base.deletionProtection(), base.subnetGroupName(),
        List.of("sg-0000000000000000b", "sg-0000000000000000a"), base.dbName(), base.masterUsername(),
        base.tags());
    DatabaseDiff.Result r = compare(two, aws -> { });
    assertEquals(List.of(), r.diffs());
  }

  @Test
  void otherSubnetGroupIsRefused() {
    DatabaseDiff.Result r = compare(want(), aws -> aws.subnetGroupName = "someone-elses-subnets");
    FieldDiff d = only(r);
    assertEquals("dbSubnetGroupName", d.field());
    assertEquals(Change.REFUSED, d.change());
  }

  static Stream<Arguments> inPlaceFields() {
    return Stream.of(
        Arguments.of("instanceClass", (Consumer<ObservedInstance>) aws -> aws.instanceClass = "db.t3.small",
            "db.t3.micro"),
        Arguments.of("engineVersion", (Consumer<ObservedInstance>) aws -> aws.engineVersion = "15.7", "16"),
        Arguments.of("allocatedStorageGiB", (Consumer<ObservedInstance>) aws -> aws.allocatedStorageGiB = 20, 50),
        Arguments.of("storageType", (Consumer<ObservedInstance>) aws -> aws.storageType = "gp2", "gp3"),
        Arguments.of("multiAz", (Consumer<ObservedInstance>) aws -> aws.multiAz = true, false),
        Arguments.of("backupRetentionDays", (Consumer<ObservedInstance>) aws -> aws.backupRetentionDays = 1, 7),
        Arguments.of("deletionProtection", (Consumer<ObservedInstance>) aws -> aws.deletionProtection = true, false),
        Arguments.of("securityGroupIds",
            (Consumer<ObservedInstance>) aws -> aws.securityGroupIds = List.of("sg-0000000000000000f"),
            List.of(SG)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inPlaceFields")
  void eachInPlaceFieldModifiesOnlyThatField(String field, Consumer<ObservedInstance> drift, Object desired) {
    DatabaseDiff.Result r = compare(want(), drift);
    assertEquals(Change.IN_PLACE, only(r).change());
    DbModification m = r.modification().orElseThrow(() -> new AssertionError("no modification for " + field));
    Map<String, Object> expected = new TreeMap<>(Map.of(field, desired));
    if (field.equals("engineVersion")) {
      expected.put("allowMajorVersionUpgrade", true);
    }
    assertEquals(expected, setFields(m));
  }

  @Test
  void severalDifferencesGoInOneModification() {
    DatabaseDiff.Result r = compare(want(db -> db.instanceClass = "db.t3.large"), aws -> {
      aws.instanceClass = "db.t3.micro";
      aws.backupRetentionDays = 0;
      aws.multiAz = true;
    });
    assertEquals(3, r.diffs().size(), "diffs " + r.diffs());
    assertEquals(Map.of("instanceClass", "db.t3.large", "backupRetentionDays", 7, "multiAz", false),
        setFields(r.modification().orElseThrow()));
  }

  @Test
  void diffsNameTheResourceAndBothValues() {
    DatabaseDiff.Result r = compare(want(), aws -> aws.instanceClass = "db.t3.small");
    assertEquals(new FieldDiff("rds:" + want().identifier(), "instanceClass", "db.t3.micro", "db.t3.small",
        Change.IN_PLACE), only(r));
  }

  private static FieldDiff only(DatabaseDiff.Result r) {
    assertEquals(1, r.diffs().size(), "expected exactly one difference, got " + r.diffs());
    return r.diffs().get(0);
  }

  /** The fields a ModifyDBInstance would send: non-null values, and the major-upgrade flag when set. */
  private static Map<String, Object> setFields(DbModification m) {
    Map<String, Object> set = new TreeMap<>();
    for (RecordComponent c : DbModification.class.getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(m);
        if (c.getType() == boolean.class ? Boolean.TRUE.equals(v) : v != null) {
          set.put(c.getName(), v);
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return set;
  }
}
