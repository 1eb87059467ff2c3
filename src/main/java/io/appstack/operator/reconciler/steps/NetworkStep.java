package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.NETWORK;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.OtherRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.drift.FieldDiff;
import java.util.List;
import java.util.Set;
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
      return notOwned("security group " + names.apiSecurityGroupName(), names);
    }
    ctx.observed().apiSecurityGroupId = api.get().id();
    Optional<SecurityGroup> db = ensure(ctx, names.dbSecurityGroupName(), "Postgres");
    if (db.isEmpty()) {
      return notOwned("security group " + names.dbSecurityGroupName(), names);
    }
    ctx.observed().dbSecurityGroupId = db.get().id();
    enforce(ctx, api.get(), Set.of());
    enforce(ctx, db.get(), Set.of(new GroupRule(POSTGRES_PORT, api.get().id())));
    if (ctx.stack().getSpec().redis != null && ctx.stack().getSpec().redis.mode == Mode.elasticache) {
      Optional<SecurityGroup> cache = ensure(ctx, names.cacheSecurityGroupName(), "Redis");
      if (cache.isEmpty()) {
        return notOwned("security group " + names.cacheSecurityGroupName(), names);
      }
      ctx.observed().cacheSecurityGroupId = cache.get().id();
      enforce(ctx, cache.get(), Set.of(new GroupRule(REDIS_PORT, api.get().id())));
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

  /**
   * Makes the group admit exactly {@code wanted}. Once the stack has converged, anything else is
   * drift: reported, and under driftPolicy Correct put back (extra rules revoked, missing added).
   */
  private static void enforce(StackContext ctx, SecurityGroup group, Set<GroupRule> wanted) {
    List<GroupRule> missing = wanted.stream().filter(r -> !group.ingress().contains(r)).toList();
    List<GroupRule> extra = group.ingress().stream().filter(r -> !wanted.contains(r)).toList();
    List<OtherRule> other = group.otherIngress();
    if (missing.isEmpty() && extra.isEmpty() && other.isEmpty()) {
      return;
    }
    boolean drift = ctx.converged();
    if (drift) {
      ctx.observed().drift.add(new FieldDiff("security-group:" + group.name(), "ingress", describe(wanted, List.of()),
          describe(group.ingress(), other), FieldDiff.Change.IN_PLACE));
      if (!ctx.correctsDrift()) {
        return;
      }
      ctx.metrics().driftCorrected(ctx.names().namespace(), ctx.names().name(), "security-group");
    }
    for (GroupRule r : missing) {
      ctx.aws().ec2().allowFromGroup(group.id(), r.port(), r.sourceGroupId());
      ctx.observed().acted("SecurityGroupRuleAdded", group.name() + " allows TCP " + r.port() + " from " + r.sourceGroupId());
    }
    for (GroupRule r : extra) {
      ctx.aws().ec2().revokeFromGroup(group.id(), r.port(), r.sourceGroupId());
      ctx.observed().acted("SecurityGroupRuleRevoked", group.name() + " no longer allows TCP " + r.port() + " from "
          + r.sourceGroupId());
    }
    for (OtherRule r : other) {
      ctx.aws().ec2().revokeIngress(group.id(), r);
      ctx.observed().acted("SecurityGroupRuleRevoked", group.name() + " no longer allows " + r);
    }
  }

  private static String describe(java.util.Collection<GroupRule> rules, List<OtherRule> other) {
    List<String> all = new java.util.ArrayList<>();
    rules.forEach(r -> all.add("tcp " + r.port() + " from " + r.sourceGroupId()));
    other.forEach(r -> all.add(r.toString()));
    return all.isEmpty() ? "(none)" : String.join(", ", all.stream().sorted().toList());
  }

  private static Optional<SecurityGroup> owned(StackContext ctx, String groupName) {
    return ctx.aws().ec2().findSecurityGroup(ctx.stack().getSpec().network.vpcId, groupName)
        .filter(g -> ctx.names().ownedBy(g.tags()));
  }

}
