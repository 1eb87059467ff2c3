package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.CACHE;

import io.appstack.operator.api.v1alpha1.RedisSpec;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.CacheSubnetGroup;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroupSpec;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.desired.RedisWiring;
import io.appstack.operator.desired.TaskDefinitionDesired;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.KubeSecrets;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Redis in the mode the spec asks for, and how the API reaches it. Resources of a mode the stack
 * leaves stay until the service has rolled onto the new one ({@link CacheRetirementStep}).
 */
public final class CacheStep extends StepBase {
  public static final String NAME = "cache";
  static final String SOURCE_VERSION_TAG = "appstack.io/source-resource-version";
  private static final SecretJson.Passwords TOKENS = new SecretJson.Passwords();
  private static final Set<String> CACHE_BUSY = Set.of("creating", "modifying", "snapshotting");

  public CacheStep() {
    super(NAME, CACHE);
  }

  @Override
  public Set<String> needs() {
    return Set.of(NetworkStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    RedisSpec redis = ctx.stack().getSpec().redis;
    Mode mode = redis == null ? Mode.none : redis.mode;
    return switch (mode) {
      case none -> {
        ctx.observed().redis = RedisWiring.none();
        yield StepOutcome.ready(NAME, CACHE, "NoCache", "the stack has no Redis");
      }
      case sidecar -> {
        ctx.observed().redis = RedisWiring.sidecar();
        yield StepOutcome.ready(NAME, CACHE, "Sidecar", "Redis runs in each task at " + RedisWiring.SIDECAR_URL
            + "; each task has its own and nothing persists");
      }
      case elasticache -> elastiCache(ctx, redis.elasticache);
      case external -> external(ctx, redis.external.urlSecretRef);
    };
  }

  /** Removes every cache resource, whatever the mode. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    return CacheRetirementStep.retire(ctx, Set.of());
  }

  private StepOutcome elastiCache(StackContext ctx, RedisSpec.ElastiCacheSpec spec) {
    StackNames names = ctx.names();
    ElastiCacheGateway cache = ctx.aws().elasticache();
    List<String> subnets = DatabaseDesired.subnetIds(ctx.stack().getSpec().network.privateSubnetIds);
    Optional<CacheSubnetGroup> subnetGroup = cache.findSubnetGroup(names.cacheSubnetGroupName());
    if (subnetGroup.isEmpty()) {
      cache.createSubnetGroup(names.cacheSubnetGroupName(), "Private subnets of AppStack " + names.owner(), subnets,
          names.tags());
      ctx.observed().acted("CacheSubnetGroupCreated", "created cache subnet group " + names.cacheSubnetGroupName());
    } else if (!names.ownedBy(subnetGroup.get().tags())) {
      return notOwned("cache subnet group " + names.cacheSubnetGroupName(), names);
    }

    String id = names.replicationGroupId();
    Optional<ReplicationGroup> group = cache.findReplicationGroup(id);
    Optional<SecretInfo> secret = ctx.aws().secrets().find(names.redisElastiCacheSecretName());
    if (secret.isEmpty() && group.isPresent() && names.ownedBy(group.get().tags())
        && !"deleting".equals(group.get().status())) {
      // A new token would not open the existing group; only a person can decide what to do.
      return StepOutcome.stalled(NAME, CACHE, "CacheTokenLost", "secret " + names.redisElastiCacheSecretName()
          + " holding the AUTH token of ElastiCache " + id + " is gone; restore it, or delete the group to get a new one");
    }
    if (secret.isEmpty()) {
      SecretInfo created = ctx.aws().secrets().create(names.redisElastiCacheSecretName(),
          "Redis AUTH token of AppStack " + names.owner(), SecretJson.write(Map.of("authToken", TOKENS.generate(64))),
          names.tags());
      ctx.observed().acted("CacheTokenCreated", "created Secrets Manager secret " + created.name());
      secret = Optional.of(created);
    } else if (!names.ownedBy(secret.get().tags())) {
      return notOwned("Secrets Manager secret " + names.redisElastiCacheSecretName(), names);
    } else if (secret.get().deletedAt() != null) {
      ctx.aws().secrets().restore(secret.get().arn());
      ctx.observed().acted("SecretRestored", "restored secret " + secret.get().name() + " from scheduled deletion");
    }

    if (group.isEmpty()) {
      String token = SecretJson.read(ctx.aws().secrets().value(secret.get().arn())).get("authToken");
      if (token == null || token.isBlank()) {
        return StepOutcome.stalled(NAME, CACHE, "CacheTokenLost", "secret " + names.redisElastiCacheSecretName()
            + " holds no AUTH token; the operator will not create a Redis without one");
      }
      cache.createReplicationGroup(new ReplicationGroupSpec(id, "Redis of AppStack " + names.owner(), spec.nodeType,
          spec.replicas, names.cacheSubnetGroupName(), List.of(ctx.observed().cacheSecurityGroupId), names.tags()),
          token);
      ctx.observed().acted("CacheCreating", "creating ElastiCache replication group " + id + " (" + spec.nodeType
          + ", " + spec.replicas + " replica(s))");
      return StepOutcome.progressing(NAME, CACHE, "CacheCreating", "ElastiCache " + id + " is being created");
    }
    ReplicationGroup g = group.get();
    if (!names.ownedBy(g.tags())) {
      return notOwned("ElastiCache replication group " + id, names);
    }
    ctx.observed().replicationGroup = g;
    if ("deleting".equals(g.status())) {
      return StepOutcome.progressing(NAME, CACHE, "CacheDeleting", "ElastiCache " + id
          + " is being deleted; it is created again once it is gone");
    }
    if (CACHE_BUSY.contains(g.status()) || g.primaryEndpoint() == null) {
      return StepOutcome.progressing(NAME, CACHE, "CacheBusy", "ElastiCache " + id + " is " + g.status());
    }
    if (!"available".equals(g.status())) {
      return StepOutcome.stalled(NAME, CACHE, "CacheUnavailable", "ElastiCache " + id + " is " + g.status());
    }
    if (!spec.nodeType.equals(g.nodeType()) || spec.replicas != g.replicas()) {
      return StepOutcome.stalled(NAME, CACHE, "ChangeNotSupported", "ElastiCache " + id + " runs " + g.nodeType()
          + " with " + g.replicas() + " replica(s); changing node type or replicas of an existing group is not "
          + "supported yet: set them back to those values");
    }
    String endpoint = g.primaryEndpoint() + ":" + g.port();
    String version = SecretJson.withEndpoint(ctx, secret.get(), endpoint,
        value -> value.put("url", "rediss://:" + value.get("authToken") + "@" + endpoint), "CacheUrlWritten");
    ctx.observed().redis = RedisWiring.fromSecret(TaskDefinitionDesired.valueFrom(secret.get().arn(), "url", version));
    return StepOutcome.ready(NAME, CACHE, "CacheAvailable", "ElastiCache " + id + " is available at " + endpoint);
  }

  /**
   * Copies the URL from the Kubernetes Secret into a stack-owned Secrets Manager secret. The
   * Secret's resourceVersion, kept as a tag, tells when to copy again; a new secret version
   * leads to a new task definition revision and so a rollout.
   */
  private StepOutcome external(StackContext ctx, RedisSpec.SecretKeyRef ref) {
    StackNames names = ctx.names();
    Optional<KubeSecrets.Value> source = ctx.kubeSecrets().read(names.namespace(), ref.name, ref.key);
    if (source.isEmpty()) {
      return StepOutcome.stalled(NAME, CACHE, "RedisSecretMissing", "Kubernetes Secret " + names.namespace() + "/"
          + ref.name + " does not exist or has no key " + ref.key);
    }
    String url = source.get().value().trim();
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      return StepOutcome.stalled(NAME, CACHE, "RedisUrlInvalid", "key " + ref.key + " of Secret " + ref.name
          + " must hold a redis:// or rediss:// URL");
    }
    Map<String, String> marker = Map.of(SOURCE_VERSION_TAG, source.get().resourceVersion());
    Optional<SecretInfo> secret = ctx.aws().secrets().find(names.redisExternalSecretName());
    String arn;
    String version;
    if (secret.isEmpty()) {
      Map<String, String> tags = new java.util.HashMap<>(names.tags());
      tags.putAll(marker);
      SecretInfo created = ctx.aws().secrets().create(names.redisExternalSecretName(),
          "Redis URL of AppStack " + names.owner() + ", copied from Secret " + ref.name, SecretJson.write(Map.of("url", url)),
          tags);
      ctx.observed().acted("RedisUrlCopied", "copied Secret " + ref.name + " into " + created.name());
      arn = created.arn();
      version = created.currentVersionId();
    } else if (!names.ownedBy(secret.get().tags())) {
      return notOwned("Secrets Manager secret " + names.redisExternalSecretName(), names);
    } else if (secret.get().deletedAt() != null) {
      ctx.aws().secrets().restore(secret.get().arn());
      arn = secret.get().arn();
      version = ctx.aws().secrets().putValue(arn, SecretJson.write(Map.of("url", url)), marker);
      ctx.observed().acted("RedisUrlCopied", "restored " + secret.get().name() + " and copied Secret " + ref.name + " into it");
    } else if (!source.get().resourceVersion().equals(secret.get().tags().get(SOURCE_VERSION_TAG))) {
      arn = secret.get().arn();
      if (SecretJson.write(Map.of("url", url)).equals(ctx.aws().secrets().value(arn))) {
        // Copied by a pass that died before TagResource: only the marker is missing.
        ctx.aws().secrets().tag(arn, marker);
        version = secret.get().currentVersionId();
      } else {
        version = ctx.aws().secrets().putValue(arn, SecretJson.write(Map.of("url", url)), marker);
        ctx.observed().acted("RedisUrlCopied", "Secret " + ref.name + " changed; copied it into " + secret.get().name());
      }
    } else {
      arn = secret.get().arn();
      version = secret.get().currentVersionId();
    }
    ctx.observed().redis = RedisWiring.fromSecret(TaskDefinitionDesired.valueFrom(arn, "url", version));
    return StepOutcome.ready(NAME, CACHE, "ExternalRedis", "REDIS_URL comes from Secret " + ref.name);
  }

}
