package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.health.HealthProbe;
import io.appstack.operator.naming.StackNames;
import java.util.Objects;

/** Everything the steps of one reconcile share: the stack, its names, its region's gateways. */
public record StackContext(AppStack stack, StackNames names, String region, AwsGateways aws, StackDefaults defaults,
    KubeSecrets kubeSecrets, StackMetrics metrics, HealthProbe probe, java.time.Instant now, Observed observed) {

  /**
   * True once the whole stack has converged on this generation of the spec: a difference found
   * now was made in AWS (drift), not asked for by a spec change still being carried out.
   */
  public boolean converged() {
    var status = stack.getStatus();
    if (status == null) {
      return false;
    }
    if (status.appliedGeneration == null) {
      // Written before appliedGeneration existed: a Ready condition for this generation says the same.
      return status.conditions != null && status.conditions.stream().anyMatch(c -> "Ready".equals(c.getType())
          && "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), stack.getMetadata().getGeneration()));
    }
    return Objects.equals(status.appliedGeneration, stack.getMetadata().getGeneration());
  }

  /** What the operator does about drift. */
  public boolean correctsDrift() {
    return stack.getSpec().driftPolicy != io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy.Detect;
  }

  /** Whether the last written status had this condition True. */
  public boolean wasTrue(String conditionType) {
    return stack.getStatus() != null && stack.getStatus().conditions != null && stack.getStatus().conditions.stream()
        .anyMatch(c -> conditionType.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static StackContext of(AppStack stack, StackDefaults defaults, AwsGateways.Factory gateways,
      KubeSecrets kubeSecrets, StackMetrics metrics, HealthProbe probe, java.time.Instant now) {
    String region = stack.getSpec().region != null ? stack.getSpec().region : defaults.region();
    return new StackContext(stack, StackNames.of(stack.getMetadata().getNamespace(), stack.getMetadata().getName()),
        region, gateways.forRegion(region), defaults, kubeSecrets, metrics, probe, now, new Observed());
  }
}
