package io.appstack.operator.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.LogConfig;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The task definition a spec asks for: plain values in environment, every secret only as an ECS valueFrom. */
class TaskDefinitionDesiredTest {
  private static final StackNames NAMES = StackNames.of("staging", "shop");
  private static final String ROLE = "arn:aws:iam::123456789012:role/exec";
  private static final String DB_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
      + "appstack/staging/shop/database-credentials-AbCdEf";
  private static final String DB_VERSION = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  private static final String DB_URL_FROM = DB_SECRET + ":url::" + DB_VERSION;
  private static final String REDIS_URL_FROM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
      + "appstack/staging/shop/redis-elasticache-XyZ123:url::0b3a2c1d-1111-2222-3333-444455556666";
  private static final String USER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-Q1w2E3";

  private static ApiSpec api() {
    ApiSpec api = Stacks.sample("staging", "shop").getSpec().api;
    api.env = List.of(env("NODE_ENV", "production"), env("LOG_LEVEL", "info"));
    return api;
  }

  private static ApiSpec.EnvVar env(String name, String value) {
    ApiSpec.EnvVar e = new ApiSpec.EnvVar();
    e.name = name;
    e.value = value;
    return e;
  }

  private static TaskDefinition of(ApiSpec api, RedisWiring redis) {
    return TaskDefinitionDesired.of(api, NAMES, new TaskDefinitionDesired.Inputs("us-east-1", ROLE, DB_URL_FROM, redis));
  }

  private static Container container(TaskDefinition td, String name) {
    return td.containers().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + td.containers()));
  }

  @Test
  void portIsPassedAsPortAndMapped() {
    ApiSpec api = api();
    api.port = 8080;
    Container c = container(of(api, RedisWiring.none()), "api");
    assertEquals("8080", c.environment().get("PORT"));
    assertEquals(List.of(8080), c.ports());
  }

  @Test
  void userEnvironmentPassesThroughAndAMissingValueIsEmpty() {
    ApiSpec api = api();
    ApiSpec.EnvVar empty = new ApiSpec.EnvVar();
    empty.name = "FEATURE_FLAG";
    api.env = List.of(env("NODE_ENV", "production"), empty);
    Map<String, String> env = container(of(api, RedisWiring.none()), "api").environment();
    assertEquals(Map.of("NODE_ENV", "production", "FEATURE_FLAG", "", "PORT", "3000"), env);
  }

  @Test
  void databaseUrlIsOnlyASecretPinnedToItsVersion() {
    Container c = container(of(api(), RedisWiring.none()), "api");
    assertEquals(DB_SECRET + ":url::" + DB_VERSION, c.secrets().get("DATABASE_URL"));
    assertFalse(c.environment().containsKey("DATABASE_URL"), "environment " + c.environment());
  }

  @Test
  void sidecarRedisUrlIsPlainLocalhost() {
    Container c = container(of(api(), RedisWiring.sidecar()), "api");
    assertEquals("redis://127.0.0.1:6379", c.environment().get("REDIS_URL"));
    assertFalse(c.secrets().containsKey("REDIS_URL"), "secrets " + c.secrets());
  }

  @Test
  void elastiCacheOrExternalRedisUrlIsOnlyASecret() {
    TaskDefinition td = of(api(), RedisWiring.fromSecret(REDIS_URL_FROM));
    Container c = container(td, "api");
    assertEquals(REDIS_URL_FROM, c.secrets().get("REDIS_URL"));
    assertFalse(c.environment().containsKey("REDIS_URL"), "environment " + c.environment());
    assertEquals(List.of("api"), td.containers().stream().map(Container::name).toList(), "no sidecar");
  }

  @Test
  void noRedisMeansNoRedisUrlAndNoSidecar() {
    TaskDefinition td = of(api(), RedisWiring.none());
    Container c = container(td, "api");
    assertFalse(c.environment().containsKey("REDIS_URL"));
    assertFalse(c.secrets().containsKey("REDIS_URL"));
    assertEquals(1, td.containers().size());
  }

  @Test
  void secretEnvPassesThroughAsSecrets() {
    ApiSpec api = api();
    ApiSpec.SecretEnvVar stripe = new ApiSpec.SecretEnvVar();
    stripe.name = "STRIPE_KEY";
    stripe.secretArn = USER_SECRET;
    api.secretEnv = List.of(stripe);
    Container c = container(of(api, RedisWiring.none()), "api");
    assertEquals(Map.of("STRIPE_KEY", USER_SECRET, "DATABASE_URL", DB_URL_FROM), c.secrets());
    assertFalse(c.environment().containsKey("STRIPE_KEY"));
  }

  @Test
  void sidecarRunsThePinnedImageBoundToLoopbackWithoutPersistence() {
    Container redis = container(of(api(), RedisWiring.sidecar()), "redis");
    assertEquals("public.ecr.aws/docker/library/redis:7.4.2-alpine", redis.image());
    assertTrue(redis.image().matches(".*:\\d+\\.\\d+\\.\\d+(-[a-z0-9]+)?$"), "not pinned: " + redis.image());
    int bind = redis.command().indexOf("--bind");
    assertTrue(bind >= 0, "command " + redis.command());
    assertEquals("127.0.0.1", redis.command().get(bind + 1), "command " + redis.command());
    assertEquals(List.of(), redis.ports(), "the sidecar publishes no port");
    assertEquals(Map.of(), redis.secrets());
    assertEquals(Map.of(), redis.environment());
    assertEquals("no", redis.command().get(redis.command().indexOf("--appendonly") + 1));
    assertEquals(new LogConfig(NAMES.logGroupName(), "us-east-1", "redis"), redis.log());
  }

  /** The plan-level twin, with a real generated password, is StackPlanFullStackTest. */
  @Test
  void environmentHoldsOnlyPlainValuesAndSecretsOnlyArns() {
    ApiSpec api = api();
    ApiSpec.SecretEnvVar stripe = new ApiSpec.SecretEnvVar();
    stripe.name = "STRIPE_KEY";
    stripe.secretArn = USER_SECRET;
    api.secretEnv = List.of(stripe);
    for (RedisWiring redis : List.of(RedisWiring.none(), RedisWiring.sidecar(), RedisWiring.fromSecret(REDIS_URL_FROM))) {
      TaskDefinition td = TaskDefinitionDesired.of(api, NAMES,
          new TaskDefinitionDesired.Inputs("us-east-1", ROLE, DB_URL_FROM, redis));
      for (Container c : td.containers()) {
        for (Map.Entry<String, String> e : c.environment().entrySet()) {
          assertFalse(e.getValue().contains(":secretsmanager:"), c.name() + " env " + e.getKey() + " names a secret");
        }
        Set<String> allowed = new TreeSet<>(Set.of("NODE_ENV", "LOG_LEVEL", "PORT", "REDIS_URL"));
        assertTrue(allowed.containsAll(c.environment().keySet()), c.name() + " environment " + c.environment());
        for (String valueFrom : c.secrets().values()) {
          assertTrue(valueFrom.startsWith("arn:aws:secretsmanager:"), "secret " + valueFrom);
        }
      }
    }
  }

  @Test
  void familySizeRolesLogsAndTagsComeFromSpecAndNames() {
    ApiSpec api = api();
    api.cpu = 512;
    api.memory = 2048;
    api.taskRoleArn = "arn:aws:iam::123456789012:role/app";
    TaskDefinition td = of(api, RedisWiring.none());
    assertEquals(List.of(NAMES.taskFamily(), "512", "2048", ROLE, "arn:aws:iam::123456789012:role/app", NAMES.tags()),
        List.of(td.family(), td.cpu(), td.memory(), td.executionRoleArn(), td.taskRoleArn(), td.tags()));
    Container c = container(td, "api");
    assertEquals(List.of(api.image, true, List.of()), List.of(c.image(), c.essential(), c.command()));
    assertEquals(new LogConfig("/appstack/staging/shop", "us-east-1", "api"), c.log());
  }

  @Test
  void noTaskRoleUnlessTheSpecNamesOne() {
    assertNull(of(api(), RedisWiring.none()).taskRoleArn());
  }

  @Test
  void sameInputsGiveEqualDefinitions() {
    assertEquals(of(api(), RedisWiring.sidecar()), of(api(), RedisWiring.sidecar()));
  }

  @Test
  void valueFromNamesJsonKeyAndVersionIdWithEmptyStage() {
    assertEquals(DB_SECRET + ":url::" + DB_VERSION, TaskDefinitionDesired.valueFrom(DB_SECRET, "url", DB_VERSION));
  }
}
