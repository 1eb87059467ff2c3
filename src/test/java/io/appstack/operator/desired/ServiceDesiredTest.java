package io.appstack.operator.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway.LoadBalancer;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ECS service a spec asks for: private subnets in a stable order, the API group, a target group only if given. */
class ServiceDesiredTest {
  private static final StackNames NAMES = StackNames.of("staging", "shop");
  private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api:3";
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/0123456789abcdef";

  private static ApiSpec api() {
    return Stacks.sample("staging", "shop").getSpec().api;
  }

  private static ServiceSpec of(ApiSpec api) {
    return ServiceDesired.of(api, NAMES, "apps", TD, List.of("subnet-0ccc3333", "subnet-0aaa1111", "subnet-0bbb2222"),
        "sg-0123456789abcdef0");
  }

  @Test
  void serviceRunsTheRevisionWithTheSpecsCountInTheApiGroup() {
    ServiceSpec s = of(api());
    assertEquals(List.of("apps", NAMES.serviceName(), TD, 2, List.of("sg-0123456789abcdef0"), NAMES.tags()),
        List.of(s.cluster(), s.serviceName(), s.taskDefinitionArn(), s.desiredCount(), s.securityGroupIds(), s.tags()));
  }

  @Test
  void subnetsAreSortedSoTheyCompareStably() {
    assertEquals(List.of("subnet-0aaa1111", "subnet-0bbb2222", "subnet-0ccc3333"), of(api()).subnetIds());
  }

  @Test
  void noLoadBalancerUnlessTheSpecNamesATargetGroup() {
    assertEquals(Optional.empty(), of(api()).loadBalancer());
  }

  @Test
  void targetGroupGetsTheApiContainerAndPort() {
    ApiSpec api = api();
    api.port = 8080;
    api.loadBalancer = new ApiSpec.LoadBalancerSpec();
    api.loadBalancer.targetGroupArn = TARGET_GROUP;
    assertEquals(Optional.of(new LoadBalancer(TARGET_GROUP, "api", 8080)), of(api).loadBalancer());
  }

  @Test
  void clusterDefaultsToTheOperatorsUnlessTheSpecNamesOne() {
    ApiSpec api = api();
    assertEquals("default", ServiceDesired.cluster(api, "default"));
    api.cluster = "payments";
    assertEquals("payments", ServiceDesired.cluster(api, "default"));
  }
}
