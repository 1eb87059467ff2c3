package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.reconciler.KubeSecrets.Value;
import org.junit.jupiter.api.Test;

/** Kubernetes Secrets in memory, with resourceVersions that move on every write. */
class FakeKubeSecretsTest {
  private final FakeKubeSecrets secrets = new FakeKubeSecrets();

  @Test
  void readReturnsValueAndResourceVersion() {
    secrets.put("staging", "redis", "url", "redis://a:6379");
    Value v = secrets.read("staging", "redis", "url").orElseThrow();
    assertEquals("redis://a:6379", v.value());
    assertEquals(secrets.resourceVersion("staging", "redis").orElseThrow(), v.resourceVersion());
    assertEquals(1, secrets.reads());
  }

  @Test
  void changingAValueBumpsTheResourceVersion() {
    secrets.put("staging", "redis", "url", "redis://a:6379");
    String before = secrets.read("staging", "redis", "url").orElseThrow().resourceVersion();
    secrets.change("staging", "redis", "url", "redis://b:6379");
    Value after = secrets.read("staging", "redis", "url").orElseThrow();
    assertEquals("redis://b:6379", after.value());
    assertNotEquals(before, after.resourceVersion());
  }

  @Test
  void missingSecretKeyOrNamespaceReadsEmpty() {
    secrets.put("staging", "redis", "url", "redis://a:6379");
    assertTrue(secrets.read("staging", "redis", "other").isEmpty());
    assertTrue(secrets.read("prod", "redis", "url").isEmpty());
    assertTrue(secrets.read("staging", "nope", "url").isEmpty());
    secrets.delete("staging", "redis");
    assertTrue(secrets.read("staging", "redis", "url").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> secrets.change("staging", "redis", "url", "x"));
  }
}
