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
import java.nio.ByteBuffer;
import java.util.List;
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

  @BeforeAll
  static void operatorWhoseStatusPatchesConflict() {
    operator.close();
    operator = new RunningOperator(new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(KubeControlPlane.shared().kubeconfig()))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("stale-status", STALE)).build(), moto);
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
      s.getSpec().api.replicas = 2;
      return s;
    });
    assertEquals(Integer.valueOf(2), awaitReady("shop").getStatus().api.desiredCount);
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
        ((HttpRequest.Builder) builder).method("PATCH", request.header("Content-Type"), stale);
      }
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response,
        io.fabric8.kubernetes.client.http.AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      if (response.code() == 409 && request.uri().getPath().endsWith("/status")) {
        conflicts.incrementAndGet();
      }
    }
  }
}
