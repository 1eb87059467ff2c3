package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.NETWORK;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Optional;

/**
 * The stack's security groups: the API tasks' group, the database's (5432 only from the API
 * group) and, with ElastiCache, the cache's (6379 only from the API group). Nothing is opened to
 * a CIDR.
 */
public final class NetworkStep extends StepBase {
  public static final String NAME = "network";
  public static final int POSTGRES_PORT = 5432;
  public static final int REDIS_PORT = 6379;

  public NetworkStep() {
    super(NAME, NETWORK);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    StackNames names = ctx.names();
    Optional<SecurityGroup> api = ensure(ctx, names.apiSecurityGroupName(), "API tasks");
    if (api.isEmpty()) {
      return notOwned(names.apiSecurityGroupName(), names);
    }
    ctx.observed().apiSecurityGroupId = api.get().id();
    Optional<SecurityGroup> db = ensure(ctx, names.dbSecurityGroupName(), "Postgres");
    if (db.isEmpty()) {
      return notOwned(names.dbSecurityGroupName(), names);
    }
    ctx.observed().dbSecurityGroupId = db.get().id();
    allow(ctx, db.get(), POSTGRES_PORT, api.get().id());
    if (ctx.stack().getSpec().redis != null && ctx.stack().getSpec().redis.mode == Mode.elasticache) {
      Optional<SecurityGroup> cache = ensure(ctx, names.cacheSecurityGroupName(), "Redis");
      if (cache.isEmpty()) {
        return notOwned(names.cacheSecurityGroupName(), names);
      }
      ctx.observed().cacheSecurityGroupId = cache.get().id();
      allow(ctx, cache.get(), REDIS_PORT, api.get().id());
    }
    return StepOutcome.ready(NAME, NETWORK, "SecurityGroupsReady", "API, database"
        + (ctx.observed().cacheSecurityGroupId == null ? "" : " and cache") + " security groups in place");
  }

  /**
   * Runs after the service, cache and database are gone. A retained database keeps its group,
   * but the rule naming the API group goes first, or the API group could not be deleted.
   */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    StackNames names = ctx.names();
    Ec2Gateway ec2 = ctx.aws().ec2();
    String vpc = ctx.stack().getSpec().network.vpcId;
    Optional<SecurityGroup> api = owned(ctx, names.apiSecurityGroupName());
    Optional<SecurityGroup> db = owned(ctx, names.dbSecurityGroupName());
    boolean retainDb = ctx.stack().getSpec().database.deletionPolicy == DeletionPolicy.Retain;
    if (retainDb && db.isPresent() && api.isPresent() && db.get().allows(POSTGRES_PORT, api.get().id())) {
      ec2.revokeFromGroup(db.get().id(), POSTGRES_PORT, api.get().id());
    }
    for (String group : retainDb
        ? new String[] {names.cacheSecurityGroupName(), names.apiSecurityGroupName()}
        : new String[] {names.cacheSecurityGroupName(), names.dbSecurityGroupName(), names.apiSecurityGroupName()}) {
      Optional<SecurityGroup> found = owned(ctx, group);
      if (found.isPresent()) {
        if (!ec2.deleteSecurityGroup(found.get().id())) {
          return StepOutcome.progressing(NAME, NETWORK, "SecurityGroupInUse", "security group " + group + " ("
              + found.get().id() + ") is still in use; AWS releases network interfaces minutes after their owner is gone");
        }
        ctx.observed().acted("SecurityGroupDeleted", "deleted security group " + group + " in " + vpc);
      }
    }
    return StepOutcome.ready(NAME, NETWORK, "SecurityGroupsDeleted", "security groups deleted"
        + (retainDb ? " (the database's is retained with it)" : ""));
  }

  /** The group, created if missing; empty when a group of that name is not ours. */
  private static Optional<SecurityGroup> ensure(StackContext ctx, String groupName, String purpose) {
    String vpc = ctx.stack().getSpec().network.vpcId;
    Optional<SecurityGroup> found = ctx.aws().ec2().findSecurityGroup(vpc, groupName);
    if (found.isPresent()) {
      return found.filter(g -> ctx.names().ownedBy(g.tags()));
    }
    String id = ctx.aws().ec2().createSecurityGroup(vpc, groupName, purpose + " of AppStack " + ctx.names().owner(),
        ctx.names().tags());
    ctx.observed().acted("SecurityGroupCreated", "created security group " + groupName + " (" + id + ") in " + vpc);
    return Optional.of(new SecurityGroup(id, groupName, vpc, ctx.names().tags(), java.util.List.of()));
  }

  private static void allow(StackContext ctx, SecurityGroup group, int port, String sourceGroupId) {
    if (!group.allows(port, sourceGroupId)) {
      ctx.aws().ec2().allowFromGroup(group.id(), port, sourceGroupId);
      ctx.observed().acted("SecurityGroupRuleAdded", group.name() + " allows TCP " + port + " from " + sourceGroupId);
    }
  }

  private static Optional<SecurityGroup> owned(StackContext ctx, String groupName) {
    return ctx.aws().ec2().findSecurityGroup(ctx.stack().getSpec().network.vpcId, groupName)
        .filter(g -> ctx.names().ownedBy(g.tags()));
  }

  private static StepOutcome notOwned(String groupName, StackNames names) {
    return StepOutcome.stalled(NAME, NETWORK, "NotOwned", "security group " + groupName
        + " exists but is not tagged appstack.io/owner=" + names.owner() + "; the operator will not use or change it");
  }
}
