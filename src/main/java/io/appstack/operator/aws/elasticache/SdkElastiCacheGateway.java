package io.appstack.operator.aws.elasticache;

import static io.appstack.operator.aws.AwsCall.call;
import static io.appstack.operator.aws.AwsCall.run;

import io.appstack.operator.aws.AwsFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** {@link ElastiCacheGateway} on the AWS SDK. */
public final class SdkElastiCacheGateway implements ElastiCacheGateway {
  private static final String SERVICE = "elasticache";
  private final ElastiCacheClient cache;

  public SdkElastiCacheGateway(ElastiCacheClient cache) {
    this.cache = cache;
  }

  @Override
  public Optional<ReplicationGroup> findReplicationGroup(String id) {
    try {
      return call(SERVICE, () -> cache.describeReplicationGroups(r -> r.replicationGroupId(id)))
          .replicationGroups().stream().findFirst().map(g -> toGroup(g, tags(g.arn())));
    } catch (AwsFailure e) {
      if ("ReplicationGroupNotFoundFault".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<ReplicationGroup> listReplicationGroups() {
    return call(SERVICE, () -> {
      List<ReplicationGroup> all = new java.util.ArrayList<>();
      cache.describeReplicationGroupsPaginator(r -> r.maxRecords(100)).forEach(page ->
        page.replicationGroups().forEach(g -> all.add(toGroup(g, Map.of()))));
      return all;
    });
  }

  @Override
  public void createReplicationGroup(ReplicationGroupSpec s, String authToken) {
    run(SERVICE, () -> cache.createReplicationGroup(r -> r.replicationGroupId(s.id())
        .replicationGroupDescription(s.description()).engine("redis").cacheNodeType(s.nodeType())
        .numNodeGroups(1).replicasPerNodeGroup(s.replicas())
        .automaticFailoverEnabled(s.replicas() > 0).multiAZEnabled(s.replicas() > 0)
        .cacheSubnetGroupName(s.subnetGroupName()).securityGroupIds(s.securityGroupIds())
        .transitEncryptionEnabled(true).atRestEncryptionEnabled(true).authToken(authToken)
        .tags(s.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
  }

  @Override
  public void deleteReplicationGroup(String id) {
    run(SERVICE, () -> cache.deleteReplicationGroup(r -> r.replicationGroupId(id).retainPrimaryCluster(false)));
  }

  @Override
  public Optional<CacheSubnetGroup> findSubnetGroup(String name) {
    try {
      return call(SERVICE, () -> cache.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(name)))
          .cacheSubnetGroups().stream().findFirst().map(g -> new CacheSubnetGroup(g.cacheSubnetGroupName(),
              g.subnets().stream().map(sn -> sn.subnetIdentifier()).sorted().toList(), tags(g.arn())));
    } catch (AwsFailure e) {
      if ("CacheSubnetGroupNotFoundFault".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void createSubnetGroup(String name, String description, List<String> subnetIds, Map<String, String> tags) {
    run(SERVICE, () -> cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(name)
        .cacheSubnetGroupDescription(description).subnetIds(subnetIds)
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
  }

  @Override
  public void deleteSubnetGroup(String name) {
    run(SERVICE, () -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(name)));
  }

  private static ReplicationGroup toGroup(software.amazon.awssdk.services.elasticache.model.ReplicationGroup g,
      Map<String, String> tags) {
    var primary = g.nodeGroups().isEmpty() ? null : g.nodeGroups().get(0).primaryEndpoint();
    return new ReplicationGroup(g.replicationGroupId(), g.arn(), g.status(), g.cacheNodeType(),
        primary == null ? null : primary.address(), primary == null ? null : primary.port(),
        Math.max(0, g.memberClusters().size() - 1), tags);
  }

  private Map<String, String> tags(String arn) {
    if (arn == null) {
      return Map.of();
    }
    return call(SERVICE, () -> cache.listTagsForResource(r -> r.resourceName(arn))).tagList().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
  }
}
