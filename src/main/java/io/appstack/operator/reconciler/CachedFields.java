package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * What the informers keep of each object, for the memory they hold at scale. Applied as an
 * object enters the cache; the watch itself is unchanged. (The name, namespace and resourceVersion
 * are kept by the store itself.)
 */
public final class CachedFields {
  private CachedFields() {}

  /**
   * Stacks without {@code metadata.managedFields}: nothing here reads them (status is applied
   * server-side from a fresh object), and at 1,000 stacks their field trees were the largest
   * part of each cached stack.
   */
  public static ItemStore<AppStack> stacks() {
    return new TransformingItemStore<>(stack -> {
      stack.getMetadata().setManagedFields(null);
      return stack;
    });
  }

  /**
   * Secrets as their identity only: the informer is there to notice that a referenced Secret
   * changed (its resourceVersion), and the value is read when needed. Without this every Secret
   * in the watched namespaces (Helm releases, certificates) would sit in memory with its data.
   */
  static ItemStore<Secret> secretIdentities() {
    return new TransformingItemStore<>(secret -> new SecretBuilder().withNewMetadata()
        .withUid(secret.getMetadata().getUid()).endMetadata().build());
  }
}
