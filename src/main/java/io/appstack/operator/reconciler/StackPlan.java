package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.health.HealthProbe;
import io.appstack.operator.reconciler.steps.CacheRetirementStep;
import io.appstack.operator.reconciler.steps.CacheStep;
import io.appstack.operator.reconciler.steps.CredentialsStep;
import io.appstack.operator.reconciler.steps.DatabaseConnectionStep;
import io.appstack.operator.reconciler.steps.DatabaseStep;
import io.appstack.operator.reconciler.steps.DatabaseSubnetGroupStep;
import io.appstack.operator.reconciler.steps.LogGroupStep;
import io.appstack.operator.reconciler.steps.MigrationStep;
import io.appstack.operator.reconciler.steps.NetworkStep;
import io.appstack.operator.reconciler.steps.ServiceStep;
import io.appstack.operator.reconciler.steps.Step;
import io.appstack.operator.reconciler.steps.TaskDefinitionStep;
import io.appstack.operator.status.StackStatusBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The steps of a stack, in dependency order, run as one pass. A step runs when the steps it needs
 * are ready in the same pass; others go on without it, so the database and the cache are
 * created side by side (AWS does the waiting; our calls are quick, so a plain ordered list reads
 * better than a JOSDK workflow and needs no threads). Teardown runs the list backwards, each
 * step once nothing that needs it is left. Knows nothing of JOSDK: tested on in-memory gateways.
 */
public final class StackPlan {
  private final List<Step> steps = List.of(
      new CredentialsStep(),
      new NetworkStep(),
      new DatabaseSubnetGroupStep(),
      new DatabaseStep(),
      new DatabaseConnectionStep(),
      new CacheStep(),
      new LogGroupStep(),
      new TaskDefinitionStep(),
      new MigrationStep(),
      new ServiceStep(),
      new CacheRetirementStep());
  private final List<Step> teardownOrder;
  private final StackDefaults defaults;
  private final AwsGateways.Factory gateways;
  private final KubeSecrets kubeSecrets;
  private final StackMetrics metrics;
  private final HealthProbe probe;
  private final Clock clock;

  public StackPlan(StackDefaults defaults, AwsGateways.Factory gateways, KubeSecrets kubeSecrets, StackMetrics metrics,
      HealthProbe probe, Clock clock) {
    List<Step> reversed = new ArrayList<>(steps);
    Collections.reverse(reversed);
    this.teardownOrder = List.copyOf(reversed);
    this.defaults = defaults;
    this.gateways = gateways;
    this.kubeSecrets = kubeSecrets;
    this.metrics = metrics;
    this.probe = probe;
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
    return run(stack, false);
  }

  public Result teardown(AppStack stack) {
    return run(stack, true);
  }

  private Result run(AppStack stack, boolean deleting) {
    StackContext ctx = StackContext.of(stack, defaults, gateways, kubeSecrets, metrics, probe, clock.instant());
    Map<String, StepOutcome> byStep = new HashMap<>();
    List<StepOutcome> outcomes = new ArrayList<>();
    for (Step step : deleting ? teardownOrder : steps) {
      String blocker = deleting ? neededBy(step, byStep) : missingNeed(step, byStep);
      StepOutcome outcome = blocker != null
          ? StepOutcome.waiting(step.name(), step.component(), step.name() + " waits for " + blocker)
          : run(step, ctx, deleting ? Step::cleanup : Step::reconcile);
      byStep.put(step.name(), outcome);
      outcomes.add(outcome);
    }
    List<Component> components = steps.stream().map(Step::component).distinct().toList();
    StackStatusBuilder.Pass pass = new StackStatusBuilder.Pass(stack.getMetadata().getGeneration(), deleting,
        components, outcomes, ctx.observed(), stack.getSpec());
    AppStackStatus status = StackStatusBuilder.build(stack.getStatus(), pass, clock.instant());
    return new Result(List.copyOf(outcomes), List.copyOf(ctx.observed().actions), status);
  }

  private static StepOutcome run(Step step, StackContext ctx, BiFunction<Step, StackContext, StepOutcome> action) {
    try {
      return action.apply(step, ctx);
    } catch (AwsFailure e) {
      if (!e.terminal()) {
        throw e;
      }
      return StepOutcome.stalled(step.name(), step.component(), "AwsRejected",
          "AWS refused a request of step " + step.name() + ": " + e.getMessage());
    }
  }

  /** The first step this one needs that is not ready in this pass, or null. */
  private static String missingNeed(Step step, Map<String, StepOutcome> byStep) {
    return step.needs().stream().sorted().filter(n -> byStep.get(n) == null || !byStep.get(n).isReady())
        .findFirst().orElse(null);
  }

  /** In teardown: the first step needing this one whose cleanup is not done, or null. */
  private String neededBy(Step step, Map<String, StepOutcome> byStep) {
    return steps.stream().filter(s -> s.needs().contains(step.name()))
        .filter(s -> byStep.get(s.name()) == null || !byStep.get(s.name()).isReady())
        .map(Step::name).sorted().findFirst().orElse(null);
  }
}
