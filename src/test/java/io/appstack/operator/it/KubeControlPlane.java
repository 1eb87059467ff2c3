package io.appstack.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver and etcd, built from source by hack/build-k8s.sh and started through
 * fabric8 kube-api-test in offline mode, once per test JVM. The AppStack CRD from crds/ is applied.
 */
public final class KubeControlPlane {
  private static KubeControlPlane shared;

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final String kubeconfig;

  private KubeControlPlane() {
    String cache = TestSettings.cacheDir();
    server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(cache + "/kube-api-test")
        .withApiServerVersion(TestSettings.k8sVersion())
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withStartupTimeout(120_000)
        .build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    applyCrd();
  }

  public static synchronized KubeControlPlane shared() {
    if (shared == null) {
      shared = new KubeControlPlane();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shared.client.close();
        shared.server.stop();
      }, "kube-control-plane-stop"));
    }
    return shared;
  }

  public KubernetesClient client() {
    return client;
  }

  public String kubeconfig() {
    return kubeconfig;
  }

  private void applyCrd() {
    Path crd = TestSettings.crdFile();
    try (InputStream in = new FileInputStream(crd.toFile())) {
      CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(def).serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(def.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + crd, e);
    }
  }
}
