package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's connection to the apiserver fails while it runs: every connection (and so every
 * watch) is cut, and the apiserver process is restarted. The same operator, never restarted,
 * picks up what changed meanwhile and afterwards. It talks to a control plane of this class's own
 * through {@link ApiServerProxy}, which keeps one address across the restart.
 */
class KubeFaultIT extends OperatorTestBase {
  private static KubeControlPlane plane;
  private static ApiServerProxy proxy;
  private static io.fabric8.kubernetes.client.KubernetesClient operatorClient;

  @BeforeAll
  static void operatorBehindAProxy() throws IOException {
    plane = KubeControlPlane.dedicated();
    proxy = new ApiServerProxy(plane.apiServerPort());
    Config config = Config.fromKubeconfig(plane.kubeconfig());
    config.setMasterUrl("https://127.0.0.1:" + proxy.port());
    operator.close();
    kube = new KubernetesClientBuilder().withConfig(config).build();  // the test's own calls survive the restart too
    operatorClient = new KubernetesClientBuilder().withConfig(config).build();
    operator = new RunningOperator(operatorClient, moto);
  }

  /** Stops this class's own control plane, so that later test classes do not share the CPU with it. */
  @AfterAll
  static void stopOwnControlPlane() throws IOException {
    operator.close();
    operatorClient.close();
    kube.close();
    proxy.close();
    plane.stop();
  }

  @Test
  void droppedWatchesAreResumedAndNothingIsMissed() {
    apply("first", "Delete");
    awaitReady("first");
    double reconciles = operator.reconciles();

    proxy.cutAll();
    apply("second", "Delete");  // made while the operator's watches are down
    proxy.cutAll();
    setReplicas("first", 3);  // the manifest has 2
    proxy.cutAll();

    awaitReady("second");
    assertEquals(Integer.valueOf(3), awaitReady("first").getStatus().api.desiredCount, "the change made while cut off");
    System.out.printf("watches cut 3 times: both stacks caught up with %.0f reconciles%n",
        operator.reconciles() - reconciles);
  }

  @Test
  void anApiserverRestartIsRiddenOutWithoutRestartingTheOperator() {
    apply("before", "Delete");
    awaitReady("before");

    long started = System.nanoTime();
    int port = plane.restartApiServer();
    proxy.retarget(port);
    System.out.printf("apiserver restarted in %d ms, now on port %d%n", (System.nanoTime() - started) / 1_000_000, port);

    setReplicas("before", 4);
    apply("after", "Delete");
    long resumed = System.nanoTime();
    awaitReady("after");
    assertEquals(Integer.valueOf(4), awaitReady("before").getStatus().api.desiredCount, "a change made after the restart");
    System.out.printf("after the apiserver restart: both stacks acted on within %d ms%n",
        (System.nanoTime() - resumed) / 1_000_000);
  }

  /**
   * A merge patch without a resourceVersion: the operator may be writing the same object at that
   * moment (its status, its finalizer), and a read-modify-write edit would then meet a 409.
   */
  private void setReplicas(String name, int replicas) {
    stack(name).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"api\":{\"replicas\":" + replicas + "}}}");
  }
}
