package io.appstack.operator.fakes;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.DatabaseSpec;
import io.appstack.operator.api.v1alpha1.MigrationsSpec;
import io.appstack.operator.api.v1alpha1.NetworkSpec;
import io.appstack.operator.api.v1alpha1.RedisSpec;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** AppStack objects as the apiserver would hand them to the operator, with a valid spec and defaults. */
public final class Stacks {
  public static final String VPC_ID = "vpc-0abc1234";
  /** Deliberately not sorted: the operator must compare subnets in a stable order. */
  public static final List<String> SUBNET_IDS = List.of("subnet-0bbb2222", "subnet-0aaa1111");
  public static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";
  /** The key of the external Redis URL in the Kubernetes Secret {@link #redisSecretName}. */
  public static final String REDIS_URL_KEY = "url";
  public static final List<String> MIGRATE = List.of("npm", "run", "migrate");
  public static final int MIGRATION_TIMEOUT_SECONDS = 900;

  private Stacks() {}

  /** Generation 1, a uid derived from namespace/name, no status yet; Redis as a sidecar. */
  public static AppStack sample(String namespace, String name) {
    return sample(namespace, name, Mode.sidecar);
  }

  /**
   * A full stack: API image 1.0.0 on port 3000 with 256 CPU / 512 MiB and 2 replicas, the
   * default database, migrations {@link #MIGRATE} with a timeout of 900 s, and Redis in
   * {@code redisMode} (ElastiCache with its defaults; external from the Secret
   * {@link #redisSecretName}, key {@link #REDIS_URL_KEY}).
   */
  public static AppStack sample(String namespace, String name, Mode redisMode) {
    AppStack stack = new AppStack();
    stack.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .withUid(UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes(StandardCharsets.UTF_8)).toString())
        .withGeneration(1L).build());
    AppStackSpec spec = new AppStackSpec();
    spec.network = new NetworkSpec();
    spec.network.vpcId = VPC_ID;
    spec.network.privateSubnetIds = SUBNET_IDS;
    spec.api = new ApiSpec();
    spec.api.image = image(name, "1.0.0");
    spec.api.port = 3000;
    spec.api.cpu = 256;
    spec.api.memory = 512;
    spec.api.replicas = 2;
    spec.database = new DatabaseSpec();
    spec.redis = redis(redisMode, name);
    spec.migrations = migrations(MIGRATE);
    stack.setSpec(spec);
    return stack;
  }

  /** The sample stack as first applied without a migrations block. */
  public static AppStack withoutMigrations(AppStack stack) {
    stack.getSpec().migrations = null;
    return stack;
  }

  /** A migrations block as admission lets it through: the default timeout of 900 s. */
  public static MigrationsSpec migrations(List<String> command) {
    MigrationsSpec m = new MigrationsSpec();
    m.command = command;
    m.timeoutSeconds = MIGRATION_TIMEOUT_SECONDS;
    return m;
  }

  public static String image(String stackName, String tag) {
    return REGISTRY + stackName + "-api:" + tag;
  }

  /** The Kubernetes Secret an external-mode sample stack reads its Redis URL from. */
  public static String redisSecretName(String stackName) {
    return stackName + "-redis";
  }

  /** A valid redis spec for the mode, as admission would let it through. */
  public static RedisSpec redis(Mode mode, String stackName) {
    RedisSpec redis = new RedisSpec();
    redis.mode = mode;
    if (mode == Mode.elasticache) {
      redis.elasticache = new RedisSpec.ElastiCacheSpec();
    }
    if (mode == Mode.external) {
      redis.external = new RedisSpec.ExternalSpec();
      redis.external.urlSecretRef = new RedisSpec.SecretKeyRef();
      redis.external.urlSecretRef.name = redisSecretName(stackName);
      redis.external.urlSecretRef.key = REDIS_URL_KEY;
    }
    return redis;
  }

  /** Edits the spec the way a user's apply does: the generation moves on. */
  public static AppStack change(AppStack stack, Consumer<AppStackSpec> change) {
    change.accept(stack.getSpec());
    stack.getMetadata().setGeneration(stack.getMetadata().getGeneration() + 1);
    return stack;
  }

  /** Edits the database spec the way a user's apply does: the generation moves on. */
  public static AppStack changeDatabase(AppStack stack, Consumer<DatabaseSpec> change) {
    return change(stack, spec -> change.accept(spec.database));
  }

  /** Edits the API spec the way a user's apply does: the generation moves on. */
  public static AppStack changeApi(AppStack stack, Consumer<ApiSpec> change) {
    return change(stack, spec -> change.accept(spec.api));
  }

  /** Moves Redis to another mode the way a user's apply does. */
  public static AppStack switchRedis(AppStack stack, Mode mode) {
    return change(stack, spec -> spec.redis = redis(mode, stack.getMetadata().getName()));
  }
}
