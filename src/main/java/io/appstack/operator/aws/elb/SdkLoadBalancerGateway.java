package io.appstack.operator.aws.elb;

import static io.appstack.operator.aws.AwsCall.call;

import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** {@link LoadBalancerGateway} on the AWS SDK. */
public final class SdkLoadBalancerGateway implements LoadBalancerGateway {
  private static final String SERVICE = "elbv2";
  private final ElasticLoadBalancingV2Client elb;

  public SdkLoadBalancerGateway(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public List<TargetHealth> targetHealth(String targetGroupArn) {
    return call(SERVICE, () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)))
        .targetHealthDescriptions().stream()
        .map(d -> new TargetHealth(d.target().id(), d.target().port(),
            d.targetHealth() == null ? null : d.targetHealth().stateAsString(),
            d.targetHealth() == null ? null : d.targetHealth().reasonAsString(),
            d.targetHealth() == null ? null : d.targetHealth().description()))
        .toList();
  }
}
