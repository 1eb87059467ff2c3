package io.appstack.operator.it;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** SDK clients on moto, for tests to set up and inspect what the operator did. */
public final class AwsEmulator implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  public final RdsClient rds;
  public final Ec2Client ec2;
  public final SecretsManagerClient secrets;
  public final EcsClient ecs;
  public final CloudWatchLogsClient logs;
  public final ElastiCacheClient elasticache;
  public final ElasticLoadBalancingV2Client elb;

  public AwsEmulator(MotoServer moto) {
    rds = RdsClient.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    ec2 = Ec2Client.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    secrets = SecretsManagerClient.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    ecs = EcsClient.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    logs = CloudWatchLogsClient.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    elasticache = ElastiCacheClient.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
    elb = ElasticLoadBalancingV2Client.builder().region(Region.of(REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(moto.endpoint()).build();
  }

  /** The ECS cluster of the environment, which the operator expects to exist. */
  public static final String CLUSTER = "staging";
  /** The task execution role the operator is configured with. */
  public static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/appstack-exec";

  /** What a team already has: a VPC with two private subnets in two zones, and the ECS cluster. */
  public Network createNetwork() {
    ecs.createCluster(r -> r.clusterName(CLUSTER));
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone(REGION + "a"))
        .subnet().subnetId();
    String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone(REGION + "b"))
        .subnet().subnetId();
    return new Network(vpc, List.of(a, b));
  }

  /** IDs of an existing VPC and its subnets. */
  public record Network(String vpcId, List<String> subnetIds) {}

  @Override
  public void close() {
    rds.close();
    ec2.close();
    secrets.close();
    ecs.close();
    logs.close();
    elasticache.close();
    elb.close();
  }
}
