package io.appstack.operator.health;

import java.time.Instant;
import java.util.Optional;

/** The last result of probing a stack's public health URL; probes run outside reconcile. */
@FunctionalInterface
public interface HealthProbe {

  /** The latest finished probe of {@code url}, asking for a fresh one when it is stale. */
  Optional<Result> latest(String url);

  /** One probe: ok means a 2xx answer; error says why there was none. */
  record Result(String url, boolean ok, Integer statusCode, long latencyMillis, Instant checkedAt, String error) {}
}
