package io.appstack.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** {@link KubeSecrets} on the apiserver: one GET, only for stacks whose Redis is external. */
public final class KubernetesSecrets implements KubeSecrets {
  private final KubernetesClient client;

  public KubernetesSecrets(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Value> read(String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    String rv = secret.getMetadata().getResourceVersion();
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return Optional.of(new Value(new String(Base64.getDecoder().decode(secret.getData().get(key)),
          StandardCharsets.UTF_8), rv));
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.of(new Value(secret.getStringData().get(key), rv));
    }
    return Optional.empty();
  }
}
