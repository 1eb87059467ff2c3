package io.appstack.operator.observe;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.RedisSpec;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.naming.StackNames;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pure: the managed fields of one stack's AWS resources as a batched poll saw them. Two polls
 * that give equal observations mean nothing changed, and the stack is not reconciled.
 * Running-task counts and health stay out: they move on their own and are not drift. A part is
 * null when its kind could not be read in that poll (unknown, not absent).
 */
public record StackObservation(String database, String cache, String service, String securityGroups,
    String secrets) {

  /**
   * What one region's batched poll returned, keyed as the stacks' names are; a null map or set is
   * a kind that could not be read.
   */
  public record RegionState(Map<String, DbInstance> instances, Map<String, ReplicationGroup> replicationGroups,
      Map<String, Service> services, Map<String, SecurityGroup> securityGroups, Set<String> secretNames) {}

  /** {@code serviceRead}: the stack's ECS cluster could be read. */
  public static StackObservation of(AppStack stack, StackNames names, RegionState state, boolean serviceRead) {
    return new StackObservation(
        state.instances() == null ? null : database(state.instances().get(names.dbInstanceIdentifier())),
        state.replicationGroups() == null ? null : cache(stack, state.replicationGroups().get(names.replicationGroupId())),
        serviceRead ? service(state.services().get(names.serviceName())) : null,
        state.securityGroups() == null ? null : securityGroups(names, state.securityGroups()),
        state.secretNames() == null ? null : secrets(names, state.secretNames()));
  }

  /** This observation with each unknown part taken from {@code before} (if there was one). */
  public StackObservation withUnknownFrom(StackObservation before) {
    if (before == null) {
      return this;
    }
    return new StackObservation(database != null ? database : before.database,
        cache != null ? cache : before.cache, service != null ? service : before.service,
        securityGroups != null ? securityGroups : before.securityGroups, secrets != null ? secrets : before.secrets);
  }

  private static String database(DbInstance db) {
    return db == null ? "absent" : String.join(",", db.status(), db.instanceClass(),
        String.valueOf(db.allocatedStorageGiB()), db.storageType(), db.engineVersion(), String.valueOf(db.multiAz()),
        String.valueOf(db.backupRetentionDays()), String.valueOf(db.deletionProtection()),
        String.join("+", db.securityGroupIds()));
  }

  private static String cache(AppStack stack, ReplicationGroup group) {
    boolean elasticache = stack.getSpec().redis != null && stack.getSpec().redis.mode == RedisSpec.Mode.elasticache;
    return group == null ? (elasticache ? "absent" : "none")
        : String.join(",", group.status(), group.nodeType(), String.valueOf(group.replicas()));
  }

  private static String service(Service service) {
    return service == null ? "absent" : String.join(",", service.status(), service.taskDefinitionArn(),
        String.valueOf(service.desiredCount()), service.primary().map(d -> d.rolloutState()).orElse("-"),
        String.join("+", service.subnetIds()), String.join("+", service.securityGroupIds()));
  }

  private static String securityGroups(StackNames names, Map<String, SecurityGroup> securityGroups) {
    return Stream.of(names.apiSecurityGroupName(), names.dbSecurityGroupName(), names.cacheSecurityGroupName())
        .map(n -> {
          SecurityGroup g = securityGroups.get(n);
          return n + "=" + (g == null ? "absent" : g.ingress().stream().map(r -> r.port() + "<" + r.sourceGroupId())
              .sorted().collect(Collectors.joining("+")) + "|" + g.otherIngress().stream().map(Object::toString)
              .sorted().collect(Collectors.joining("+")));
        }).collect(Collectors.joining(";"));
  }

  private static String secrets(StackNames names, Set<String> secretNames) {
    return Stream.of(names.dbCredentialsSecretName(), names.redisElastiCacheSecretName(),
        names.redisExternalSecretName()).map(n -> n + "=" + secretNames.contains(n)).collect(Collectors.joining(";"));
  }
}
