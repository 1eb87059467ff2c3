package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.fakes.RecordingStackMetrics.Observation;
import io.appstack.operator.observe.BatchObserver;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After each pass the reconciler reports the stack's readiness and drift; once released, that it is gone. */
class AppStackReconcilerMetricsTest {
  private final PlanHarness h = new PlanHarness();
  private final AppStackReconciler reconciler = new AppStackReconciler(
      OperatorConfig.from(new String[0], Map.of()), h.plan, new StackEvents((stack, type, reason, message) -> { }),
      h.metrics, new BatchObserver(h.aws.factory(), PlanHarness.DEFAULTS, new SimpleMeterRegistry()), new SimpleMeterRegistry(), h.clock);

  /** One reconcile; its status patch is written back to the stack as the apiserver would. */
  private void reconcile() {
    UpdateControl<AppStack> control = reconciler.reconcile(h.stack, null);
    h.stack.setStatus(control.getResource().orElseThrow().getStatus());
  }

  private Optional<Observation> observed() {
    return h.metrics.lastObserved("staging", "shop");
  }

  private void reconcileUntilReady() {
    for (int i = 0; i < PlanHarness.MAX_PASSES; i++) {
      reconcile();
      if (observed().map(Observation::ready).orElse(false)) {
        return;
      }
      h.aws.finishPending();
    }
    throw new AssertionError("not Ready after " + PlanHarness.MAX_PASSES + " reconciles; last " + observed()
        + " status " + PlanHarness.condition(h.stack.getStatus(), "Ready"));
  }

  @Test
  void reconcileReportsNotReadyWhileProvisioningAndReadyOnceDone() {
    reconcile();
    assertEquals(Optional.of(new Observation(false, Map.of())), observed());
    reconcileUntilReady();
    assertEquals(Optional.of(new Observation(true, Map.of())), observed());
  }

  @Test
  void reconcileReportsDriftedFieldsByResourceKind() {
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    reconcileUntilReady();
    h.aws.ec2.addCidrRule(h.dbGroup().id(), "tcp", 5432, 5432, "0.0.0.0/0");
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    h.aws.finishPending();

    reconcile();

    assertEquals(Optional.of(new Observation(true, Map.of("security-group", 1, "ecs-service", 1))), observed(),
        "status.drift " + PlanHarness.describeDrift(h.stack.getStatus()));
  }

  @Test
  void cleanupThatReleasesTheStackReportsItDeleted() {
    reconcileUntilReady();
    h.teardownUntilDone(PlanHarness.MAX_PASSES);

    DeleteControl released = reconciler.cleanup(h.stack, null);

    assertTrue(released.isRemoveFinalizer(), "the finalizer should go once nothing is left");
    assertEquals(List.of("staging/shop"), h.metrics.deleted());
    assertEquals(Optional.empty(), observed(), "a deleted stack keeps no gauges");
  }
}
