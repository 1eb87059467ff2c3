package io.appstack.operator.it;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs gitops/argocd/appstack-health.lua, as Argo CD would, on an AppStack from the apiserver. */
final class ArgoHealth {
  private ArgoHealth() {}

  /** Argo CD's verdict: "Healthy", "Progressing" or "Degraded", then a tab and the message. */
  static String of(AppStack stack) {
    try {
      Path json = Files.createTempFile("appstack", ".json");
      Files.writeString(json, Serialization.asJson(stack));
      Process lua = new ProcessBuilder(System.getProperty("lua.bin", "lua5.1"), "gitops/argocd/run-health-check.lua",
          "gitops/argocd/appstack-health.lua", json.toString()).redirectErrorStream(true).start();
      String out = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (lua.waitFor() != 0) {
        throw new IllegalStateException("the health check failed: " + out);
      }
      Files.delete(json);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String status(AppStack stack) {
    return of(stack).split("\t")[0];
  }
}
