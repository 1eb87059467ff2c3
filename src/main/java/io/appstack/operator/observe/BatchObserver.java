package io.appstack.operator.observe;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.desired.ServiceDesired;
import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.StackDefaults;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Observes every stack's AWS resources in batches, per region: one DescribeDBInstances page per
 * 100 instances, one DescribeReplicationGroups page per 100 groups, one DescribeServices call per
 * 10 services of a cluster, security groups and secrets by the managed-by tag. The number of calls
 * grows with the number of stacks divided by the page size, not with the number of stacks.
 */
public final class BatchObserver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchObserver.class);
  private final AwsGateways.Factory gateways;
  private final StackDefaults defaults;

  public BatchObserver(AwsGateways.Factory gateways, StackDefaults defaults) {
    this.gateways = gateways;
    this.defaults = defaults;
  }

  public Map<ResourceID, StackObservation> observe(Collection<AppStack> stacks) {
    Map<String, List<AppStack>> byRegion = stacks.stream().collect(Collectors.groupingBy(this::region));
    Map<ResourceID, StackObservation> result = new HashMap<>();
    byRegion.forEach((region, regionStacks) -> {
      try {
        result.putAll(observeRegion(region, regionStacks));
      } catch (RuntimeException e) {
        // One region that cannot be read (permissions, an outage) must not blind the others; its
        // stacks keep their last observation until the next poll.
        LOG.warn("drift poll of region {} failed: {}", region, e.toString());
      }
    });
    return result;
  }

  private Map<ResourceID, StackObservation> observeRegion(String region, List<AppStack> regionStacks) {
    Map<ResourceID, StackObservation> result = new HashMap<>();
    AwsGateways aws = gateways.forRegion(region);
    Map<String, Service> services = new HashMap<>();
    java.util.Set<String> unreadClusters = new java.util.HashSet<>();
    regionStacks.stream().collect(Collectors.groupingBy(s -> ServiceDesired.cluster(s.getSpec().api, defaults.cluster())))
        .forEach((cluster, inCluster) -> {
          try {
            aws.ecs().findServices(cluster, inCluster.stream().map(s -> names(s).serviceName()).toList())
                .forEach(svc -> services.put(svc.name(), svc));
          } catch (RuntimeException e) {
            // A wrong cluster name in one stack must not hide the drift of every other stack: the
            // services of this cluster are unknown this poll.
            LOG.warn("drift poll of ECS cluster {} in {} failed: {}", cluster, region, e.toString());
            unreadClusters.add(cluster);
          }
        });
    // Each kind is read on its own: one that cannot be read this time (a timeout, a throttled or
    // denied call) leaves that part of every stack's observation unknown, and the drift poller
    // keeps the last one for it, while the other kinds are still compared.
    StackObservation.RegionState state = new StackObservation.RegionState(
        read(region, "RDS instances", () -> aws.rds().listInstances().stream()
            .collect(Collectors.toMap(DbInstance::identifier, Function.identity(), (a, b) -> a))),
        read(region, "ElastiCache replication groups", () -> aws.elasticache().listReplicationGroups().stream()
            .collect(Collectors.toMap(ReplicationGroup::id, Function.identity(), (a, b) -> a))),
        services,
        read(region, "security groups", () -> aws.ec2().listManagedSecurityGroups().stream()
            .collect(Collectors.toMap(SecurityGroup::name, Function.identity(), (a, b) -> a))),
        read(region, "secrets", () -> aws.secrets().listManagedSecretNames()));
    for (AppStack s : regionStacks) {
      boolean serviceRead = !unreadClusters.contains(ServiceDesired.cluster(s.getSpec().api, defaults.cluster()));
      result.put(ResourceID.fromResource(s), StackObservation.of(s, names(s), state, serviceRead));
    }
    return result;
  }

  /** What {@code reader} returns, or null (unknown this poll) if it fails. */
  private static <T> T read(String region, String what, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      LOG.warn("drift poll of {} in {} failed: {}", what, region, e.toString());
      return null;
    }
  }

  private String region(AppStack s) {
    return s.getSpec().region != null ? s.getSpec().region : defaults.region();
  }

  private static StackNames names(AppStack s) {
    return StackNames.of(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }
}
