package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.observe.BatchObserver;
import io.appstack.operator.observe.StackObservation;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batched drift poll on the fakes (which the scale benchmark runs the operator on): a
 * converged stack is observed with its resources, two polls with nothing changed are equal, and a
 * change behind the operator's back shows, each poll costing one call per batched operation.
 */
class BatchObserverOnFakesTest {
  private final PlanHarness h = new PlanHarness();
  private final BatchObserver observer = new BatchObserver(h.aws.factory(), PlanHarness.DEFAULTS);

  private void converge() {
    for (int i = 0; i < PlanHarness.MAX_PASSES && !h.apply().allReady(); i++) {
      h.aws.finishPending();
    }
  }

  private StackObservation observe() {
    Map<ResourceID, StackObservation> seen = observer.observe(List.of(h.stack));
    return seen.get(ResourceID.fromResource(h.stack));
  }

  @Test
  void convergedStackIsObservedAndUnchangedUntilAwsChanges() {
    converge();
    int mutatingBefore = h.aws.mutatingCalls();

    StackObservation first = observe();
    StackObservation second = observe();
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    StackObservation afterChange = observe();

    assertTrue(first.database().startsWith("available,"), first.database());
    assertTrue(first.securityGroups().contains(h.names.dbSecurityGroupName() + "=5432<"), first.securityGroups());
    assertTrue(first.secrets().contains(h.names.dbCredentialsSecretName() + "=true"), first.secrets());
    assertEquals(first, second, "nothing changed between two polls");
    assertNotEquals(second.service(), afterChange.service(), "the desired count changed in ECS");
    assertEquals(mutatingBefore + 1, h.aws.mutatingCalls(), "polls change nothing; only the test's update did");
  }
}
