package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.apiContainer;
import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.condition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.fakes.FakeEcsGateway.Update;
import io.appstack.operator.fakes.Stacks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redis reached by a URL the team keeps in a Kubernetes Secret; the operator copies it into Secrets Manager. */
class StackPlanExternalRedisTest {
  private static final String TOKEN = "upstash-token-9f8e7d6c";
  private static final String URL = "rediss://default:" + TOKEN + "@eu1-cache.upstash.io:6380";
  private final PlanHarness h = new PlanHarness(Mode.external);
  private final ObjectMapper json = new ObjectMapper();
  private final String secretName = Stacks.redisSecretName("shop");

  private void assertNeverMentioned(List<StackPlan.Result> passes, String... values) throws Exception {
    for (StackPlan.Result r : passes) {
      for (String v : values) {
        assertFalse(json.writeValueAsString(r.status()).contains(v), "secret value in status");
        assertFalse(r.actions().toString().contains(v), "secret value in actions (events)");
        assertFalse(r.outcomes().toString().contains(v), "secret value in outcomes");
      }
    }
  }

  @Test
  void missingKubernetesSecretIsStalledRedisSecretMissing() {
    StackPlan.Result r = h.apply();
    assertCondition(r, "Stalled", "True", "RedisSecretMissing");
    assertCondition(r, "CacheReady", "False", "RedisSecretMissing");
    assertTrue(condition(r.status(), "Stalled").getMessage().contains(secretName), describe(r));
    assertTrue(h.aws.secrets.secret(h.names.redisExternalSecretName()).isEmpty());
    assertEquals(1, h.aws.rds.calls("createInstance"), "the database goes ahead meanwhile");
  }

  @Test
  void secretWithoutTheKeyIsStalledRedisSecretMissing() {
    h.kubeSecrets.put("staging", secretName, "other-key", URL);
    assertCondition(h.apply(), "Stalled", "True", "RedisSecretMissing");
  }

  @Test
  void urlCopiedButNotYetMarkedIsOnlyMarkedAfterARestart() {
    h.putRedisUrl(URL);
    h.assertOnlyRetaggedAfterRestart(h.names.redisExternalSecretName(), "appstack.io/source-resource-version");
  }

  @Test
  void creatingTheMissingSecretClearsTheStall() {
    assertCondition(h.apply(), "Stalled", "True", "RedisSecretMissing");
    h.putRedisUrl(URL);
    h.applyUntilReady();
  }

  @Test
  void urlThatIsNotRedisIsStalledRedisUrlInvalidAndNeverQuoted() throws Exception {
    String bad = "https://admin:hunter2-password@cache.example.com:6379";
    h.putRedisUrl(bad);
    List<StackPlan.Result> passes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      passes.add(h.apply());
      h.aws.finishPending();
    }
    StackPlan.Result r = passes.get(passes.size() - 1);
    assertCondition(r, "Stalled", "True", "RedisUrlInvalid");
    assertNeverMentioned(passes, bad, "hunter2-password");
    assertTrue(h.aws.secrets.secret(h.names.redisExternalSecretName()).isEmpty(), "an invalid URL was copied");
    assertEquals(0, h.aws.ecs.calls("registerTaskDefinition"));
  }

  @Test
  void urlIsCopiedAndReachesTheTaskDefinitionOnlyAsASecret() throws Exception {
    h.putRedisUrl(URL);
    List<StackPlan.Result> passes = h.passesUntilReady();
    StackPlan.Result r = passes.get(passes.size() - 1);
    assertTrue(PlanHarness.isTrue(r, "Ready"), describe(r));

    SecretInfo copy = h.aws.secrets.secret(h.names.redisExternalSecretName()).orElseThrow();
    assertTrue(h.names.ownedBy(copy.tags()), "tags " + copy.tags());
    assertEquals(URL, json.readTree(h.aws.secrets.stored(copy.arn()).orElseThrow()).path("url").asText(),
        "the copy differs from the Secret's URL");
    var api = apiContainer(h.runningTaskDefinition());
    assertEquals(copy.arn() + ":url::" + copy.currentVersionId(), api.secrets().get("REDIS_URL"));
    assertFalse(api.environment().containsKey("REDIS_URL"));
    assertFalse(h.runningTaskDefinition().toString().contains(TOKEN), "token in the task definition");
    assertNeverMentioned(passes, URL, TOKEN);
    assertEquals("external", r.status().cache.mode);
  }

  @Test
  void unchangedSecretIsNotCopiedAgain() {
    h.putRedisUrl(URL);
    h.applyUntilReady();
    int mutating = h.aws.mutatingCalls();
    h.apply();
    h.apply();
    assertEquals(mutating, h.aws.mutatingCalls(), h.aws.describeCalls());
    assertEquals(1, h.aws.secrets.versions(h.names.redisExternalSecretName()).size());
  }

  @Test
  void changedSecretValueRollsOutANewRevisionReadingTheNewVersion() {
    h.putRedisUrl(URL);
    h.applyUntilReady();
    String before = h.service().orElseThrow().taskDefinitionArn();
    long generation = h.stack.getMetadata().getGeneration();

    h.kubeSecrets.change("staging", secretName, Stacks.REDIS_URL_KEY, URL.replace(TOKEN, "rotated-token-5566"));
    StackPlan.Result rolling = h.apply();
    assertCondition(rolling, "Reconciling", "True", "Deploying");
    h.applyUntilReady();

    SecretInfo copy = h.aws.secrets.secret(h.names.redisExternalSecretName()).orElseThrow();
    assertEquals(2, h.aws.secrets.versions(copy.arn()).size(), "versions " + h.aws.secrets.versions(copy.arn()));
    String after = h.service().orElseThrow().taskDefinitionArn();
    assertNotEquals(before, after);
    assertEquals(copy.arn() + ":url::" + copy.currentVersionId(),
        apiContainer(h.runningTaskDefinition()).secrets().get("REDIS_URL"));
    assertEquals(List.of(new Update(h.cluster(), h.names.serviceName(), after, null, false)), h.aws.ecs.updates());
    assertEquals(2, h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size());
    assertEquals(generation, h.stack.getMetadata().getGeneration(), "a Secret change is no spec change");
  }

  @Test
  void externalToSidecarDeletesTheCopyOnlyAfterTheServiceRunsTheSidecar() {
    h.putRedisUrl(URL);
    h.applyUntilReady();
    Stacks.switchRedis(h.stack, Mode.sidecar);
    h.apply();
    assertTrue(h.aws.secrets.secret(h.names.redisExternalSecretName()).isPresent(),
        "the copy went while the service still reads it");
    h.applyUntilReady();
    assertTrue(h.aws.secrets.secret(h.names.redisExternalSecretName()).isEmpty());
    int rolledOut = h.aws.journal().first("ecs", "rolloutCompleted",
        h.names.serviceName() + "@" + h.service().orElseThrow().taskDefinitionArn());
    int deleted = h.aws.journal().first("secretsmanager", "deleteNow", h.names.redisExternalSecretName());
    assertTrue(rolledOut >= 0 && deleted > rolledOut, "journal " + h.aws.journal());
  }
}
