package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.container;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static io.appstack.operator.reconciler.PlanHarness.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.aws.logs.LogsGateway.LogGroup;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.reconciler.StepOutcome.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole stack (Redis as a sidecar) from nothing to Ready, and passes over a Ready stack. */
class StackPlanFullStackTest {
  private final PlanHarness h = new PlanHarness();

  private SecurityGroup group(String name) {
    return h.securityGroup(name).orElseThrow(() -> new AssertionError("no security group " + name + " in "
        + h.aws.ec2.groups()));
  }

  @Test
  void firstPassCreatesSecurityGroupsSecretSubnetGroupDatabaseAndLogGroup() {
    StackPlan.Result r = h.apply();

    SecurityGroup api = group(h.names.apiSecurityGroupName());
    SecurityGroup db = group(h.names.dbSecurityGroupName());
    assertTrue(h.securityGroup(h.names.cacheSecurityGroupName()).isEmpty(), "a sidecar needs no cache group");
    assertTrue(h.names.ownedBy(api.tags()) && h.names.ownedBy(db.tags()));
    assertTrue(h.aws.secrets.secret(h.names.dbCredentialsSecretName()).isPresent());
    assertTrue(h.aws.rds.subnetGroup(h.names.dbSubnetGroupName()).isPresent());
    assertEquals("creating", h.aws.rds.instance(h.dbId()).orElseThrow().status());
    LogGroup logs = h.aws.logs.group(h.names.logGroupName()).orElseThrow();
    assertEquals(30, logs.retentionDays(), "logs must not pile up forever");
    assertTrue(h.names.ownedBy(logs.tags()), "tags " + logs.tags());
    assertEquals(0, h.aws.ecs.calls("registerTaskDefinition"), "nothing to point DATABASE_URL at yet");
    assertEquals(0, h.aws.ecs.calls("createService"));
    assertEquals(State.WAITING, outcome(r, "task-definition").state(), describe(r));
    assertCondition(r, "NetworkReady", "True", "SecurityGroupsReady");
  }

  @Test
  void securityGroupsOpenOnlyPostgresFromTheApiGroup() {
    h.apply();
    String api = group(h.names.apiSecurityGroupName()).id();
    assertEquals(List.of(new GroupRule(5432, api)), group(h.names.dbSecurityGroupName()).ingress());
    assertEquals(List.of(), group(h.names.apiSecurityGroupName()).ingress(), "nothing may reach the tasks directly");
    assertEquals(List.of(group(h.names.dbSecurityGroupName()).id()),
        h.aws.rds.instance(h.dbId()).orElseThrow().securityGroupIds());
  }

  @Test
  void onceTheDatabaseIsAvailableOneRevisionIsRegisteredAndAfterItsMigrationOneServiceIsCreated() {
    h.apply();
    h.aws.finishPending();
    StackPlan.Result migrating = h.apply();
    assertEquals(1, h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size());
    assertEquals(1, h.aws.ecs.tasks().size(), "the migration runs first: " + h.aws.ecs.tasks());
    assertEquals(0, h.aws.ecs.calls("createService"), describe(migrating));
    h.aws.ecs.settleTasks();
    StackPlan.Result r = h.apply();

    List<String> revisions = h.aws.ecs.allRevisionsOf(h.names.taskFamily());
    assertEquals(1, revisions.size(), "revisions " + revisions);
    assertEquals(1, h.aws.ecs.calls("createService"));
    Service service = h.service().orElseThrow();
    assertEquals(List.of(revisions.get(0), 2, List.of("subnet-0aaa1111", "subnet-0bbb2222"),
        List.of(group(h.names.apiSecurityGroupName()).id()), List.of()),
        List.of(service.taskDefinitionArn(), service.desiredCount(), service.subnetIds(), service.securityGroupIds(),
            service.targetGroupArns()));
    assertTrue(h.names.ownedBy(service.tags()), "tags " + service.tags());
    assertCondition(r, "ServiceReady", "False", "Deploying");
    assertEquals("Deploying", r.status().phase);
  }

  @Test
  void serviceRunningEveryTaskMakesTheStackReadyAndIsReported() {
    StackPlan.Result r = h.applyUntilReady();
    assertCondition(r, "ServiceReady", "True", "ServiceReady");
    assertCondition(r, "NetworkReady", "True", "SecurityGroupsReady");
    assertTrue(PlanHarness.isTrue(r, "CacheReady"), describe(r));
    assertCondition(r, "DatabaseReady", "True", "DatabaseAvailable");
    Service service = h.service().orElseThrow();
    assertEquals(List.of(service.arn(), service.taskDefinitionArn(), 2, 2, "COMPLETED"),
        List.of(r.status().api.serviceArn, r.status().api.taskDefinitionArn, r.status().api.desiredCount,
            r.status().api.runningCount, r.status().api.rolloutState));
    assertEquals(List.of("sidecar", "127.0.0.1", 6379),
        List.of(r.status().cache.mode, r.status().cache.endpoint, r.status().cache.port));
  }

  @Test
  void taskDefinitionReadsDatabaseUrlFromTheCurrentSecretVersionAndRunsTheSidecar() throws Exception {
    h.applyUntilReady();
    TaskDefinition td = h.runningTaskDefinition();
    SecretInfo creds = h.aws.secrets.secret(h.names.dbCredentialsSecretName()).orElseThrow();
    Container api = apiContainer(td);
    assertEquals(creds.arn() + ":url::" + creds.currentVersionId(), api.secrets().get("DATABASE_URL"));
    assertEquals("redis://127.0.0.1:6379", api.environment().get("REDIS_URL"));
    assertEquals("3000", api.environment().get("PORT"));
    assertEquals(Stacks.image("shop", "1.0.0"), api.image());
    assertTrue(container(td, "redis").isPresent(), "containers " + td.containers());
    assertEquals(PlanHarness.EXECUTION_ROLE, td.executionRoleArn());
    assertEquals(List.of("256", "512"), List.of(td.cpu(), td.memory()));

    JsonNode value = new ObjectMapper().readTree(h.aws.secrets.stored(creds.arn()).orElseThrow());
    String endpoint = h.dbId() + ".fake.rds.amazonaws.com";
    assertEquals("postgresql://appstack:" + value.path("password").asText() + "@" + endpoint + ":5432/shop",
        value.path("url").asText(), "DATABASE_URL in the secret (shape only is printed on failure)");
    assertEquals(List.of(endpoint, "5432"), List.of(value.path("host").asText(), value.path("port").asText()));
  }

  @Test
  void databasePasswordNeverReachesAnyTaskDefinition() throws Exception {
    h.applyUntilReady();
    String secret = h.aws.secrets.stored(h.names.dbCredentialsSecretName()).orElseThrow();
    String password = new ObjectMapper().readTree(secret).path("password").asText();
    assertTrue(password.length() >= 16);
    for (String arn : h.aws.ecs.allRevisionsOf(h.names.taskFamily())) {
      for (Container c : h.aws.ecs.revision(arn).orElseThrow().containers()) {
        c.environment().forEach((k, v) -> assertFalse(v.contains(password), c.name() + " env " + k));
        c.secrets().forEach((k, v) -> assertFalse(v.contains(password), c.name() + " secret " + k));
        assertFalse(String.join(" ", c.command()).contains(password), c.name() + " command");
      }
    }
  }

  @Test
  void secondIdenticalPassRegistersNoRevisionAndUpdatesNothing() {
    h.applyUntilReady();
    int mutating = h.aws.mutatingCalls();
    int reads = h.aws.secrets.calls("value");
    for (int i = 0; i < 2; i++) {
      StackPlan.Result r = h.apply();
      assertCondition(r, "Ready", "True", "StackReady");
      assertEquals(List.of(), r.actions());
      assertFalse(r.progressing(), describe(r));
    }
    assertEquals(mutating, h.aws.mutatingCalls(), h.aws.describeCalls());
    assertEquals(1, h.aws.ecs.calls("registerTaskDefinition"));
    assertEquals(0, h.aws.ecs.calls("updateService"));
    assertEquals(reads, h.aws.secrets.calls("value"), "a Ready pass reads no secret value");
  }

  @Test
  void executionRoleAndClusterFromTheSpecWinOverTheOperatorsDefaults() {
    h.stack.getSpec().api.executionRoleArn = "arn:aws:iam::123456789012:role/shop-exec";
    h.stack.getSpec().api.cluster = "payments";
    h.applyUntilReady();
    assertEquals("arn:aws:iam::123456789012:role/shop-exec", h.runningTaskDefinition().executionRoleArn());
    assertTrue(h.aws.ecs.service("payments", h.names.serviceName()).isPresent());
    assertTrue(h.aws.ecs.service(PlanHarness.DEFAULT_CLUSTER, h.names.serviceName()).isEmpty());
  }

  @Test
  void loadBalancerTargetGroupIsAttachedWhenTheSpecNamesOne() {
    String tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/0123456789abcdef";
    h.stack.getSpec().api.loadBalancer = new io.appstack.operator.api.v1alpha1.ApiSpec.LoadBalancerSpec();
    h.stack.getSpec().api.loadBalancer.targetGroupArn = tg;
    h.applyUntilReady();
    assertEquals(List.of(tg), h.service().orElseThrow().targetGroupArns());
  }
}
