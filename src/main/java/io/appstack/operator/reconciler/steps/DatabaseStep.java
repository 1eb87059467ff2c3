package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.DATABASE;

import io.appstack.operator.api.v1alpha1.DatabaseSpec;
import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.rds.RdsGateway;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.drift.DatabaseDiff;
import io.appstack.operator.drift.FieldDiff;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The RDS Postgres instance: created once, modified in place when the spec changes. */
public final class DatabaseStep extends StepBase {
  public static final String NAME = "database";
  /** Statuses in which the instance serves connections. */
  static final Set<String> SERVING = Set.of("available", "storage-optimization", "backing-up");
  /** Statuses only AWS can end; a person can do nothing but wait. */
  static final Set<String> BUSY = Set.of("creating", "modifying", "rebooting", "upgrading", "renaming",
      "resetting-master-credentials", "starting", "stopping", "maintenance", "configuring-enhanced-monitoring",
      "configuring-iam-database-auth", "configuring-log-exports", "converting-to-vpc", "moving-to-vpc");

  public DatabaseStep() {
    super(NAME, DATABASE);
  }

  @Override
  public java.util.Set<String> needs() {
    return java.util.Set.of(CredentialsStep.NAME, NetworkStep.NAME, DatabaseSubnetGroupStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    RdsGateway rds = ctx.aws().rds();
    DbInstanceSpec want = DatabaseDesired.instance(ctx.stack().getSpec().database, ctx.names(),
        ctx.observed().dbSecurityGroupId);
    Optional<DbInstance> found = rds.findInstance(want.identifier());
    if (found.isEmpty()) {
      String password = CredentialsStep.passwordOf(ctx.aws().secrets().value(ctx.observed().credentialsSecretArn));
      try {
        rds.createInstance(want, password);
      } catch (AwsFailure e) {
        if ("DBInstanceAlreadyExists".equals(e.code())) {
          // An earlier create whose answer was lost (SDK retry, crash): the next pass reads it.
          return StepOutcome.progressing(NAME, DATABASE, "DatabaseCreating",
              "RDS instance " + want.identifier() + " is being created");
        }
        throw e;
      }
      ctx.observed().acted("DatabaseCreating", "creating RDS instance " + want.identifier() + " ("
          + want.instanceClass() + ", postgres " + want.engineVersion() + ", " + want.allocatedStorageGiB() + " GiB)");
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseCreating", "RDS instance " + want.identifier() + " is being created");
    }
    DbInstance have = found.get();
    if (!ctx.names().ownedBy(have.tags())) {
      return notOwned("RDS instance " + have.identifier(), ctx.names());
    }
    ctx.observed().dbInstance = have;
    if ("deleting".equals(have.status())) {
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseDeleting", "RDS instance " + have.identifier()
          + " is being deleted outside the operator; it is created again once it is gone");
    }
    if (BUSY.contains(have.status())) {
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseBusy", "RDS instance " + have.identifier() + " is " + have.status());
    }

    DatabaseDiff.Result diff = DatabaseDiff.compare(want, have);
    // Once this generation of the spec has been acted on, a difference was made in AWS: drift.
    // Before that it is the spec change itself, which is always carried out.
    boolean drift = ctx.converged() && !diff.diffs().isEmpty();
    if (drift) {
      ctx.observed().drift.addAll(diff.diffs());
      if (!ctx.correctsDrift()) {
        if (!SERVING.contains(have.status())) {
          return StepOutcome.stalled(NAME, DATABASE, "DatabaseUnavailable", "RDS instance " + have.identifier()
              + " is " + have.status() + " and does not serve connections");
        }
        return StepOutcome.ready(NAME, DATABASE, "DriftDetected", "RDS instance " + have.identifier()
            + " differs from the spec; driftPolicy Detect reports it without correcting it");
      }
    }
    if (!diff.refused().isEmpty()) {
      return StepOutcome.stalled(NAME, DATABASE, "ChangeNotPossible", "RDS cannot make these changes in place: "
          + diff.refused().stream().map(DatabaseStep::describe).collect(Collectors.joining("; ")));
    }
    if (diff.modification().isPresent()) {
      DbModification m = diff.modification().get();
      if (drift) {
        ctx.metrics().driftCorrected(ctx.names().namespace(), ctx.names().name(), "rds");
      }
      rds.modifyInstance(have.identifier(), m);
      String fields = diff.diffs().stream().map(DatabaseStep::describe).collect(Collectors.joining("; "));
      ctx.observed().acted("DatabaseModifying", "modifying RDS instance " + have.identifier() + ": " + fields);
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseModifying", "RDS instance " + have.identifier() + ": " + fields);
    }
    if (!SERVING.contains(have.status())) {
      return StepOutcome.stalled(NAME, DATABASE, "DatabaseUnavailable", "RDS instance " + have.identifier()
          + " is " + have.status() + " and does not serve connections");
    }
    return StepOutcome.ready(NAME, DATABASE, "DatabaseAvailable", "RDS instance " + have.identifier() + " is " + have.status());
  }

  @Override
  public StepOutcome cleanup(StackContext ctx) {
    DatabaseSpec spec = ctx.stack().getSpec().database;
    String id = ctx.names().dbInstanceIdentifier();
    if (spec.deletionPolicy == DeletionPolicy.Retain) {
      return StepOutcome.ready(NAME, DATABASE, "DatabaseRetained", "RDS instance " + id + " is retained by deletionPolicy Retain");
    }
    RdsGateway rds = ctx.aws().rds();
    Optional<DbInstance> found = rds.findInstance(id);
    if (found.isEmpty()) {
      return StepOutcome.ready(NAME, DATABASE, "DatabaseDeleted", "RDS instance " + id + " is gone");
    }
    DbInstance have = found.get();
    if (!ctx.names().ownedBy(have.tags())) {
      return StepOutcome.ready(NAME, DATABASE, "NotOwned", "RDS instance " + id + " is not owned by this stack and was left alone");
    }
    ctx.observed().dbInstance = have;
    if ("deleting".equals(have.status()) || BUSY.contains(have.status())) {
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseBusy", "RDS instance " + id + " is " + have.status());
    }
    if (have.deletionProtection()) {
      if (Boolean.TRUE.equals(spec.deletionProtection)) {
        return StepOutcome.stalled(NAME, DATABASE, "DeletionProtected", "RDS instance " + id
            + " has deletion protection; set spec.database.deletionProtection to false to let the deletion proceed");
      }
      rds.modifyInstance(id, new DbModification(null, null, false, null, null, null, null, false, null));
      return StepOutcome.progressing(NAME, DATABASE, "DatabaseModifying", "turning off deletion protection of " + id);
    }
    Optional<String> snapshot = spec.deletionPolicy == DeletionPolicy.Snapshot
        ? Optional.of(ctx.names().finalSnapshotIdentifier(ctx.stack().getMetadata().getUid()))
        : Optional.empty();
    try {
      rds.deleteInstance(id, snapshot);
    } catch (AwsFailure e) {
      if ("InvalidDBInstanceState".equals(e.code())) {
        return StepOutcome.progressing(NAME, DATABASE, "DatabaseBusy", "RDS instance " + id + " cannot be deleted yet");
      }
      throw e;
    }
    ctx.observed().acted("DatabaseDeleting", "deleting RDS instance " + id
        + snapshot.map(s -> " after final snapshot " + s).orElse(" without a final snapshot"));
    return StepOutcome.progressing(NAME, DATABASE, "DatabaseDeleting", "RDS instance " + id + " is being deleted");
  }

  private static String describe(FieldDiff d) {
    return d.field() + " " + d.actual() + " -> " + d.desired();
  }
}
