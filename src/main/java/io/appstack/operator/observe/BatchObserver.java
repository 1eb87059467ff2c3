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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Observes every stack's AWS resources in batches, per region: one DescribeDBInstances page per
 * 100 instances, one DescribeReplicationGroups page per 100 groups, one DescribeServices call per
 * 10 services of a cluster, one DescribeSecurityGroups call per 200 stacks (by group name), and
 * secrets by the managed-by tag. The number of calls grows with the number of stacks divided by
 * the page size, not with the number of stacks.
 */
public final class BatchObserver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchObserver.class);
  /** 1 while the last poll of a region could not read a kind of resource (its drift goes unseen), else 0. */
  public static final String UNREAD = "appstack_drift_poll_unread";
  private static final int READERS = 4;
  private static final int SERVICES_PER_READ = 100;
  private final AwsGateways.Factory gateways;
  private final StackDefaults defaults;
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> unread = new ConcurrentHashMap<>();
  /**
   * Reads the kinds of a poll side by side: four threads, through which the kinds and the parts
   * of each cluster's services take turns. They end after 10 s idle, so between polls they cost
   * nothing.
   */
  private final ThreadPoolExecutor readers = new ThreadPoolExecutor(READERS, READERS, 10, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "drift-read");
        t.setDaemon(true);
        return t;
      });

  public BatchObserver(AwsGateways.Factory gateways, StackDefaults defaults, MeterRegistry registry) {
    this.gateways = gateways;
    this.defaults = defaults;
    this.registry = registry;
    readers.allowCoreThreadTimeOut(true);
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
    AwsGateways aws = gateways.forRegion(region);
    // Each kind is read on its own and at the same time as the others: one that cannot be read
    // this time (a timeout, a throttled or denied call) leaves that part of every stack's
    // observation unknown, and the drift poller keeps the last one for it, while the other kinds
    // are still compared; and a slow kind delays the poll by its own time, not the sum of all.
    var instances = readAsync(() -> aws.rds().listInstances().stream()
        .collect(Collectors.toMap(DbInstance::identifier, Function.identity(), (a, b) -> a)));
    var groups = readAsync(() -> aws.elasticache().listReplicationGroups()
        .stream().collect(Collectors.toMap(ReplicationGroup::id, Function.identity(), (a, b) -> a)));
    // By these stacks' group names (one pattern matches a stack's groups), not every managed group
    // of the region: another operator's groups (another namespace, another cluster) are none of
    // this one's business, and the calls stay small however many groups there are.
    List<String> groupNamePatterns = regionStacks.stream().map(s -> names(s).securityGroupNamePattern()).toList();
    var securityGroups = readAsync(() -> aws.ec2().findManagedSecurityGroups(groupNamePatterns)
        .stream().collect(Collectors.toMap(SecurityGroup::name, Function.identity(), (a, b) -> a)));
    var secrets = readAsync(() -> aws.secrets().listManagedSecretNames());
    // Services come ten to a DescribeServices call; a cluster's are read in parts of
    // SERVICES_PER_READ, side by side, so that 1,000 services are not 100 calls in a row.
    Map<String, List<CompletableFuture<List<Service>>>> servicesByCluster = new HashMap<>();
    regionStacks.stream().collect(Collectors.groupingBy(s -> ServiceDesired.cluster(s.getSpec().api, defaults.cluster())))
        .forEach((cluster, inCluster) -> {
          List<String> serviceNames = inCluster.stream().map(s -> names(s).serviceName()).toList();
          for (int i = 0; i < serviceNames.size(); i += SERVICES_PER_READ) {
            List<String> part = serviceNames.subList(i, Math.min(serviceNames.size(), i + SERVICES_PER_READ));
            servicesByCluster.computeIfAbsent(cluster, k -> new ArrayList<>())
                .add(readAsync(() -> aws.ecs().findServices(cluster, part)));
          }
        });

    Map<String, Service> services = new HashMap<>();
    Set<String> unreadClusters = new HashSet<>();
    servicesByCluster.forEach((cluster, parts) -> {
      // A wrong cluster name in one stack must not hide the drift of every other stack: the
      // services of this cluster are unknown this poll.
      List<List<Service>> found = parts.stream().map(CompletableFuture::join).toList();
      if (readable(region, "ecs_services:" + cluster, found.stream().allMatch(Objects::nonNull))) {
        found.forEach(part -> part.forEach(svc -> services.put(svc.name(), svc)));
      } else {
        unreadClusters.add(cluster);
      }
    });
    StackObservation.RegionState state = new StackObservation.RegionState(
        known(region, "rds_instances", instances), known(region, "elasticache_replication_groups", groups), services,
        known(region, "security_groups", securityGroups), known(region, "secrets", secrets));
    Map<ResourceID, StackObservation> result = new HashMap<>();
    for (AppStack s : regionStacks) {
      boolean serviceRead = !unreadClusters.contains(ServiceDesired.cluster(s.getSpec().api, defaults.cluster()));
      result.put(ResourceID.fromResource(s), StackObservation.of(s, names(s), state, serviceRead));
    }
    return result;
  }

  /** Runs {@code reader} on a reader thread; the future holds null (unknown this poll) if it failed. */
  private <T> CompletableFuture<T> readAsync(Supplier<T> reader) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return reader.get();
      } catch (RuntimeException e) {
        LOG.warn("drift poll read failed: {}", e.toString());
        return null;
      }
    }, readers);
  }

  /** What {@code read} found, or null if it failed; the {@value #UNREAD} gauge of the region and kind says which. */
  private <T> T known(String region, String kind, CompletableFuture<T> read) {
    T value = read.join();
    readable(region, kind, value != null);
    return value;
  }

  private boolean readable(String region, String kind, boolean readable) {
    unread.computeIfAbsent(region + "/" + kind, k -> registry.gauge(UNREAD, Tags.of("region", region, "kind", kind),
        new AtomicInteger())).set(readable ? 0 : 1);
    if (!readable) {
      LOG.warn("drift poll could not read {} in {}; taken as unchanged", kind, region);
    }
    return readable;
  }

  private String region(AppStack s) {
    return s.getSpec().region != null ? s.getSpec().region : defaults.region();
  }

  private static StackNames names(AppStack s) {
    return StackNames.of(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }
}
