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
 * Running-task counts and health stay out: they move on their own and are not drift.
 */
public record StackObservation(String database, String cache, String service, String securityGroups,
    String secrets) {

  /** What one region's batched poll returned, keyed as the stacks' names are. */
  public record RegionState(Map<String, DbInstance> instances, Map<String, ReplicationGroup> replicationGroups,
      Map<String, Service> services, Map<String, SecurityGroup> securityGroups, Set<String> secretNames) {}

  public static StackObservation of(AppStack stack, StackNames names, RegionState state) {
    DbInstance db = state.instances().get(names.dbInstanceIdentifier());
    String database = db == null ? "absent" : String.join(",", db.status(), db.instanceClass(),
        String.valueOf(db.allocatedStorageGiB()), db.storageType(), db.engineVersion(), String.valueOf(db.multiAz()),
        String.valueOf(db.backupRetentionDays()), String.valueOf(db.deletionProtection()),
        String.join("+", db.securityGroupIds()));
    boolean elasticache = stack.getSpec().redis != null && stack.getSpec().redis.mode == RedisSpec.Mode.elasticache;
    ReplicationGroup group = state.replicationGroups().get(names.replicationGroupId());
    String cache = group == null ? (elasticache ? "absent" : "none")
        : String.join(",", group.status(), group.nodeType(), String.valueOf(group.replicas()));
    Service service = state.services().get(names.serviceName());
    String svc = service == null ? "absent" : String.join(",", service.status(), service.taskDefinitionArn(),
        String.valueOf(service.desiredCount()), service.primary().map(d -> d.rolloutState()).orElse("-"),
        String.join("+", service.subnetIds()), String.join("+", service.securityGroupIds()));
    String groups = Stream.of(names.apiSecurityGroupName(), names.dbSecurityGroupName(), names.cacheSecurityGroupName())
        .map(n -> {
          SecurityGroup g = state.securityGroups().get(n);
          return n + "=" + (g == null ? "absent" : g.ingress().stream().map(r -> r.port() + "<" + r.sourceGroupId())
              .sorted().collect(Collectors.joining("+")) + "|" + g.otherIngress().stream().map(Object::toString)
              .sorted().collect(Collectors.joining("+")));
        }).collect(Collectors.joining(";"));
    String secrets = Stream.of(names.dbCredentialsSecretName(), names.redisElastiCacheSecretName(),
        names.redisExternalSecretName()).map(n -> n + "=" + state.secretNames().contains(n))
        .collect(Collectors.joining(";"));
    return new StackObservation(database, cache, svc, groups, secrets);
  }
}
