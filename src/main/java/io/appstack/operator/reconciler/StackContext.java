package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.naming.StackNames;

/** Everything the steps of one reconcile share: the stack, its names, its region's gateways. */
public record StackContext(AppStack stack, StackNames names, String region, AwsGateways aws, Observed observed) {

  /** True once the status says this generation of the spec was acted on. */
  public boolean specActedOn() {
    return stack.getStatus() != null
        && java.util.Objects.equals(stack.getStatus().observedGeneration, stack.getMetadata().getGeneration());
  }

  public static StackContext of(AppStack stack, String defaultRegion, AwsGateways.Factory gateways) {
    String region = stack.getSpec().region != null ? stack.getSpec().region : defaultRegion;
    return new StackContext(stack, StackNames.of(stack.getMetadata().getNamespace(), stack.getMetadata().getName()),
        region, gateways.forRegion(region), new Observed());
  }
}
