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

  /** A control plane of its own, for a test that restarts the apiserver; stop it when done. */
  public static KubeControlPlane dedicated() {
    return new KubeControlPlane();
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

  /** The port the apiserver listens on now; a restart moves it. */
  public int apiServerPort() {
    return ((Number) call(field(server, "kubeApiServerProcess"), "getApiServerPort")).intValue();
  }

  /**
   * Stops the kube-apiserver process and starts a new one on the same etcd, as a control-plane
   * upgrade does. kube-api-test offers no restart, so its process objects are driven directly; the
   * new process listens on a new port (see {@link ApiServerProxy}). Returns when it is ready.
   */
  public int restartApiServer() {
    Object process = field(server, "kubeApiServerProcess");
    Process running = (Process) field(process, "apiServerProcess");
    String cmdline;
    try {
      cmdline = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + running.pid() + "/cmdline"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    java.util.regex.Matcher etcd = java.util.regex.Pattern.compile("etcd-servers\\W+http://[^:]+:(\\d+)").matcher(cmdline);
    if (!etcd.find()) {
      throw new IllegalStateException("no --etcd-servers flag in " + cmdline.replace('\0', ' '));
    }
    int etcdPort = Integer.parseInt(etcd.group(1));
    call(process, "stopApiServer");
    try {
      java.lang.reflect.Method start = process.getClass().getMethod("startApiServer", int.class);
      int port = (Integer) start.invoke(process, etcdPort);
      call(process, "waitUntilReady");
      return port;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  public void stop() {
    client.close();
    server.stop();
  }

  private static Object field(Object target, String name) {
    try {
      java.lang.reflect.Field f = target.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test internals changed: " + name, e);
    }
  }

  private static Object call(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test internals changed: " + method, e);
    }
  }

  private void applyCrd() {
    Path crd = TestSettings.crdFile();
    try (InputStream in = new FileInputStream(crd.toFile())) {
      CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(def).serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(def.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
              .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + crd, e);
    }
  }
}
