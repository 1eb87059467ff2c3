package io.appstack.operator.desired;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway.LoadBalancer;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.naming.StackNames;
import java.util.List;
import java.util.Optional;

/** Pure: the ECS service a spec asks for: private subnets, no public IP, the API security group. */
public final class ServiceDesired {
  private ServiceDesired() {}

  public static ServiceSpec of(ApiSpec api, StackNames names, String cluster, String taskDefinitionArn,
      List<String> privateSubnetIds, String apiSecurityGroupId) {
    Optional<LoadBalancer> lb = api.loadBalancer == null ? Optional.empty()
        : Optional.of(new LoadBalancer(api.loadBalancer.targetGroupArn, TaskDefinitionDesired.API_CONTAINER, api.port));
    return new ServiceSpec(cluster, names.serviceName(), taskDefinitionArn, api.replicas,
        privateSubnetIds.stream().sorted().distinct().toList(), List.of(apiSecurityGroupId), lb, names.tags());
  }

  /** The cluster a stack's service runs in: the spec's, else the operator's. */
  public static String cluster(ApiSpec api, String defaultCluster) {
    return api.cluster != null ? api.cluster : defaultCluster;
  }
}
