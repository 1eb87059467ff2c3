package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedFieldsTest {

  @Test
  void aCachedStackKeepsEverythingButItsManagedFields() {
    AppStack stack = new AppStack();
    stack.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("team").withResourceVersion("7")
        .withGeneration(3L).withFinalizers("appstack.io/finalizer")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).build());
    var store = CachedFields.stacks();

    store.put(store.getKey(stack), stack);
    ObjectMeta cached = store.get("team/shop").getMetadata();

    assertNull(cached.getManagedFields());
    assertEquals(List.of("shop", "team", "7", 3L, List.of("appstack.io/finalizer")), List.of(cached.getName(),
        cached.getNamespace(), cached.getResourceVersion(), cached.getGeneration(), cached.getFinalizers()));
  }

  @Test
  void aCachedSecretIsItsIdentityWithoutData() {
    Secret secret = new SecretBuilder().withNewMetadata().withName("redis-url").withNamespace("team")
        .withResourceVersion("42").withUid("u-1").withAnnotations(Map.of("a", "b")).endMetadata()
        .withData(Map.of("url", "cmVkaXM6Ly86c2VjcmV0QGhvc3Q=")).build();
    var store = CachedFields.secretIdentities();

    store.put(store.getKey(secret), secret);
    Secret cached = store.get("team/redis-url");

    assertEquals(Map.of(), cached.getData(), "no value is held in memory");
    assertEquals(new ObjectMetaBuilder().withName("redis-url").withNamespace("team").withResourceVersion("42")
        .withUid("u-1").build(), cached.getMetadata(), "enough to map it to its stacks and see it change");
  }
}
