package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The apiserver answers 409 Conflict to the operator's status patches: the pass is retried and
 * the status lands, nothing of it lost. The conflicts are real apiserver answers: the operator's
 * client (and only it) adds a stale resourceVersion to its next few status patches, as a write
 * racing another writer would carry.
 */
class StatusConflictIT extends OperatorTestBase {
  private static final StaleStatusPatches STALE = new StaleStatusPatches();
  private static io.fabric8.kubernetes.client.KubernetesClient operatorClient;

  @BeforeAll
  static void operatorWhoseStatusPatchesConflict() {
    operator.close();
    operatorClient = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(KubeControlPlane.shared().kubeconfig()))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("stale-status", STALE)).build();
    operator = new RunningOperator(operatorClient, moto);
  }

  @org.junit.jupiter.api.AfterAll
  static void closeClient() {
    operator.close();
    operatorClient.close();
  }

  @Test
  void conflictingStatusPatchesAreRetriedUntilTheStatusLands() {
    STALE.armed.set(3);
    apply("shop", "Delete");
    AppStack ready = awaitReady("shop");
    assertEquals(3, STALE.conflicts.get(), "status patches the apiserver refused with 409");
    assertEquals("Ready", ready.getStatus().phase);
    assertTrue(ready.getStatus().database != null && ready.getStatus().database.endpoint != null,
        "what the refused passes found is in the status");
    System.out.printf("%d status patches refused with 409 Conflict; status landed on retry%n", STALE.conflicts.get());

    STALE.armed.set(2);  // and on a change of a Ready stack
    stack("shop").edit(s -> {
      s.getSpec().api.replicas = 3;
      return s;
    });
    assertEquals(Integer.valueOf(3), awaitReady("shop").getStatus().api.desiredCount);
    assertEquals(5, STALE.conflicts.get());
  }

  /** Puts a stale resourceVersion into the next {@code armed} status patches, so that the apiserver refuses them. */
  static final class StaleStatusPatches implements Interceptor {
    final AtomicInteger armed = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if ("PATCH".equals(request.method()) && request.uri().getPath().endsWith("/status")
          && request.bodyString() != null && request.bodyString().contains("\"metadata\":{")
          && armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        String stale = request.bodyString().replace("\"metadata\":{", "\"metadata\":{\"resourceVersion\":\"1\",");
        String contentType = ((io.fabric8.kubernetes.client.http.StandardHttpRequest) request).getContentType();
        ((HttpRequest.Builder) builder).method("PATCH", contentType, stale);
      }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response,
        RequestTags tags) {
      if (response.code() == 409 && response.request().uri().getPath().endsWith("/status")) {
        conflicts.incrementAndGet();
      }
      return java.util.concurrent.CompletableFuture.completedFuture(false);
    }
  }
}
