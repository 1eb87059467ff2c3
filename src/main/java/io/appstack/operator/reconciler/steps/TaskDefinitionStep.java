package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.SERVICE;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.desired.ServiceDesired;
import io.appstack.operator.desired.TaskDefinitionDesired;
import io.appstack.operator.drift.TaskDefinitionDiff;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's task definition: a new revision only when the desired definition differs from the
 * one the service runs (or, before there is a service, from the family's latest revision).
 */
public final class TaskDefinitionStep extends StepBase {
  public static final String NAME = "task-definition";

  public TaskDefinitionStep() {
    super(NAME, SERVICE);
  }

  @Override
  public Set<String> needs() {
    return Set.of(DatabaseConnectionStep.NAME, CacheStep.NAME, LogGroupStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    ApiSpec api = ctx.stack().getSpec().api;
    Optional<String> role = Optional.ofNullable(api.executionRoleArn).or(() -> ctx.defaults().executionRoleArn());
    if (role.isEmpty()) {
      return StepOutcome.stalled(NAME, SERVICE, "NoExecutionRole", "set spec.api.executionRoleArn, or start the "
          + "operator with --default-execution-role-arn: ECS needs a role to pull the image and read the secrets");
    }
    TaskDefinition want = TaskDefinitionDesired.of(api, ctx.names(), new TaskDefinitionDesired.Inputs(ctx.region(),
        role.get(), ctx.observed().databaseUrlValueFrom, ctx.observed().redis));
    EcsGateway ecs = ctx.aws().ecs();
    String cluster = ServiceDesired.cluster(api, ctx.defaults().cluster());
    Optional<Service> service = ecs.findService(cluster, ctx.names().serviceName());
    ctx.observed().service = service.orElse(null);
    Optional<String> running = service.map(Service::taskDefinitionArn);
    List<String> diff = differences(ecs, want, running);
    if (diff.isEmpty()) {
      ctx.observed().taskDefinitionArn = running.get();
      return StepOutcome.ready(NAME, SERVICE, "TaskDefinitionReady", running.get());
    }
    // The revision the stack last settled on (the service may have been moved off it by hand),
    // or one registered by an earlier pass whose rollout has not happened yet (a failed
    // UpdateService, a migration under way, a rollback) is reused rather than registered again.
    Optional<String> recorded = Optional.ofNullable(ctx.stack().getStatus()).map(s -> s.api)
        .map(a -> a.taskDefinitionArn).filter(r -> !running.equals(Optional.of(r)));
    Optional<String> latest = last(ecs.activeRevisions(ctx.names().taskFamily()))
        .filter(l -> !running.equals(Optional.of(l)) && !recorded.equals(Optional.of(l)));
    Optional<String> reusable = java.util.stream.Stream.of(recorded, latest).flatMap(Optional::stream)
        .filter(candidate -> differences(ecs, want, Optional.of(candidate)).isEmpty()).findFirst();
    if (reusable.isPresent()) {
      ctx.observed().taskDefinitionArn = reusable.get();
    } else {
      ctx.observed().taskDefinitionArn = ecs.registerTaskDefinition(want);
      ctx.observed().acted("TaskDefinitionRegistered", "registered " + ctx.observed().taskDefinitionArn
          + " (changed: " + String.join(", ", diff) + ")");
    }
    return StepOutcome.ready(NAME, SERVICE, "TaskDefinitionReady", ctx.observed().taskDefinitionArn);
  }

  /** Runs once the service is gone: no revision of the family stays ACTIVE. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    for (String arn : ctx.aws().ecs().activeRevisions(ctx.names().taskFamily())) {
      ctx.aws().ecs().deregisterTaskDefinition(arn);
    }
    return StepOutcome.ready(NAME, SERVICE, "TaskDefinitionsDeregistered", "task definitions deregistered");
  }

  private static List<String> differences(EcsGateway ecs, TaskDefinition want, Optional<String> arn) {
    return arn.flatMap(ecs::describeTaskDefinition).map(have -> TaskDefinitionDiff.compare(want, have))
        .orElse(List.of("(no revision yet)"));
  }

  private static Optional<String> last(List<String> arns) {
    return arns.isEmpty() ? Optional.empty() : Optional.of(arns.get(arns.size() - 1));
  }
}
