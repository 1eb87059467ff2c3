package io.appstack.operator.desired;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.LogConfig;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: the task definition a spec asks for. Secret values reach the container only as ECS
 * {@code secrets} (an ARN, pinned to a version so that a new value rolls out as a new revision);
 * {@code environment} carries nothing secret.
 */
public final class TaskDefinitionDesired {
  public static final String API_CONTAINER = "api";
  public static final String REDIS_CONTAINER = "redis";
  /** Pinned, from ECR Public so Fargate pulls are not rate-limited as Docker Hub's are. */
  public static final String REDIS_SIDECAR_IMAGE = "public.ecr.aws/docker/library/redis:7.4.2-alpine";

  private TaskDefinitionDesired() {}

  /** Inputs resolved by earlier steps. */
  public record Inputs(String region, String executionRoleArn, String databaseUrlValueFrom, RedisWiring redis) {}

  public static TaskDefinition of(ApiSpec api, StackNames names, Inputs in) {
    Map<String, String> env = new TreeMap<>();
    if (api.env != null) {
      api.env.forEach(e -> env.put(e.name, e.value == null ? "" : e.value));
    }
    env.put("PORT", String.valueOf(api.port));
    Map<String, String> secrets = new TreeMap<>();
    if (api.secretEnv != null) {
      api.secretEnv.forEach(e -> secrets.put(e.name, e.secretArn));
    }
    secrets.put("DATABASE_URL", in.databaseUrlValueFrom());
    switch (in.redis().kind()) {
      case SIDECAR -> env.put("REDIS_URL", RedisWiring.SIDECAR_URL);
      case SECRET -> secrets.put("REDIS_URL", in.redis().urlValueFrom().orElseThrow());
      case NONE -> { }
    }
    List<Container> containers = new ArrayList<>();
    containers.add(new Container(API_CONTAINER, api.image, true, List.of(api.port), env, secrets, List.of(),
        new LogConfig(names.logGroupName(), in.region(), API_CONTAINER)));
    if (in.redis().kind() == RedisWiring.Kind.SIDECAR) {
      // Each task has its own Redis: nothing persists and tasks do not share it. Bound to
      // localhost, so only the task's own containers reach it.
      containers.add(new Container(REDIS_CONTAINER, REDIS_SIDECAR_IMAGE, true, List.of(), new TreeMap<>(),
          new TreeMap<>(), List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
          new LogConfig(names.logGroupName(), in.region(), REDIS_CONTAINER)));
    }
    return new TaskDefinition(names.taskFamily(), String.valueOf(api.cpu), String.valueOf(api.memory),
        in.executionRoleArn(), api.taskRoleArn, List.copyOf(containers), names.tags());
  }

  /** ECS's valueFrom for one JSON key of a secret, pinned to a version. */
  public static String valueFrom(String secretArn, String jsonKey, String versionId) {
    return secretArn + ":" + jsonKey + "::" + (versionId == null ? "" : versionId);
  }
}
