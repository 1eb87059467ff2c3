package io.appstack.operator.status;

import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.AppStackStatus.ApiHealth;
import io.appstack.operator.api.v1alpha1.AppStackStatus.ApiStatus;
import io.appstack.operator.api.v1alpha1.AppStackStatus.Probe;
import io.appstack.operator.health.ServiceHealth;
import io.appstack.operator.api.v1alpha1.AppStackStatus.CacheStatus;
import io.appstack.operator.api.v1alpha1.AppStackStatus.DatabaseStatus;
import io.appstack.operator.api.v1alpha1.AppStackStatus.MigrationStatus;
import io.appstack.operator.aws.ecs.EcsGateway.Deployment;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.api.v1alpha1.AppStackStatus.DriftEntry;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.Observed;
import io.appstack.operator.reconciler.StepOutcome;
import io.appstack.operator.reconciler.StepOutcome.State;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only code that builds an AppStack status. kstatus and Argo CD read Ready, Reconciling,
 * Stalled and observedGeneration: Reconciling and Stalled are never both true, Stalled only for
 * what a spec change must fix, Ready only when every component is.
 */
public final class StackStatusBuilder {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String DRIFTED = "Drifted";

  private StackStatusBuilder() {}

  /** What one pass found; {@code components} are those the stack has, in condition order. */
  public record Pass(long generation, boolean deleting, List<Component> components, List<StepOutcome> outcomes,
      Observed observed, AppStackSpec spec) {}

  public static AppStackStatus build(AppStackStatus previous, Pass pass, Instant now) {
    List<Condition> before = previous == null ? List.of() : previous.conditions;
    AppStackStatus status = new AppStackStatus();
    status.observedGeneration = pass.generation();

    Map<Component, StepOutcome> worst = new EnumMap<>(Component.class);
    for (StepOutcome o : pass.outcomes()) {
      // The worst outcome speaks for the component; among equals the later step, which knows most.
      worst.merge(o.component(), o, (a, b) -> b.state().compareTo(a.state()) >= 0 ? b : a);
    }
    Optional<StepOutcome> stalled = first(pass.outcomes(), State.STALLED);
    Optional<StepOutcome> progressing = first(pass.outcomes(), State.PROGRESSING);
    Optional<StepOutcome> waiting = first(pass.outcomes(), State.WAITING);
    Optional<StepOutcome> degraded = first(pass.outcomes(), State.DEGRADED);
    boolean ready = !pass.deleting() && pass.outcomes().stream().allMatch(StepOutcome::isReady)
        && pass.components().stream().allMatch(worst::containsKey);

    long gen = pass.generation();
    List<Condition> conditions = new ArrayList<>();
    if (ready) {
      conditions.add(Conditions.next(before, READY, true, "StackReady", "every component of the stack is ready", gen, now));
    } else {
      StepOutcome why = stalled.or(() -> progressing).or(() -> degraded).or(() -> waiting).orElse(null);
      conditions.add(Conditions.next(before, READY, false, why == null ? "Pending" : why.reason(),
          why == null ? "waiting for the first pass" : why.message(), gen, now));
    }
    // Only a step with work under way makes the stack Reconciling; steps merely waiting on a
    // degraded or stalled one are not, and Degraded alone means the operator has nothing to do.
    boolean reconciling = stalled.isEmpty() && progressing.isPresent();
    conditions.add(Conditions.next(before, RECONCILING, reconciling,
        reconciling ? progressing.get().reason() : "Idle",
        reconciling ? progressing.get().message() : "no work under way", gen, now));
    conditions.add(Conditions.next(before, STALLED, stalled.isPresent(),
        stalled.map(StepOutcome::reason).orElse("NotStalled"),
        stalled.map(StepOutcome::message).orElse("nothing needs a change of spec"), gen, now));
    for (Component c : pass.components()) {
      StepOutcome o = worst.get(c);
      conditions.add(o == null
          ? Conditions.next(before, c.conditionType(), false, "WaitingForDependencies", "waiting for earlier steps", gen, now)
          : Conditions.next(before, c.conditionType(), o.isReady(), o.reason(), o.message(), gen, now));
    }
    List<io.appstack.operator.drift.FieldDiff> drift = pass.observed().drift;
    conditions.add(Conditions.next(before, DRIFTED, !drift.isEmpty(), drift.isEmpty() ? "NoDrift" : "DriftDetected",
        drift.isEmpty() ? "AWS matches the spec as far as checked"
            : drift.size() + " field(s) in AWS differ from the spec: " + drift.stream()
                .map(d -> d.resource() + " " + d.field() + " " + d.actual() + " (spec " + d.desired() + ")")
                .collect(java.util.stream.Collectors.joining("; ")), gen, now));
    status.conditions = conditions;
    status.phase = phase(pass, stalled, progressing, degraded, ready);
    // Converged: nothing under way and nothing stalled. An unhealthy target or URL (DEGRADED), and
    // steps waiting only on such a one, are about what runs, not about carrying out the spec.
    boolean converged = !pass.deleting() && stalled.isEmpty() && progressing.isEmpty();
    status.appliedGeneration = converged ? Long.valueOf(pass.generation())
        : previous == null ? null : previous.appliedGeneration;
    status.database = database(previous, pass.observed());
    status.cache = cache(previous, pass);
    status.api = api(previous, pass.observed());
    status.migration = migration(previous, pass.observed());
    if (!pass.observed().drift.isEmpty()) {
      status.drift = pass.observed().drift.stream().sorted(Comparator.comparing(d -> d.resource() + d.field()))
          .map(d -> driftEntry(previous, d, now)).toList();
    }
    return status;
  }

  /** Status after an unexpected failure: the previous observations stay, Reconciling says why. */
  public static AppStackStatus retrying(AppStackStatus previous, long generation, String message, Instant now) {
    List<Condition> before = previous == null ? List.of() : previous.conditions;
    AppStackStatus status = new AppStackStatus();
    status.observedGeneration = previous == null ? null : previous.observedGeneration;
    status.appliedGeneration = previous == null ? null : previous.appliedGeneration;
    status.phase = previous == null || previous.phase == null ? "Provisioning" : previous.phase;
    status.database = previous == null ? null : previous.database;
    status.cache = previous == null ? null : previous.cache;
    status.api = previous == null ? null : previous.api;
    status.migration = previous == null ? null : previous.migration;
    status.drift = previous == null ? null : previous.drift;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.next(before, READY, false, "Retrying", message, generation, now));
    conditions.add(Conditions.next(before, RECONCILING, true, "Retrying", message, generation, now));
    conditions.add(Conditions.next(before, STALLED, false, "NotStalled", "the failure is retried", generation, now));
    before.stream().filter(c -> !List.of(READY, RECONCILING, STALLED).contains(c.getType())).forEach(conditions::add);
    status.conditions = conditions;
    return status;
  }

  private static DatabaseStatus database(AppStackStatus previous, Observed observed) {
    if (observed.dbInstance == null && observed.credentialsSecretArn == null) {
      return previous == null ? null : previous.database;
    }
    DatabaseStatus db = new DatabaseStatus();
    db.credentialsSecretArn = observed.credentialsSecretArn;
    if (observed.dbInstance != null) {
      db.identifier = observed.dbInstance.identifier();
      db.status = observed.dbInstance.status();
      db.endpoint = observed.dbInstance.endpoint();
      db.port = observed.dbInstance.port();
    } else if (previous != null && previous.database != null) {
      db.identifier = previous.database.identifier;
      db.status = previous.database.status;
      db.endpoint = previous.database.endpoint;
      db.port = previous.database.port;
    }
    return db;
  }

  private static ApiHealth health(ServiceHealth h) {
    ApiHealth health = new ApiHealth();
    health.state = switch (h.state()) {
      case HEALTHY -> "Healthy";
      case UNHEALTHY -> "Unhealthy";
      case UNKNOWN -> "Unknown";
    };
    if (h.targets().isPresent()) {
      health.targetsHealthy = (int) h.healthyTargets();
      health.targetsUnhealthy = (int) h.unhealthyTargets();
      health.targetReasons = h.targetReasons().isEmpty() ? null : h.targetReasons();
    }
    h.probe().ifPresent(p -> {
      Probe probe = new Probe();
      probe.url = p.url();
      probe.ok = p.ok();
      probe.statusCode = p.statusCode();
      probe.latencyMs = p.latencyMillis();
      probe.checkedAt = p.checkedAt().toString();
      probe.error = p.error();
      health.probe = probe;
    });
    return health;
  }

  /**
   * Deleting, Ready, or what is under way (Migrating, Deploying, Provisioning). A failed migration
   * or rollout leaves the previous revision serving: Degraded, as is an unhealthy service with
   * nothing under way; other stalls: Failed.
   */
  private static String phase(Pass pass, Optional<StepOutcome> stalled, Optional<StepOutcome> progressing,
      Optional<StepOutcome> degraded, boolean ready) {
    if (pass.deleting()) {
      return "Deleting";
    }
    if (stalled.isPresent()) {
      boolean stillServing = pass.observed().service != null
          && List.of("MigrationFailed", "RolloutFailed").contains(stalled.get().reason());
      return stillServing ? "Degraded" : "Failed";
    }
    if (ready) {
      return "Ready";
    }
    if (degraded.isPresent() && progressing.isEmpty()) {
      return "Degraded";
    }
    Component busy = progressing.map(StepOutcome::component).orElse(null);
    return busy == Component.MIGRATIONS ? "Migrating" : busy == Component.SERVICE ? "Deploying" : "Provisioning";
  }

  private static MigrationStatus migration(AppStackStatus previous, Observed observed) {
    Observed.MigrationRun run = observed.migration;
    if (run == null) {
      return previous == null ? null : previous.migration;
    }
    MigrationStatus m = new MigrationStatus();
    m.runKey = run.runKey();
    m.generation = run.generation();
    m.image = run.image();
    m.taskArn = run.taskArn();
    m.phase = run.phase();
    m.exitCode = run.exitCode();
    m.startedAt = run.startedAt() == null ? null : run.startedAt().toString();
    m.finishedAt = run.finishedAt() == null ? null : run.finishedAt().toString();
    m.message = run.message();
    m.logStream = run.logStream();
    return m;
  }

  private static CacheStatus cache(AppStackStatus previous, Pass pass) {
    CacheStatus cache = new CacheStatus();
    cache.mode = pass.spec().redis == null ? "none" : pass.spec().redis.mode.name();
    ReplicationGroup group = pass.observed().replicationGroup;
    if (group != null) {
      cache.endpoint = group.primaryEndpoint();
      cache.port = group.port();
      cache.status = group.status();
    } else if ("sidecar".equals(cache.mode)) {
      cache.endpoint = "127.0.0.1";
      cache.port = 6379;
    } else if (previous != null && previous.cache != null && cache.mode.equals(previous.cache.mode)) {
      cache.endpoint = previous.cache.endpoint;
      cache.port = previous.cache.port;
      cache.status = previous.cache.status;
    }
    return cache;
  }

  private static ApiStatus api(AppStackStatus previous, Observed observed) {
    Service service = observed.service;
    if (service == null) {
      return previous == null ? null : previous.api;
    }
    ApiStatus api = new ApiStatus();
    if (observed.failedRollout != null) {
      api.failedTaskDefinitionArn = observed.failedRollout.taskDefinitionArn();
      api.failureReason = observed.failedRollout.reason();
    } else if (previous != null && previous.api != null && previous.api.failedTaskDefinitionArn != null
        && previous.api.failedTaskDefinitionArn.equals(observed.taskDefinitionArn)) {
      // The pass did not get as far as the service, and the spec still asks for the failed revision.
      api.failedTaskDefinitionArn = previous.api.failedTaskDefinitionArn;
      api.failureReason = previous.api.failureReason;
    }
    api.serviceArn = service.arn();
    api.taskDefinitionArn = observed.taskDefinitionArn != null ? observed.taskDefinitionArn : service.taskDefinitionArn();
    api.desiredCount = service.desiredCount();
    api.runningCount = service.runningCount();
    api.rolloutState = service.primary().map(Deployment::rolloutState).orElse(null);
    api.health = observed.health != null ? health(observed.health)
        : previous != null && previous.api != null ? previous.api.health : null;
    return api;
  }

  /** A difference seen before keeps the time it was first seen. */
  private static DriftEntry driftEntry(AppStackStatus previous, io.appstack.operator.drift.FieldDiff d, Instant now) {
    DriftEntry e = new DriftEntry();
    e.resource = d.resource();
    e.field = d.field();
    e.desired = d.desired();
    e.actual = d.actual();
    e.detectedAt = previous == null || previous.drift == null ? now.toString()
        : previous.drift.stream().filter(p -> e.resource.equals(p.resource) && e.field.equals(p.field)
            && e.desired.equals(p.desired) && e.actual.equals(p.actual))
            .map(p -> p.detectedAt).findFirst().orElse(now.toString());
    return e;
  }

  private static Optional<StepOutcome> first(List<StepOutcome> outcomes, State state) {
    return outcomes.stream().filter(o -> o.state() == state).findFirst();
  }
}
