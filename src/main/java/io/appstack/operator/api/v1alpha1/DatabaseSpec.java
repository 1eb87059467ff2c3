package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The Postgres instance on RDS. */
@ValidationRule(value = "!self.multiAZ || !self.instanceClass.startsWith('db.t2.')",
    message = "database.multiAZ is not available with db.t2 instance classes")
public class DatabaseSpec {
  @Default("postgres")
  @JsonPropertyDescription("Database engine. Only postgres is supported. Cannot be changed.")
  @ValidationRule(value = "self == oldSelf", message = "database.engine cannot be changed")
  public Engine engine = Engine.postgres;

  @Default("16")
  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription("Engine version: a major version (16) lets RDS pick the minor; 16.3 pins it. Upgrades only.")
  public String engineVersion = "16";

  @Default("db.t3.micro")
  @Pattern("^db\\.[a-z0-9]+\\.[a-z0-9]+$")
  @Size(max = 64)
  @JsonPropertyDescription("RDS instance class, e.g. db.t3.micro or db.r6g.large. Changed in place.")
  public String instanceClass = "db.t3.micro";

  @Default("20")
  @Min(20)
  @Max(65536)
  @JsonPropertyDescription("Allocated storage in GiB, 20 to 65536. It can grow but never shrink.")
  @ValidationRule(value = "self >= oldSelf", message = "database.allocatedStorageGiB can only grow: RDS cannot shrink storage")
  public Integer allocatedStorageGiB = 20;

  @Default("gp3")
  @JsonPropertyDescription("Storage type: gp2 or gp3.")
  public StorageType storageType = StorageType.gp3;

  @Default("false")
  @JsonPropertyDescription("Run a standby in a second availability zone.")
  public Boolean multiAZ = false;

  @Default("7")
  @Min(0)
  @Max(35)
  @JsonPropertyDescription("Days of automated backups, 0 to 35 (0 turns them off).")
  public Integer backupRetentionDays = 7;

  @Default("false")
  @JsonPropertyDescription("Refuse deletion of the instance in AWS while true.")
  public Boolean deletionProtection = false;

  @Default("Snapshot")
  @JsonPropertyDescription("What deleting the AppStack does to the database: Snapshot (final snapshot, then delete), Retain (leave the instance and its secret), Delete (remove both).")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Snapshot;

  /** Supported engines. */
  public enum Engine { postgres }

  /** Supported storage types. */
  public enum StorageType { gp2, gp3 }

  /** What happens to the database when the AppStack is deleted. */
  public enum DeletionPolicy { Snapshot, Retain, Delete }
}
