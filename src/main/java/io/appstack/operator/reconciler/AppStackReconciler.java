package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.status.StackStatusBuilder;
import io.appstack.operator.observe.BatchObserver;
import io.appstack.operator.observe.DriftEventSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JOSDK face of {@link StackPlan}: runs a pass, tells the user what changed, writes status,
 * and says when to look again. Nothing here waits for AWS: soon while AWS is working, at the
 * resync interval once ready (to see drift) or when only a spec change can help.
 */
@ControllerConfiguration(name = AppStackReconciler.NAME, fieldManager = "appstack-operator")
public final class AppStackReconciler implements Reconciler<AppStack>, Cleaner<AppStack> {
  public static final String NAME = "appstack";
  public static final String RECONCILE_CPU = "appstack_reconcile_cpu";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String REDIS_SECRET_INDEX = "redis-url-secret";
  private static final Logger LOG = LoggerFactory.getLogger(AppStackReconciler.class);

  private final OperatorConfig config;
  private final StackPlan plan;
  private final StackEvents events;
  private final StackMetrics metrics;
  private final BatchObserver observer;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer reconcileCpu;

  public AppStackReconciler(OperatorConfig config, StackPlan plan, StackEvents events, StackMetrics metrics,
      BatchObserver observer, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.plan = plan;
    this.events = events;
    this.metrics = metrics;
    this.observer = observer;
    this.registry = registry;
    this.clock = clock;
    // CPU, not wall time: wall time is mostly AWS's, CPU time is what the operator itself costs.
    this.reconcileCpu = Timer.builder(RECONCILE_CPU).description("CPU time of the reconciling thread per reconcile")
        .publishPercentiles(0.5, 0.95).register(registry);
  }

  /**
   * Watches Kubernetes Secrets so that a change of an external Redis URL is rolled out at once;
   * an index on the stacks maps a Secret to the stacks that reference it.
   */
  @Override
  public List<EventSource<?, AppStack>> prepareEventSources(EventSourceContext<AppStack> context) {
    context.getPrimaryCache().addIndexer(REDIS_SECRET_INDEX, stack -> redisSecret(stack).map(List::of).orElse(List.of()));
    InformerEventSourceConfiguration<Secret> secrets = InformerEventSourceConfiguration.from(Secret.class, AppStack.class)
        .withName("redis-url-secrets")
        .withItemStore(CachedFields.secretIdentities())
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
            .byIndex(REDIS_SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(secrets, context),
        new DriftEventSource(context.getPrimaryCache(), observer, config.resyncInterval(), registry));
  }

  private static Optional<String> redisSecret(AppStack stack) {
    var redis = stack.getSpec() == null ? null : stack.getSpec().redis;
    if (redis == null || redis.external == null || redis.external.urlSecretRef == null) {
      return Optional.empty();
    }
    return Optional.of(stack.getMetadata().getNamespace() + "/" + redis.external.urlSecretRef.name);
  }

  @Override
  public UpdateControl<AppStack> reconcile(AppStack stack, Context<AppStack> context) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    try {
      return reconcileStack(stack);
    } finally {
      reconcileCpu.record(THREADS.getCurrentThreadCpuTime() - cpuStart, TimeUnit.NANOSECONDS);
    }
  }

  private UpdateControl<AppStack> reconcileStack(AppStack stack) {
    StackPlan.Result result = plan.apply(stack);
    events.report(stack, result.actions(), stack.getStatus(), result.status());
    metrics.stackObserved(stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
        result.status().conditions.stream().anyMatch(c -> StackStatusBuilder.READY.equals(c.getType())
            && "True".equals(c.getStatus())), driftedFields(result.status()));
    UpdateControl<AppStack> control = UpdateControl.patchStatus(withStatus(stack, result.status()));
    return nextLook(stack, result).map(control::rescheduleAfter).orElse(control);
  }

  /** The finalizer goes only when every step reports nothing left in AWS (or retained). */
  @Override
  public DeleteControl cleanup(AppStack stack, Context<AppStack> context) {
    StackPlan.Result result = plan.teardown(stack);
    events.report(stack, result.actions(), stack.getStatus(), result.status());
    if (result.allReady()) {
      LOG.info("stack={}/{} released deletion_policy={}", stack.getMetadata().getNamespace(),
          stack.getMetadata().getName(), stack.getSpec().database.deletionPolicy);
      metrics.stackDeleted(stack.getMetadata().getNamespace(), stack.getMetadata().getName());
      return DeleteControl.defaultDelete();
    }
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(stack, withStatus(stack, result.status()), context);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(
        (result.progressing() ? config.progressInterval() : config.resyncInterval()).toMillis());
  }

  /** Unexpected failures (AWS 5xx, throttling, timeouts) are retried by JOSDK with backoff. */
  @Override
  public ErrorStatusUpdateControl<AppStack> updateErrorStatus(AppStack stack, Context<AppStack> context, Exception e) {
    LOG.warn("stack={}/{} pass failed, retrying: {}", stack.getMetadata().getNamespace(),
        stack.getMetadata().getName(), e.getMessage());
    AppStackStatus status = StackStatusBuilder.retrying(stack.getStatus(), stack.getMetadata().getGeneration(),
        "retrying after: " + e.getMessage(), clock.instant());
    return ErrorStatusUpdateControl.patchStatus(withStatus(stack, status));
  }

  /** Drifted fields by resource kind ("security-group:appstack-x-db" counts as security-group). */
  private static java.util.Map<String, Integer> driftedFields(AppStackStatus status) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    if (status.drift != null) {
      status.drift.forEach(d -> counts.merge(d.resource.substring(0, d.resource.indexOf(':')), 1, Integer::sum));
    }
    return counts;
  }

  /**
   * Soon while AWS is working. A converged stack is looked at again only when the drift poller
   * sees a change, unless its health (targets, URL) has to be followed, which no poll covers; a
   * stalled or degraded one at the resync interval.
   */
  private Optional<Duration> nextLook(AppStack stack, StackPlan.Result result) {
    if (result.progressing()) {
      return Optional.of(config.progressInterval());
    }
    boolean watchesHealth = stack.getSpec().api.healthCheckUrl != null || stack.getSpec().api.loadBalancer != null;
    return result.allReady() && !watchesHealth ? Optional.empty() : Optional.of(config.resyncInterval());
  }

  /** A fresh object with only what a server-side-apply status patch needs. */
  private static AppStack withStatus(AppStack stack, AppStackStatus status) {
    AppStack patch = new AppStack();
    patch.setMetadata(new ObjectMetaBuilder().withName(stack.getMetadata().getName())
        .withNamespace(stack.getMetadata().getNamespace()).build());
    patch.setStatus(status);
    return patch;
  }
}
