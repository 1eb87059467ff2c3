package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.metrics.AwsCallMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fifth of all AWS requests fail (503 or the protocol's throttling error, injected in front of
 * moto): the SDK's adaptive retries and the operator's rescheduling still bring a whole stack up,
 * and tear it down, without a reconcile storm.
 */
class AwsFaultIT extends OperatorTestBase {
  /** Convergence, not speed, is the point: runs here took 19 s to 90 s and more (backoff, adaptive retries). */
  private static final Duration UNDER_FAULTS = Duration.ofMinutes(5);

  @AfterEach
  void noMoreFaults() throws Exception {
    faults(0);
  }

  @Test
  void aStackConvergesAndIsDeletedWhileOneRequestInFiveFails() throws Exception {
    double attemptsBefore = sum(AwsCallMetrics.ATTEMPTS);
    double callsBefore = sum(AwsCallMetrics.CALLS);
    faults(0.2);
    long started = System.nanoTime();
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete",
        "redis:\n    mode: elasticache\n    elasticache: {nodeType: cache.t3.micro, replicas: 1}\n"));
    org.awaitility.Awaitility.await().atMost(UNDER_FAULTS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertTrue(s.getStatus() != null && s.getMetadata().getGeneration().equals(s.getStatus().observedGeneration),
          "not yet acted on");
      assertCondition(s, "Ready", "True");
    });
    AppStack ready = stack("shop").get();
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertEquals("Ready", ready.getStatus().phase);
    double attempts = sum(AwsCallMetrics.ATTEMPTS) - attemptsBefore;
    double calls = sum(AwsCallMetrics.CALLS) - callsBefore;
    assertTrue(attempts > calls * 1.1, "the SDK retried: " + attempts + " attempts for " + calls + " calls");
    System.out.printf("20%% faults: Ready after %d s, %.0f calls, %.0f attempts%n", seconds, calls, attempts);

    stack("shop").delete();
    org.awaitility.Awaitility.await().atMost(UNDER_FAULTS).until(() -> stack("shop").get() == null);
    faults(0);
    assertTrue(aws.rds.describeDBInstances().dbInstances().isEmpty(), "instance deleted despite the faults");
    assertTrue(aws.elasticache.describeReplicationGroups().replicationGroups().isEmpty(), "cache deleted");
  }

  private static void faults(double rate) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(moto.endpoint() + "/appstack-faults?rate=" + rate)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static double sum(String meter) {
    return operator.registry.find(meter).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
