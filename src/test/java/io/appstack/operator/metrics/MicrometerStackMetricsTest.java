package io.appstack.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Readiness and drift gauges per stack, drift corrections and migrations on a Micrometer registry. */
class MicrometerStackMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerStackMetrics metrics = new MicrometerStackMetrics(registry);

  private Gauge ready(String namespace, String name) {
    return registry.find(MicrometerStackMetrics.READY).tag("namespace", namespace).tag("name", name).gauge();
  }

  /** The drifted-fields gauges of one stack, by resource kind. */
  private Map<String, Double> drifted(String namespace, String name) {
    Map<String, Double> byKind = new TreeMap<>();
    registry.find(MicrometerStackMetrics.DRIFTED).tag("namespace", namespace).tag("name", name).gauges()
        .forEach(g -> byKind.put(g.getId().getTag("resource"), g.value()));
    return byKind;
  }

  private List<String> meters() {
    return registry.getMeters().stream().map(Meter::getId).map(id -> id.getName() + id.getTags()).sorted().toList();
  }

  @Test
  void readyGaugeIsOneForAReadyStackAndZeroOtherwise() {
    metrics.stackObserved("staging", "shop", true, Map.of());
    metrics.stackObserved("staging", "blog", false, Map.of());
    assertEquals(1.0, ready("staging", "shop").value(), meters().toString());
    assertEquals(0.0, ready("staging", "blog").value());
    metrics.stackObserved("staging", "shop", false, Map.of());
    assertEquals(0.0, ready("staging", "shop").value(), "a later pass replaces the value");
  }

  @Test
  void driftedFieldsGaugeIsPublishedPerStackAndResourceKindWithZeroForTheRest() {
    metrics.stackObserved("staging", "shop", true, Map.of("security-group", 2, "ecs-service", 1));
    metrics.stackObserved("prod", "shop", true, Map.of("rds", 3));
    assertEquals(Map.of("rds", 0.0, "ecs-service", 1.0, "security-group", 2.0), drifted("staging", "shop"),
        meters().toString());
    assertEquals(Map.of("rds", 3.0, "ecs-service", 0.0, "security-group", 0.0), drifted("prod", "shop"));
  }

  @Test
  void driftThatClearsGoesBackToZeroWithoutNewGauges() {
    metrics.stackObserved("staging", "shop", true, Map.of("security-group", 1));
    int meters = registry.getMeters().size();
    metrics.stackObserved("staging", "shop", true, Map.of());
    assertEquals(Map.of("rds", 0.0, "ecs-service", 0.0, "security-group", 0.0), drifted("staging", "shop"));
    assertEquals(meters, registry.getMeters().size(), meters().toString());
  }

  @Test
  void stackDeletedRemovesItsGaugesAndOnlyItsOwn() {
    metrics.stackObserved("staging", "shop", true, Map.of("rds", 1));
    metrics.stackObserved("staging", "shop-two", true, Map.of("rds", 2));
    metrics.stackObserved("prod", "shop", true, Map.of());

    metrics.stackDeleted("staging", "shop");

    assertNull(ready("staging", "shop"), meters().toString());
    assertEquals(Map.of(), drifted("staging", "shop"));
    assertEquals(1.0, ready("staging", "shop-two").value(), "a stack whose name starts alike stays");
    assertEquals(2.0, drifted("staging", "shop-two").get("rds"));
    assertEquals(1.0, ready("prod", "shop").value(), "the same name in another namespace stays");
  }

  @Test
  void stackObservedAgainAfterDeletionIsPublishedAgain() {
    metrics.stackObserved("staging", "shop", true, Map.of("rds", 1));
    metrics.stackDeleted("staging", "shop");
    metrics.stackObserved("staging", "shop", false, Map.of("ecs-service", 4));
    assertEquals(0.0, ready("staging", "shop").value(), meters().toString());
    assertEquals(Map.of("rds", 0.0, "ecs-service", 4.0, "security-group", 0.0), drifted("staging", "shop"));
  }

  @Test
  void driftCorrectionsAreCountedPerStackAndResource() {
    metrics.driftCorrected("staging", "shop", "security-group");
    metrics.driftCorrected("staging", "shop", "security-group");
    metrics.driftCorrected("staging", "shop", "ecs-service");
    Counter sg = registry.find(MicrometerStackMetrics.DRIFT_CORRECTIONS).tag("namespace", "staging")
        .tag("name", "shop").tag("resource", "security-group").counter();
    Counter svc = registry.find(MicrometerStackMetrics.DRIFT_CORRECTIONS).tag("resource", "ecs-service").counter();
    assertEquals(List.of(2.0, 1.0), List.of(sg.count(), svc.count()), meters().toString());
  }

  @Test
  void migrationFinishedCountsATaskOnce() {
    metrics.migrationFinished("arn:aws:ecs:task/1", "succeeded");
    metrics.migrationFinished("arn:aws:ecs:task/1", "succeeded");
    metrics.migrationFinished("arn:aws:ecs:task/2", "failed");
    metrics.migrationFinished("arn:aws:ecs:task/2", "succeeded");
    assertEquals(1.0, registry.find(MicrometerStackMetrics.MIGRATIONS).tag("outcome", "succeeded").counter().count(),
        meters().toString());
    assertEquals(1.0, registry.find(MicrometerStackMetrics.MIGRATIONS).tag("outcome", "failed").counter().count());
  }
}
