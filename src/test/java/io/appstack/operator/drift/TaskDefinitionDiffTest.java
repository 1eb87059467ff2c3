package io.appstack.operator.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.desired.RedisWiring;
import io.appstack.operator.desired.TaskDefinitionDesired;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which fields of a registered revision differ from the desired one; any difference means a new revision. */
class TaskDefinitionDiffTest {
  private static final StackNames NAMES = StackNames.of("staging", "shop");
  private static final String DB_URL_FROM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:url::v1";

  private static TaskDefinition desired(RedisWiring redis, Consumer<ApiSpec> change) {
    return desired(redis, change, DB_URL_FROM);
  }

  private static TaskDefinition desired(RedisWiring redis, Consumer<ApiSpec> change, String databaseUrlFrom) {
    ApiSpec api = Stacks.sample("staging", "shop").getSpec().api;
    ApiSpec.EnvVar env = new ApiSpec.EnvVar();
    env.name = "NODE_ENV";
    env.value = "production";
    api.env = List.of(env);
    change.accept(api);
    return TaskDefinitionDesired.of(api, NAMES, new TaskDefinitionDesired.Inputs("us-east-1",
        "arn:aws:iam::123456789012:role/exec", databaseUrlFrom, redis));
  }

  private static TaskDefinition desired() {
    return desired(RedisWiring.sidecar(), api -> { });
  }

  /** The revision as AWS describes it: same content, its own collections and order. */
  private static TaskDefinition asRegistered(TaskDefinition d, Map<String, String> tags) {
    List<Container> containers = new ArrayList<>();
    for (Container c : d.containers()) {
      containers.add(0, new Container(c.name(), c.image(), c.essential(), new ArrayList<>(c.ports()),
          new HashMap<>(c.environment()), new HashMap<>(c.secrets()), new ArrayList<>(c.command()), c.log()));
    }
    return new TaskDefinition(d.family(), d.cpu(), d.memory(), d.executionRoleArn(), d.taskRoleArn(), containers, tags);
  }

  @Test
  void identicalDefinitionHasNoDifference() {
    assertEquals(List.of(), TaskDefinitionDiff.compare(desired(), asRegistered(desired(), desired().tags())));
  }

  @Test
  void containerOrderAndMapTypesFromAwsAreNoDifference() {
    TaskDefinition want = desired();
    TaskDefinition have = asRegistered(want, want.tags());
    assertEquals("redis", have.containers().get(0).name(), "the registered copy lists the sidecar first");
    assertEquals(List.of(), TaskDefinitionDiff.compare(want, have));
  }

  @Test
  void tagsAreIgnored() {
    assertEquals(List.of(), TaskDefinitionDiff.compare(desired(), asRegistered(desired(), Map.of("team", "other"))));
  }

  @Test
  void imageChangeIsApiImage() {
    TaskDefinition have = asRegistered(desired(), Map.of());
    TaskDefinition want = desired(RedisWiring.sidecar(), api -> api.image = Stacks.image("shop", "1.1.0"));
    assertEquals(List.of("api.image"), TaskDefinitionDiff.compare(want, have));
  }

  @Test
  void environmentValueChangeNamesTheVariable() {
    TaskDefinition have = asRegistered(desired(), Map.of());
    TaskDefinition want = desired(RedisWiring.sidecar(), api -> api.env.get(0).value = "staging");
    assertEquals(List.of("api.environment.NODE_ENV"), TaskDefinitionDiff.compare(want, have));
  }

  @Test
  void addedOrRemovedVariableNamesTheVariable() {
    TaskDefinition have = asRegistered(desired(), Map.of());
    TaskDefinition want = desired(RedisWiring.sidecar(), api -> api.env = List.of());
    assertEquals(List.of("api.environment.NODE_ENV"), TaskDefinitionDiff.compare(want, have));
    assertEquals(List.of("api.environment.NODE_ENV"), TaskDefinitionDiff.compare(have, asRegistered(want, Map.of())));
  }

  @Test
  void newSecretVersionIsASecretsDifference() {
    TaskDefinition have = asRegistered(desired(), Map.of());
    TaskDefinition want = desired(RedisWiring.sidecar(), api -> { }, DB_URL_FROM.replace("::v1", "::v2"));
    assertEquals(List.of("api.secrets.DATABASE_URL"), TaskDefinitionDiff.compare(want, have));
  }

  @Test
  void sidecarAddedIsAContainerAddedAndTheUrlMovingIn() {
    TaskDefinition have = asRegistered(desired(RedisWiring.none(), api -> { }), Map.of());
    List<String> diffs = TaskDefinitionDiff.compare(desired(), have);
    assertEquals(Set.of("containers.redis (added)", "api.environment.REDIS_URL"), Set.copyOf(diffs), "diffs " + diffs);
  }

  @Test
  void sidecarRemovedIsAContainerRemovedAndTheUrlMovingToASecret() {
    String redisFrom = "arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-AbCdEf:url::v1";
    TaskDefinition have = asRegistered(desired(), Map.of());
    List<String> diffs = TaskDefinitionDiff.compare(desired(RedisWiring.fromSecret(redisFrom), api -> { }), have);
    assertEquals(Set.of("containers.redis (removed)", "api.environment.REDIS_URL", "api.secrets.REDIS_URL"),
        Set.copyOf(diffs), "diffs " + diffs);
  }

  @Test
  void sizeRolesAndPortAreNamedFields() {
    TaskDefinition have = asRegistered(desired(), Map.of());
    TaskDefinition want = desired(RedisWiring.sidecar(), api -> {
      api.cpu = 512;
      api.memory = 1024;
      api.taskRoleArn = "arn:aws:iam::123456789012:role/app";
      api.port = 8080;
    });
    List<String> diffs = TaskDefinitionDiff.compare(want, have);
    assertEquals(Set.of("cpu", "memory", "taskRoleArn", "api.ports", "api.environment.PORT"), Set.copyOf(diffs),
        "diffs " + diffs);
  }

  @Test
  void sidecarCommandChangeIsNamed() {
    TaskDefinition want = desired();
    List<Container> changed = want.containers().stream().map(c -> c.name().equals("redis")
        ? new Container(c.name(), c.image(), c.essential(), c.ports(), c.environment(), c.secrets(),
            List.of("redis-server"), c.log())
        : c).toList();
    TaskDefinition have = new TaskDefinition(want.family(), want.cpu(), want.memory(), want.executionRoleArn(),
        want.taskRoleArn(), changed, want.tags());
    assertEquals(List.of("redis.command"), TaskDefinitionDiff.compare(want, have));
  }
}
