package io.appstack.operator.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the integration tests find their tools; the Makefile passes these as system properties. */
final class TestSettings {
  private TestSettings() {}

  static String cacheDir() {
    return System.getProperty("appstack.cache", System.getProperty("user.home") + "/.cache/appstack-operator");
  }

  static String k8sVersion() {
    return System.getProperty("k8s.version", "1.34.4");
  }

  /** The virtualenv's python, which has moto; it runs hack/moto_launcher.py. */
  static Path motoPython() {
    Path p = Path.of(System.getProperty("moto.python", cacheDir() + "/moto-5.2.5/bin/python"));
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(p + " is missing: run `make tools` (hack/install-moto.sh) first");
    }
    return p;
  }

  /** moto_server with the patches that make moto behave as AWS does where the operator relies on it. */
  static Path motoLauncher() {
    return Path.of(System.getProperty("moto.launcher", "hack/moto_launcher.py"));
  }

  /** The helm binary built by hack/install-helm.sh; the Makefile passes it. */
  static Path helm() {
    Path p = Path.of(System.getProperty("helm.bin", cacheDir() + "/helm-3.19.0/helm"));
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(p + " is missing: run `make test` (hack/install-helm.sh) first");
    }
    return p;
  }

  static Path crdFile() {
    return Path.of(System.getProperty("crd.dir", "crds"), "appstacks.appstack.io-v1.yml");
  }
}
