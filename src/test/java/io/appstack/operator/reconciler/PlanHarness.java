package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.fakes.FakeAws;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/**
 * One stack, a StackPlan over a fake AWS account and a fixed clock; passes feed their status back
 * into the stack as the reconciler's status patch would.
 */
final class PlanHarness {
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final String DEFAULT_REGION = "us-east-1";

  final FakeAws aws = new FakeAws();
  final StackPlan plan = new StackPlan(DEFAULT_REGION, aws.factory(), Clock.fixed(NOW, ZoneOffset.UTC));
  final AppStack stack = Stacks.sample("staging", "shop");
  final StackNames names = StackNames.of("staging", "shop");

  StackPlan.Result apply() {
    StackPlan.Result r = plan.apply(stack);
    stack.setStatus(r.status());
    return r;
  }

  StackPlan.Result teardown() {
    StackPlan.Result r = plan.teardown(stack);
    stack.setStatus(r.status());
    return r;
  }

  /** Creates the stack and lets AWS finish: the pass after that is Ready. */
  StackPlan.Result applyUntilReady() {
    apply();
    aws.finishPending();
    StackPlan.Result r = apply();
    assertCondition(r, "Ready", "True", "StackReady");
    return r;
  }

  /** Runs teardown passes, letting AWS finish between them, until every step is done. */
  StackPlan.Result teardownUntilDone(int maxPasses) {
    StackPlan.Result r = null;
    for (int i = 0; i < maxPasses; i++) {
      r = teardown();
      if (r.allReady()) {
        return r;
      }
      aws.finishPending();
    }
    return fail("teardown not done after " + maxPasses + " passes; last: " + describe(r));
  }

  String dbId() {
    return names.dbInstanceIdentifier();
  }

  static Condition condition(AppStackStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.conditions));
  }

  static void assertCondition(StackPlan.Result r, String type, String status, String reason) {
    Condition c = condition(r.status(), type);
    assertEquals(status + "/" + reason, c.getStatus() + "/" + c.getReason(), type + " in " + describe(r));
  }

  static String describe(StackPlan.Result r) {
    if (r == null) {
      return "no pass";
    }
    return "outcomes=" + r.outcomes().stream().map(o -> o.step() + ":" + o.state() + ":" + o.reason())
        .collect(Collectors.joining(",")) + " conditions=" + r.status().conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ": " + c.getMessage() + ")")
        .collect(Collectors.joining(" ")) + " actions=" + r.actions();
  }
}
