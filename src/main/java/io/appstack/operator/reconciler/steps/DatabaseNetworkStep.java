package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.DATABASE;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.rds.RdsGateway.DbSubnetGroup;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.List;
import java.util.Optional;

/** The database's security group and DB subnet group in the stack's VPC and private subnets. */
public final class DatabaseNetworkStep implements Step {
  private static final String NAME = "database-network";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Component component() {
    return DATABASE;
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    StackNames names = ctx.names();
    String vpcId = ctx.stack().getSpec().network.vpcId;
    Optional<SecurityGroup> group = ctx.aws().ec2().findSecurityGroup(vpcId, names.dbSecurityGroupName());
    if (group.isEmpty()) {
      ctx.observed().dbSecurityGroupId = ctx.aws().ec2().createSecurityGroup(vpcId, names.dbSecurityGroupName(),
          "Postgres of AppStack " + names.owner(), names.tags());
      ctx.observed().acted("SecurityGroupCreated", "created security group " + names.dbSecurityGroupName()
          + " (" + ctx.observed().dbSecurityGroupId + ") in " + vpcId);
    } else if (!names.ownedBy(group.get().tags())) {
      return notOwned("security group " + names.dbSecurityGroupName() + " in " + vpcId, names);
    } else {
      ctx.observed().dbSecurityGroupId = group.get().id();
    }

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
    return StepOutcome.ready(NAME, DATABASE, "NetworkReady", "security group and DB subnet group in place");
  }

  /** A retained instance still sits in this network, so Retain keeps it too. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    if (ctx.stack().getSpec().database.deletionPolicy == DeletionPolicy.Retain) {
      return StepOutcome.ready(NAME, DATABASE, "NetworkRetained", "kept for the retained database");
    }
    StackNames names = ctx.names();
    Optional<DbSubnetGroup> subnetGroup = ctx.aws().rds().findSubnetGroup(names.dbSubnetGroupName());
    if (subnetGroup.isPresent() && names.ownedBy(subnetGroup.get().tags())) {
      ctx.aws().rds().deleteSubnetGroup(names.dbSubnetGroupName());
      ctx.observed().acted("SubnetGroupDeleted", "deleted DB subnet group " + names.dbSubnetGroupName());
    }
    String vpcId = ctx.stack().getSpec().network.vpcId;
    Optional<SecurityGroup> group = ctx.aws().ec2().findSecurityGroup(vpcId, names.dbSecurityGroupName());
    if (group.isPresent() && names.ownedBy(group.get().tags())) {
      if (!ctx.aws().ec2().deleteSecurityGroup(group.get().id())) {
        return StepOutcome.progressing(NAME, DATABASE, "SecurityGroupInUse",
            "security group " + group.get().id() + " is still in use; RDS releases its network interfaces a few minutes after deletion");
      }
      ctx.observed().acted("SecurityGroupDeleted", "deleted security group " + group.get().id());
    }
    return StepOutcome.ready(NAME, DATABASE, "NetworkDeleted", "security group and DB subnet group deleted");
  }

  private static StepOutcome notOwned(String what, StackNames names) {
    return StepOutcome.stalled(NAME, DATABASE, "NotOwned", what + " exists but is not tagged appstack.io/owner="
        + names.owner() + "; the operator will not use or change it");
  }
}
