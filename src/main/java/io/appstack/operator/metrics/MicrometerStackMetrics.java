package io.appstack.operator.metrics;

import io.appstack.operator.reconciler.StackMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@link StackMetrics} on Micrometer: appstack_migrations_total{outcome}. */
public final class MicrometerStackMetrics implements StackMetrics {
  public static final String MIGRATIONS = "appstack_migrations";
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
}
