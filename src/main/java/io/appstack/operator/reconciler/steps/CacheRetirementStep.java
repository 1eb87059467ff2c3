package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.CACHE;

import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * Removes the cache a stack has left (after a mode change) once the service runs on the new one,
 * so the API never points at a Redis that is already gone.
 */
public final class CacheRetirementStep extends StepBase {
  public static final String NAME = "cache-retirement";
  /** ElastiCache refuses DeleteReplicationGroup (InvalidReplicationGroupState) in other states. */
  private static final Set<String> DELETABLE = Set.of("available", "create-failed");

  public CacheRetirementStep() {
    super(NAME, CACHE);
  }

  @Override
  public Set<String> needs() {
    return Set.of(ServiceStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    Mode mode = ctx.stack().getSpec().redis == null ? Mode.none : ctx.stack().getSpec().redis.mode;
    var before = ctx.stack().getStatus();
    // Looking for leftovers costs five describe calls; once a pass found none for this mode,
    // later passes need not look again until the mode changes.
    if (before != null && before.cache != null && mode.name().equals(before.cache.mode) && ctx.wasTrue("CacheReady")) {
      return settled(mode);
    }
    StepOutcome outcome = retire(ctx, Set.of(mode));
    return outcome.isReady() ? settled(mode) : outcome;
  }

  private static StepOutcome settled(Mode mode) {
    return StepOutcome.ready(NAME, CACHE, "CacheInUse", "Redis mode " + mode + " in use; nothing of an earlier mode is left");
  }

  /** CacheStep's cleanup removes everything; nothing is left for this one. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    return StepOutcome.ready(NAME, CACHE, "Nothing", "nothing of its own");
  }

  /** Deletes the owned resources of every mode not in {@code keep}; READY once none is left. */
  static StepOutcome retire(StackContext ctx, Set<Mode> keep) {
    StackNames names = ctx.names();
    if (!keep.contains(Mode.external)) {
      deleteSecret(ctx, names.redisExternalSecretName());
    }
    if (keep.contains(Mode.elasticache)) {
      return StepOutcome.ready(NAME, CACHE, "CacheInUse", "no cache left behind");
    }
    ElastiCacheGateway cache = ctx.aws().elasticache();
    Optional<ReplicationGroup> group = cache.findReplicationGroup(names.replicationGroupId())
        .filter(g -> names.ownedBy(g.tags()));
    if (group.isPresent()) {
      if (!DELETABLE.contains(group.get().status()) && !"deleting".equals(group.get().status())) {
        return StepOutcome.progressing(NAME, CACHE, "CacheBusy", "ElastiCache " + group.get().id() + " is "
            + group.get().status() + "; it is deleted once AWS has finished");
      }
      if (!"deleting".equals(group.get().status())) {
        cache.deleteReplicationGroup(group.get().id());
        ctx.observed().acted("CacheDeleting", "deleting ElastiCache replication group " + group.get().id());
      }
      return StepOutcome.progressing(NAME, CACHE, "CacheDeleting", "ElastiCache " + group.get().id() + " is being deleted");
    }
    cache.findSubnetGroup(names.cacheSubnetGroupName()).filter(g -> names.ownedBy(g.tags())).ifPresent(g -> {
      cache.deleteSubnetGroup(g.name());
      ctx.observed().acted("CacheSubnetGroupDeleted", "deleted cache subnet group " + g.name());
    });
    deleteSecret(ctx, names.redisElastiCacheSecretName());
    Optional<SecurityGroup> sg = ctx.aws().ec2().findSecurityGroup(ctx.stack().getSpec().network.vpcId,
        names.cacheSecurityGroupName()).filter(g -> names.ownedBy(g.tags()));
    if (sg.isPresent()) {
      if (!ctx.aws().ec2().deleteSecurityGroup(sg.get().id())) {
        return StepOutcome.progressing(NAME, CACHE, "SecurityGroupInUse", "security group " + sg.get().name()
            + " is still in use; AWS releases the cache's network interfaces minutes after it is gone");
      }
      ctx.observed().acted("SecurityGroupDeleted", "deleted security group " + sg.get().name());
    }
    return StepOutcome.ready(NAME, CACHE, "NoCacheLeftBehind", "no cache left behind");
  }

  private static void deleteSecret(StackContext ctx, String name) {
    Optional<SecretInfo> secret = ctx.aws().secrets().find(name).filter(s -> ctx.names().ownedBy(s.tags()));
    if (secret.isPresent()) {
      ctx.aws().secrets().deleteNow(secret.get().arn());
      ctx.observed().acted("SecretDeleted", "deleted Secrets Manager secret " + name);
    }
  }
}
