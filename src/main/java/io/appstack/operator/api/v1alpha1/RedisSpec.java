package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the stack's Redis runs. */
@ValidationRule(value = "self.mode != 'elasticache' || has(self.elasticache)",
    message = "redis.mode elasticache needs redis.elasticache (nodeType, replicas)")
@ValidationRule(value = "self.mode != 'external' || has(self.external)",
    message = "redis.mode external needs redis.external.urlSecretRef (name and key of a Kubernetes Secret)")
@ValidationRule(value = "self.mode == 'elasticache' || !has(self.elasticache)",
    message = "redis.elasticache is only allowed with redis.mode elasticache")
@ValidationRule(value = "self.mode == 'external' || !has(self.external)",
    message = "redis.external is only allowed with redis.mode external")
public class RedisSpec {
  @Default("none")
  @JsonPropertyDescription("none (no Redis), sidecar (a Redis container in each task, nothing persists), elasticache (a replication group), external (a URL from a Kubernetes Secret).")
  public Mode mode = Mode.none;

  @JsonPropertyDescription("ElastiCache settings; only with mode elasticache.")
  public ElastiCacheSpec elasticache;

  @JsonPropertyDescription("External Redis (Upstash, self-run); only with mode external.")
  public ExternalSpec external;

  /** Redis placements. */
  public enum Mode { none, sidecar, elasticache, external }

  /** An ElastiCache replication group. */
  public static class ElastiCacheSpec {
    @Default("cache.t3.micro")
    @Pattern("^cache\\.[a-z0-9]+\\.[a-z0-9]+$")
    @JsonPropertyDescription("ElastiCache node type, e.g. cache.t3.micro.")
    public String nodeType = "cache.t3.micro";

    @Default("1")
    @Min(0)
    @Max(5)
    @JsonPropertyDescription("Read replicas besides the primary, 0 to 5.")
    public Integer replicas = 1;
  }

  /** Redis reached by a URL kept in a Kubernetes Secret. */
  public static class ExternalSpec {
    @Required
    @JsonPropertyDescription("The Kubernetes Secret (in the AppStack's namespace) and key holding the redis:// or rediss:// URL.")
    public SecretKeyRef urlSecretRef;
  }

  /** A key of a Kubernetes Secret in the same namespace. */
  public static class SecretKeyRef {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Secret name.")
    public String name;

    @Required
    @Pattern("^[-._a-zA-Z0-9]{1,253}$")
    @JsonPropertyDescription("Key within the Secret.")
    public String key;
  }
}
