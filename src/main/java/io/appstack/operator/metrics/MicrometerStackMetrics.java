package io.appstack.operator.metrics;

import io.appstack.operator.reconciler.StackMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link StackMetrics} on Micrometer: appstack_migrations_total{outcome},
 * appstack_drift_corrections_total, and the gauges appstack_stack_ready and
 * appstack_stack_drifted_fields, by namespace and name (never ARNs or values).
 */
public final class MicrometerStackMetrics implements StackMetrics {
  public static final String MIGRATIONS = "appstack_migrations";
  public static final String DRIFT_CORRECTIONS = "appstack_drift_corrections";
  public static final String READY = "appstack_stack_ready";
  public static final String DRIFTED = "appstack_stack_drifted_fields";
  private static final java.util.List<String> KINDS = java.util.List.of("rds", "ecs-service", "security-group");
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> gauges = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int REMEMBERED = 10_000;
  private final MeterRegistry registry;
  /** Tasks already counted; bounded, oldest forgotten first. */
  private final Set<String> counted = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  public MicrometerStackMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void migrationFinished(String taskArn, String outcome) {
    synchronized (counted) {
      if (!counted.add(taskArn)) {
        return;
      }
    }
    Counter.builder(MIGRATIONS).description("Migration tasks that ended, by outcome").tag("outcome", outcome)
        .register(registry).increment();
  }

  @Override
  public void stackObserved(String namespace, String name, boolean ready, Map<String, Integer> driftedFields) {
    gauge(READY, "1 when every component of the stack is ready", namespace, name, null).set(ready ? 1 : 0);
    for (String kind : KINDS) {
      gauge(DRIFTED, "Fields of the stack's AWS resources that differ from the spec", namespace, name, kind)
          .set(driftedFields.getOrDefault(kind, 0));
    }
  }

  @Override
  public void stackDeleted(String namespace, String name) {
    registry.getMeters().stream()
        .filter(m -> List.of(READY, DRIFTED, DRIFT_CORRECTIONS).contains(m.getId().getName())
            && namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("name")))
        .toList().forEach(registry::remove);
    gauges.keySet().removeIf(k -> k.startsWith(namespace + "/" + name + "/"));
  }

  private java.util.concurrent.atomic.AtomicInteger gauge(String metric, String help, String namespace, String name,
      String resource) {
    return gauges.computeIfAbsent(namespace + "/" + name + "/" + metric + "/" + resource, k -> {
      var value = new java.util.concurrent.atomic.AtomicInteger();
      var builder = io.micrometer.core.instrument.Gauge.builder(metric, value, java.util.concurrent.atomic.AtomicInteger::get)
          .description(help).tag("namespace", namespace).tag("name", name);
      if (resource != null) {
        builder.tag("resource", resource);
      }
      builder.register(registry);
      return value;
    });
  }

  @Override
  public void driftCorrected(String namespace, String name, String resource) {
    Counter.builder(DRIFT_CORRECTIONS).description("Drifted resources put back to the spec")
        .tag("namespace", namespace).tag("name", name).tag("resource", resource).register(registry).increment();
  }
}
