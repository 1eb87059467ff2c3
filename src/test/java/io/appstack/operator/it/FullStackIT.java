package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** The whole stack on the real apiserver and moto: ECS service, security groups, Redis modes. */
class FullStackIT extends OperatorTestBase {
  private static final String ELASTICACHE = "redis:\n    mode: elasticache\n    elasticache: {nodeType: cache.t3.micro, replicas: 1}\n";
  private static final String SIDECAR = "redis:\n    mode: sidecar\n";
  private static final String EXTERNAL = "redis:\n    mode: external\n    external: {urlSecretRef: {name: upstash, key: url}}\n";

  @Test
  void sidecarStackRunsThePrivateServiceWithEverySecretInjectedFromSecretsManager() throws Exception {
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", SIDECAR));
    AppStack ready = awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");

    Service service = service(names);
    assertEquals(2, service.desiredCount());
    assertEquals(ready.getStatus().api.serviceArn, service.serviceArn());
    assertEquals(2, ready.getStatus().api.runningCount);
    assertEquals("COMPLETED", ready.getStatus().api.rolloutState);
    assertCondition(ready, "ServiceReady", "True");
    var vpc = service.networkConfiguration().awsvpcConfiguration();
    assertEquals("DISABLED", vpc.assignPublicIpAsString(), "no public IP");
    assertEquals(network.subnetIds().stream().sorted().toList(), vpc.subnets().stream().sorted().toList());
    assertEquals(List.of(group(names.apiSecurityGroupName()).groupId()), vpc.securityGroups());
    assertTrue(service.deploymentConfiguration().deploymentCircuitBreaker().enable(), "circuit breaker on");
    assertTrue(service.deploymentConfiguration().deploymentCircuitBreaker().rollback(), "rollback on");

    TaskDefinition td = taskDefinition(service.taskDefinition());
    assertEquals(List.of("api", "redis"), td.containerDefinitions().stream().map(ContainerDefinition::name).sorted().toList());
    ContainerDefinition api = container(td, "api");
    assertEquals(Map.of("PORT", "3000", "NODE_ENV", "production", "REDIS_URL", "redis://127.0.0.1:6379"), env(api));
    String credentials = ready.getStatus().database.credentialsSecretArn;
    assertTrue(secrets(api).get("DATABASE_URL").startsWith(credentials + ":url::"), secrets(api).toString());
    assertEquals(names.logGroupName(), api.logConfiguration().options().get("awslogs-group"));
    assertEquals("arn:aws:iam::123456789012:role/appstack-exec", td.executionRoleArn());

    var value = new ObjectMapper().readTree(aws.secrets.getSecretValue(r -> r.secretId(credentials)).secretString());
    String password = value.path("password").asText();
    assertTrue(value.path("url").asText().contains("@" + ready.getStatus().database.endpoint + ":5432/"),
        "DATABASE_URL points at the instance");
    assertFalse(td.toString().contains(password), "the password is in the task definition");

    assertOnlyRule(group(names.dbSecurityGroupName()), 5432, group(names.apiSecurityGroupName()).groupId());
    assertTrue(group(names.apiSecurityGroupName()).ipPermissions().isEmpty(), "nothing may reach the API tasks directly");
    assertEquals(30, aws.logs.describeLogGroups(r -> r.logGroupNamePrefix(names.logGroupName())).logGroups()
        .get(0).retentionInDays());
    assertEquals("sidecar", ready.getStatus().cache.mode);
  }

  @Test
  void noRedisMeansNoCacheAndNoRedisUrl() {
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", "redis:\n    mode: none\n"));
    AppStack ready = awaitReady("shop");
    TaskDefinition td = taskDefinition(service(StackNames.of(namespace, "shop")).taskDefinition());
    assertEquals(List.of("api"), td.containerDefinitions().stream().map(ContainerDefinition::name).toList());
    assertFalse(env(container(td, "api")).containsKey("REDIS_URL") || secrets(container(td, "api")).containsKey("REDIS_URL"),
        "REDIS_URL without Redis");
    assertEquals("none", ready.getStatus().cache.mode);
    assertTrue(aws.elasticache.describeReplicationGroups().replicationGroups().isEmpty());
  }

  @Test
  void imageCpuAndReplicaChangesRollOutANewRevision() {
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", SIDECAR));
    AppStack first = awaitReady("shop");
    String firstRevision = first.getStatus().api.taskDefinitionArn;

    stack("shop").edit(s -> {
      s.getSpec().api.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.5.0";
      s.getSpec().api.cpu = 512;
      s.getSpec().api.memory = 1024;
      s.getSpec().api.replicas = 3;
      return s;
    });
    AppStack after = awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    Service service = service(names);
    assertNotEquals(firstRevision, service.taskDefinition(), "a new revision");
    assertEquals(after.getStatus().api.taskDefinitionArn, service.taskDefinition());
    assertEquals(3, service.desiredCount());
    TaskDefinition td = taskDefinition(service.taskDefinition());
    assertEquals("512", td.cpu());
    assertEquals("1024", td.memory());
    assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.5.0", container(td, "api").image());
    assertEquals(2, activeRevisions(names).size(), "one revision per change, none for nothing");
  }

  @Test
  void switchingSidecarToElastiCacheAndBackLeavesNothingBehind() throws Exception {
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", SIDECAR));
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");

    setRedis("elasticache");
    AppStack onCache = awaitReady("shop");
    var group = aws.elasticache.describeReplicationGroups(r -> r.replicationGroupId(names.replicationGroupId()))
        .replicationGroups().get(0);
    assertTrue(group.transitEncryptionEnabled(), "TLS in transit");
    assertTrue(group.authTokenEnabled(), "AUTH token");
    assertEquals("elasticache", onCache.getStatus().cache.mode);
    assertEquals(group.nodeGroups().get(0).primaryEndpoint().address(), onCache.getStatus().cache.endpoint);
    assertOnlyRule(group(names.cacheSecurityGroupName()), 6379, group(names.apiSecurityGroupName()).groupId());
    ContainerDefinition api = container(taskDefinition(service(names).taskDefinition()), "api");
    String tokenSecret = aws.secrets.describeSecret(r -> r.secretId(names.redisElastiCacheSecretName())).arn();
    assertTrue(secrets(api).get("REDIS_URL").startsWith(tokenSecret + ":url::"), secrets(api).toString());
    assertFalse(env(api).containsKey("REDIS_URL"), "REDIS_URL with its token must not be plain");
    assertEquals(List.of("api"), taskDefinition(service(names).taskDefinition()).containerDefinitions().stream()
        .map(ContainerDefinition::name).toList(), "the sidecar goes with the new revision");
    String url = new ObjectMapper().readTree(aws.secrets.getSecretValue(r -> r.secretId(tokenSecret)).secretString())
        .path("url").asText();
    assertTrue(url.startsWith("rediss://:") && url.endsWith(group.nodeGroups().get(0).primaryEndpoint().address() + ":6379"));

    setRedis("sidecar");
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = awaitReady("shop");
      assertTrue(aws.elasticache.describeReplicationGroups().replicationGroups().isEmpty(), "replication group left");
      assertTrue(aws.elasticache.describeCacheSubnetGroups().cacheSubnetGroups().isEmpty(), "cache subnet group left");
      assertTrue(groups().stream().noneMatch(g -> g.groupName().equals(names.cacheSecurityGroupName())), "cache SG left");
      assertTrue(aws.secrets.listSecrets().secretList().stream().noneMatch(x -> x.name().equals(names.redisElastiCacheSecretName())),
          "token secret left");
      assertEquals("sidecar", s.getStatus().cache.mode);
    });
    assertEquals("redis://127.0.0.1:6379", env(container(taskDefinition(service(names).taskDefinition()), "api"))
        .get("REDIS_URL"));
  }

  @Test
  void externalRedisUrlIsCopiedAndAChangeOfTheSecretRollsOut() {
    kube.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("upstash")
        .endMetadata().addToStringData("url", "rediss://default:first-password@eu1.upstash.io:6379").build()).create();
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", EXTERNAL));
    AppStack ready = awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    String copy = aws.secrets.describeSecret(r -> r.secretId(names.redisExternalSecretName())).arn();
    String firstValueFrom = secrets(container(taskDefinition(service(names).taskDefinition()), "api")).get("REDIS_URL");
    assertTrue(firstValueFrom.startsWith(copy + ":url::"), firstValueFrom);
    assertTrue(aws.secrets.getSecretValue(r -> r.secretId(copy)).secretString().contains("first-password"));
    assertFalse(Serialization.asJson(ready).contains("first-password"), "the URL leaked into the AppStack");

    kube.secrets().inNamespace(namespace).withName("upstash").edit(s -> {
      s.setData(null);
      s.setStringData(Map.of("url", "rediss://default:second-password@eu1.upstash.io:6379"));
      return s;
    });
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      String valueFrom = secrets(container(taskDefinition(service(names).taskDefinition()), "api")).get("REDIS_URL");
      assertNotEquals(firstValueFrom, valueFrom, "a new secret version rolls out as a new revision");
      assertTrue(aws.secrets.getSecretValue(r -> r.secretId(copy)).secretString().contains("second-password"));
    });
    assertFalse(Serialization.asJson(events()).contains("password@"), "the URL leaked into an Event");
  }

  @Test
  void deletingAFullStackRemovesServiceRevisionsLogsAndEveryGroup() {
    applyYaml(Manifests.stack(namespace, "shop", network, "Delete", ELASTICACHE));
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    stack("shop").delete();
    await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);

    assertTrue(aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER).services(names.serviceName())).services()
        .stream().allMatch(s -> "INACTIVE".equals(s.status())), "service deleted");
    assertEquals(List.of(), activeRevisions(names), "every revision deregistered");
    assertTrue(aws.logs.describeLogGroups(r -> r.logGroupNamePrefix(names.logGroupName())).logGroups().isEmpty());
    assertTrue(aws.elasticache.describeReplicationGroups().replicationGroups().isEmpty());
    assertEquals(List.of(), groups().stream().map(SecurityGroup::groupName).filter(n -> n.startsWith("appstack-")).toList());
    assertEquals(List.of(), aws.secrets.listSecrets().secretList().stream().map(x -> x.name()).toList());
  }

  private void setRedis(String mode) {
    stack("shop").edit(s -> {
      var redis = new io.appstack.operator.api.v1alpha1.RedisSpec();
      redis.mode = io.appstack.operator.api.v1alpha1.RedisSpec.Mode.valueOf(mode);
      if (redis.mode == io.appstack.operator.api.v1alpha1.RedisSpec.Mode.elasticache) {
        redis.elasticache = new io.appstack.operator.api.v1alpha1.RedisSpec.ElastiCacheSpec();
      }
      s.getSpec().redis = redis;
      return s;
    });
  }

  private Service service(StackNames names) {
    return aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER).services(names.serviceName())).services().get(0);
  }

  private List<String> activeRevisions(StackNames names) {
    return aws.ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily()).status("ACTIVE")).taskDefinitionArns();
  }

  private static TaskDefinition taskDefinition(String arn) {
    return aws.ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
  }

  private static ContainerDefinition container(TaskDefinition td, String name) {
    return td.containerDefinitions().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, String> env(ContainerDefinition c) {
    return c.environment().stream().collect(Collectors.toMap(e -> e.name(), e -> e.value()));
  }

  private static Map<String, String> secrets(ContainerDefinition c) {
    return c.secrets().stream().collect(Collectors.toMap(e -> e.name(), e -> e.valueFrom()));
  }

  private List<SecurityGroup> groups() {
    return aws.ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("vpc-id").values(network.vpcId()).build()))
        .securityGroups();
  }

  private SecurityGroup group(String name) {
    return groups().stream().filter(g -> g.groupName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no security group " + name));
  }

  /** The group admits exactly one thing: TCP {@code port} from the source group, and no CIDR. */
  private static void assertOnlyRule(SecurityGroup group, int port, String sourceGroupId) {
    List<IpPermission> rules = group.ipPermissions();
    assertEquals(1, rules.size(), group.groupName() + " rules: " + rules);
    IpPermission rule = rules.get(0);
    assertEquals("tcp", rule.ipProtocol());
    assertEquals(port, rule.fromPort());
    assertEquals(port, rule.toPort());
    assertTrue(rule.ipRanges().isEmpty() && rule.ipv6Ranges().isEmpty(), "opened to a CIDR: " + rule);
    assertEquals(List.of(sourceGroupId), rule.userIdGroupPairs().stream().map(p -> p.groupId()).toList());
  }
}
