package io.appstack.operator.aws;

import io.appstack.operator.aws.ec2.Ec2Gateway;
import io.appstack.operator.aws.ecs.EcsGateway;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway;
import io.appstack.operator.aws.elb.LoadBalancerGateway;
import io.appstack.operator.aws.logs.LogsGateway;
import io.appstack.operator.aws.rds.RdsGateway;
import io.appstack.operator.aws.secrets.SecretsGateway;

/** The gateways for one AWS region. */
public record AwsGateways(RdsGateway rds, SecretsGateway secrets, Ec2Gateway ec2, EcsGateway ecs, LogsGateway logs,
    ElastiCacheGateway elasticache, LoadBalancerGateway elb) {

  /** Hands out the gateways of a region; the SDK one builds clients once per region. */
  @FunctionalInterface
  public interface Factory {
    AwsGateways forRegion(String region);
  }
}
