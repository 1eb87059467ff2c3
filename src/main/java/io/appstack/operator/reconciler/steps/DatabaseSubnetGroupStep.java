package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.DATABASE;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.rds.RdsGateway.DbSubnetGroup;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.List;
import java.util.Optional;

/** The DB subnet group over the stack's private subnets. */
public final class DatabaseSubnetGroupStep extends StepBase {
  public static final String NAME = "database-subnet-group";

  public DatabaseSubnetGroupStep() {
    super(NAME, DATABASE);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    StackNames names = ctx.names();
    List<String> subnets = DatabaseDesired.subnetIds(ctx.stack().getSpec().network.privateSubnetIds);
    Optional<DbSubnetGroup> subnetGroup = ctx.aws().rds().findSubnetGroup(names.dbSubnetGroupName());
    if (subnetGroup.isEmpty()) {
      ctx.aws().rds().createSubnetGroup(names.dbSubnetGroupName(), "Private subnets of AppStack " + names.owner(),
          subnets, names.tags());
      ctx.observed().acted("SubnetGroupCreated", "created DB subnet group " + names.dbSubnetGroupName());
    } else if (!names.ownedBy(subnetGroup.get().tags())) {
      return notOwned("DB subnet group " + names.dbSubnetGroupName(), names);
    } else if (!subnetGroup.get().subnetIds().equals(subnets)) {
      ctx.aws().rds().modifySubnetGroup(names.dbSubnetGroupName(), subnets);
      ctx.observed().acted("SubnetGroupModified", "set the subnets of DB subnet group " + names.dbSubnetGroupName()
          + " to " + subnets);
    }
    return StepOutcome.ready(NAME, DATABASE, "SubnetGroupReady", "DB subnet group " + names.dbSubnetGroupName());
  }

  /** A retained instance still sits in this subnet group, so Retain keeps it too. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    if (ctx.stack().getSpec().database.deletionPolicy == DeletionPolicy.Retain) {
      return StepOutcome.ready(NAME, DATABASE, "SubnetGroupRetained", "kept for the retained database");
    }
    StackNames names = ctx.names();
    Optional<DbSubnetGroup> subnetGroup = ctx.aws().rds().findSubnetGroup(names.dbSubnetGroupName());
    if (subnetGroup.isPresent() && names.ownedBy(subnetGroup.get().tags())) {
      ctx.aws().rds().deleteSubnetGroup(names.dbSubnetGroupName());
      ctx.observed().acted("SubnetGroupDeleted", "deleted DB subnet group " + names.dbSubnetGroupName());
    }
    return StepOutcome.ready(NAME, DATABASE, "SubnetGroupDeleted", "DB subnet group deleted");
  }
}
