package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.reconciler.steps.CredentialsStep;
import io.appstack.operator.reconciler.steps.DatabaseNetworkStep;
import io.appstack.operator.reconciler.steps.DatabaseStep;
import io.appstack.operator.reconciler.steps.Step;
import io.appstack.operator.status.StackStatusBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The steps of a stack in dependency order, run as one pass: secrets, network, database. A pass
 * stops at the first step that is not ready, since later steps need its ids; teardown runs the
 * same steps in reverse. Knows nothing of JOSDK, so it is tested with the in-memory gateways.
 */
public final class StackPlan {
  private final List<Step> steps;
  private final List<Step> teardownOrder;
  private final String defaultRegion;
  private final AwsGateways.Factory gateways;
  private final Clock clock;

  public StackPlan(String defaultRegion, AwsGateways.Factory gateways, Clock clock) {
    this.steps = List.of(
        new CredentialsStep(),
        new DatabaseNetworkStep(),
        new DatabaseStep());
    List<Step> reversed = new ArrayList<>(steps);
    Collections.reverse(reversed);
    this.teardownOrder = List.copyOf(reversed);
    this.defaultRegion = defaultRegion;
    this.gateways = gateways;
    this.clock = clock;
  }

  /** What a pass did and the status it leads to. */
  public record Result(List<StepOutcome> outcomes, List<Observed.Action> actions, AppStackStatus status) {
    public boolean allReady() {
      return outcomes.stream().allMatch(StepOutcome::isReady);
    }

    public boolean progressing() {
      return outcomes.stream().anyMatch(o -> o.state() == StepOutcome.State.PROGRESSING);
    }
  }

  public Result apply(AppStack stack) {
    return run(stack, steps, Step::reconcile, false);
  }

  public Result teardown(AppStack stack) {
    return run(stack, teardownOrder, Step::cleanup, true);
  }

  private Result run(AppStack stack, List<Step> order, BiFunction<Step, StackContext, StepOutcome> action,
      boolean deleting) {
    StackContext ctx = StackContext.of(stack, defaultRegion, gateways);
    List<StepOutcome> outcomes = new ArrayList<>();
    for (Step step : order) {
      StepOutcome outcome;
      try {
        outcome = action.apply(step, ctx);
      } catch (AwsFailure e) {
        if (!e.terminal()) {
          throw e;
        }
        outcome = StepOutcome.stalled(step.name(), step.component(), "AwsRejected",
            "AWS refused a request of step " + step.name() + ": " + e.getMessage());
      }
      outcomes.add(outcome);
      if (!outcome.isReady()) {
        break;
      }
    }
    List<Component> components = steps.stream().map(Step::component).distinct().toList();
    StackStatusBuilder.Pass pass = new StackStatusBuilder.Pass(stack.getMetadata().getGeneration(), deleting,
        components, outcomes, ctx.observed());
    AppStackStatus status = StackStatusBuilder.build(stack.getStatus(), pass, clock.instant());
    return new Result(List.copyOf(outcomes), List.copyOf(ctx.observed().actions), status);
  }
}
