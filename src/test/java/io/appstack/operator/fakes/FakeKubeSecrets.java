package io.appstack.operator.fakes;

import io.appstack.operator.reconciler.KubeSecrets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes Secrets in memory: namespace/name to keys and values, each Secret with a
 * resourceVersion that, as on the apiserver, moves on with every write.
 */
public final class FakeKubeSecrets implements KubeSecrets {
  private final Map<String, Map<String, String>> data = new HashMap<>();
  private final Map<String, String> resourceVersions = new HashMap<>();
  private long lastResourceVersion = 1000;
  private int reads;

  @Override
  public synchronized Optional<Value> read(String namespace, String name, String key) {
    reads++;
    Map<String, String> secret = data.get(namespace + "/" + name);
    if (secret == null || !secret.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(new Value(secret.get(key), resourceVersions.get(namespace + "/" + name)));
  }

  /** Creates the Secret if needed and sets one key. */
  public synchronized void put(String namespace, String name, String key, String value) {
    data.computeIfAbsent(namespace + "/" + name, k -> new LinkedHashMap<>()).put(key, value);
    resourceVersions.put(namespace + "/" + name, String.valueOf(++lastResourceVersion));
  }

  /** Changes a key of an existing Secret, as {@code kubectl apply} of a new value would. */
  public synchronized void change(String namespace, String name, String key, String value) {
    if (!data.containsKey(namespace + "/" + name)) {
      throw new IllegalArgumentException("no Secret " + namespace + "/" + name);
    }
    put(namespace, name, key, value);
  }

  public synchronized void delete(String namespace, String name) {
    data.remove(namespace + "/" + name);
    resourceVersions.remove(namespace + "/" + name);
  }

  public synchronized Optional<String> resourceVersion(String namespace, String name) {
    return Optional.ofNullable(resourceVersions.get(namespace + "/" + name));
  }

  /** How often the operator read a Secret. */
  public synchronized int reads() {
    return reads;
  }
}
