package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.SERVICE;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.desired.ServiceDesired;
import io.appstack.operator.drift.FieldDiff;
import io.appstack.operator.health.ServiceHealth;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.Observed;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * The ECS service: private subnets, no public IP, the deployment circuit breaker with rollback.
 * Ready when its primary deployment runs the desired revision with every task up.
 */
public final class ServiceStep extends StepBase {
  public static final String NAME = "service";

  public ServiceStep() {
    super(NAME, SERVICE);
  }

  @Override
  public Set<String> needs() {
    return Set.of(TaskDefinitionStep.NAME, NetworkStep.NAME, MigrationStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    ApiSpec api = ctx.stack().getSpec().api;
    EcsGateway ecs = ctx.aws().ecs();
    String cluster = ServiceDesired.cluster(api, ctx.defaults().cluster());
    String name = ctx.names().serviceName();
    String revision = ctx.observed().taskDefinitionArn;
    Optional<Service> found = Optional.ofNullable(ctx.observed().service);
    if (found.isEmpty()) {
      ecs.createService(ServiceDesired.of(api, ctx.names(), cluster, revision, ctx.stack().getSpec().network.privateSubnetIds,
          ctx.observed().apiSecurityGroupId), ctx.stack().getMetadata().getUid());
      ctx.observed().acted("ServiceCreated", "created ECS service " + name + " in cluster " + cluster + " with "
          + api.replicas + " task(s) of " + revision);
      return StepOutcome.progressing(NAME, SERVICE, "Deploying", "ECS service " + name + " is starting");
    }
    Service service = found.get();
    if (!ctx.names().ownedBy(service.tags())) {
      return notOwned("ECS service " + name + " in cluster " + cluster, ctx.names());
    }
    if ("DRAINING".equals(service.status())) {
      return StepOutcome.progressing(NAME, SERVICE, "ServiceDraining", "ECS service " + name
          + " is being deleted outside the operator; it is created again once it is gone");
    }
    Optional<Deployment> failed = service.deployments().stream()
        .filter(d -> "FAILED".equals(d.rolloutState()) && revision.equals(d.taskDefinitionArn())).findFirst();
    boolean newRevision = !revision.equals(service.taskDefinitionArn());
    var before = ctx.stack().getStatus() == null ? null : ctx.stack().getStatus().api;
    boolean failedBefore = newRevision && before != null && revision.equals(before.failedTaskDefinitionArn);
    if (failed.isPresent() || failedBefore) {
      // The circuit breaker rolled back to the previous revision, which keeps serving. The same
      // definition would fail again: only a spec change that yields a new revision retries.
      String reason = failed.map(Deployment::rolloutStateReason).orElse(before == null ? null : before.failureReason);
      ctx.observed().failedRollout = new Observed.FailedRollout(revision, reason);
      return StepOutcome.stalled(NAME, SERVICE, "RolloutFailed", "the deployment of " + revision
          + " failed and was rolled back; the previous revision keeps serving: " + reason);
    }
    boolean newCount = service.desiredCount() != api.replicas;
    // Drift: the stack had converged on this spec and the desired revision is still the one the
    // service was left on, yet it runs another revision or count. A new desired revision (a new
    // secret version, a fixed image) is no drift: it rolls out.
    boolean revisionDrift = newRevision && ctx.converged() && before != null && revision.equals(before.taskDefinitionArn);
    boolean countDrift = newCount && ctx.converged();
    if (revisionDrift || countDrift) {
      if (revisionDrift) {
        ctx.observed().drift.add(new FieldDiff("ecs-service:" + name, "taskDefinition", revision,
            service.taskDefinitionArn(), FieldDiff.Change.IN_PLACE));
      }
      if (countDrift) {
        ctx.observed().drift.add(new FieldDiff("ecs-service:" + name, "desiredCount", String.valueOf(api.replicas),
            String.valueOf(service.desiredCount()), FieldDiff.Change.IN_PLACE));
      }
      if (!ctx.correctsDrift()) {
        if (newRevision && !revisionDrift) {
          // A revision the spec asks for (a fixed image, a new secret version) still rolls out;
          // only the drifted count is left as it is.
          ecs.updateService(cluster, name, revision, null, false);
          ctx.observed().acted("ServiceUpdated", "updated ECS service " + name + ": revision " + revision);
          return StepOutcome.progressing(NAME, SERVICE, "Deploying", "rolling out " + revision);
        }
        return StepOutcome.ready(NAME, SERVICE, "DriftDetected", "ECS service " + name
            + " differs from the spec; driftPolicy Detect reports it without correcting it");
      }
      ctx.metrics().driftCorrected(ctx.names().namespace(), ctx.names().name(), "ecs-service");
    }
    if (newRevision || newCount) {
      ecs.updateService(cluster, name, newRevision ? revision : null, newCount ? api.replicas : null, false);
      ctx.observed().acted("ServiceUpdated", "updated ECS service " + name + ":"
          + (newRevision ? " revision " + revision : "") + (newCount ? " replicas " + api.replicas : ""));
      return StepOutcome.progressing(NAME, SERVICE, "Deploying", "rolling out " + revision + " with "
          + api.replicas + " task(s)");
    }
    Optional<Deployment> primary = service.primary();
    boolean settled = primary.isPresent() && revision.equals(primary.get().taskDefinitionArn())
        && "COMPLETED".equals(primary.get().rolloutState()) && service.runningCount() >= api.replicas;
    if (!settled) {
      return StepOutcome.progressing(NAME, SERVICE, "Deploying", service.runningCount() + " of " + api.replicas
          + " task(s) running " + revision);
    }
    ServiceHealth health = new ServiceHealth(
        Optional.ofNullable(api.loadBalancer).map(lb -> ctx.aws().elb().targetHealth(lb.targetGroupArn)),
        api.healthCheckUrl != null, Optional.ofNullable(api.healthCheckUrl).flatMap(url -> ctx.probe().latest(url)));
    ctx.observed().health = health;
    String running = service.runningCount() + " of " + api.replicas + " task(s) running " + revision;
    return switch (health.state()) {
      case HEALTHY -> StepOutcome.ready(NAME, SERVICE, "ServiceReady", running);
      case UNKNOWN -> StepOutcome.progressing(NAME, SERVICE, "AwaitingHealthCheck", running
          + "; waiting for the first answer of " + api.healthCheckUrl);
      case UNHEALTHY -> StepOutcome.degraded(NAME, SERVICE, "ServiceUnhealthy", running + ", but "
          + String.join("; ", health.problems()));
    };
  }

  @Override
  public StepOutcome cleanup(StackContext ctx) {
    ApiSpec api = ctx.stack().getSpec().api;
    String cluster = ServiceDesired.cluster(api, ctx.defaults().cluster());
    String name = ctx.names().serviceName();
    Optional<Service> found = ctx.aws().ecs().findService(cluster, name);
    if (found.isEmpty() || !ctx.names().ownedBy(found.get().tags())) {
      return StepOutcome.ready(NAME, SERVICE, "ServiceDeleted", "ECS service " + name + " is gone");
    }
    if ("ACTIVE".equals(found.get().status())) {
      ctx.aws().ecs().deleteService(cluster, name);
      ctx.observed().acted("ServiceDeleting", "deleting ECS service " + name);
    }
    return StepOutcome.progressing(NAME, SERVICE, "ServiceDeleting", "ECS service " + name + " is draining");
  }
}
