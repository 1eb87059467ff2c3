package io.appstack.operator.desired;

import java.util.Optional;

/**
 * How the API container reaches Redis: not at all, a sidecar on localhost, or a URL that ECS
 * reads from a Secrets Manager secret (ElastiCache with its AUTH token, or an external Redis).
 */
public record RedisWiring(Kind kind, Optional<String> urlValueFrom) {
  /** An address, not "localhost": runtimes that try ::1 first would miss a Redis bound to 127.0.0.1. */
  public static final String SIDECAR_URL = "redis://127.0.0.1:6379";

  /** Where Redis is. */
  public enum Kind { NONE, SIDECAR, SECRET }

  public static RedisWiring none() {
    return new RedisWiring(Kind.NONE, Optional.empty());
  }

  public static RedisWiring sidecar() {
    return new RedisWiring(Kind.SIDECAR, Optional.empty());
  }

  public static RedisWiring fromSecret(String valueFrom) {
    return new RedisWiring(Kind.SECRET, Optional.of(valueFrom));
  }
}
