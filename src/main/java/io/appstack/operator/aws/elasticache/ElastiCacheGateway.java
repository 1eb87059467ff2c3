package io.appstack.operator.aws.elasticache;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ElastiCache calls the operator makes for a Redis replication group. */
public interface ElastiCacheGateway {

  Optional<ReplicationGroup> findReplicationGroup(String id);

  /** Every replication group, 100 per page, without tags (those cost a call each). */
  default List<ReplicationGroup> listReplicationGroups() {
    throw new UnsupportedOperationException("this gateway does not list replication groups");
  }

  void createReplicationGroup(ReplicationGroupSpec spec, String authToken);

  void deleteReplicationGroup(String id);

  Optional<CacheSubnetGroup> findSubnetGroup(String name);

  void createSubnetGroup(String name, String description, List<String> subnetIds, Map<String, String> tags);

  void deleteSubnetGroup(String name);

  /** What CreateReplicationGroup is given: Redis with TLS and AUTH, one shard, replicas. */
  record ReplicationGroupSpec(String id, String description, String nodeType, int replicas, String subnetGroupName,
      List<String> securityGroupIds, Map<String, String> tags) {}

  /** A replication group as read from AWS. */
  record ReplicationGroup(String id, String arn, String status, String nodeType, String primaryEndpoint,
      Integer port, int replicas, Map<String, String> tags) {}

  /** A cache subnet group as read from AWS. */
  record CacheSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {}
}
