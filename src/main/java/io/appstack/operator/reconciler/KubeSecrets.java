package io.appstack.operator.reconciler;

import java.util.Optional;

/** Reads one key of a Kubernetes Secret; empty when the Secret or the key is missing. */
@FunctionalInterface
public interface KubeSecrets {
  Optional<Value> read(String namespace, String name, String key);

  /**
   * A decoded value and the Secret's resourceVersion, which marks a change without the operator
   * having to keep (or hash) the value anywhere.
   */
  record Value(String value, String resourceVersion) {}
}
