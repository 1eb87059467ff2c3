package io.appstack.operator.aws.elb;

import java.util.List;

/** The ELBv2 call the operator makes: the health of the targets in the API's target group. */
public interface LoadBalancerGateway {

  List<TargetHealth> targetHealth(String targetGroupArn);

  /** One target: state is initial, healthy, unhealthy, unused, draining or unavailable. */
  record TargetHealth(String id, Integer port, String state, String reason, String description) {}
}
