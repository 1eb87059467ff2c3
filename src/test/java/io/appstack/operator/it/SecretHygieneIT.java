package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A whole lifecycle (ElastiCache, then external Redis, a migration, an image bump, deletion), after
 * which every generated or supplied secret value is searched for in the operator's logs, the
 * Events, every AppStack seen, the metrics page and the task definitions' plain environment.
 */
class SecretHygieneIT extends OperatorTestBase {
  private static final String EXTERNAL_PASSWORD = "upstash-s3cr3t-9f8e7d";

  @Test
  void noSecretValueAppearsAnywhereTheOperatorWrites() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    List<String> seen = new ArrayList<>();
    StackNames names = StackNames.of(namespace, "shop");
    List<String> secrets = new ArrayList<>();
    try {
      kube.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("upstash")
          .endMetadata().addToStringData("url", "rediss://default:" + EXTERNAL_PASSWORD + "@eu1.upstash.io:6379").build())
          .create();
      applyWith("shop", spec -> {
        spec.put("redis", Map.of("mode", "elasticache", "elasticache", Map.of("nodeType", "cache.t3.micro")));
        spec.put("migrations", Map.of("command", List.of("sh", "-c", "exit 0")));
      });
      seen.add(Serialization.asJson(awaitReady("shop")));
      ObjectMapper json = new ObjectMapper();
      secrets.add(json.readTree(aws.secrets.getSecretValue(r -> r.secretId(names.dbCredentialsSecretName()))
          .secretString()).path("password").asText());
      secrets.add(json.readTree(aws.secrets.getSecretValue(r -> r.secretId(names.redisElastiCacheSecretName()))
          .secretString()).path("authToken").asText());
      secrets.add(EXTERNAL_PASSWORD);

      stack("shop").edit(s -> {
        var redis = new io.appstack.operator.api.v1alpha1.RedisSpec();
        redis.mode = io.appstack.operator.api.v1alpha1.RedisSpec.Mode.external;
        redis.external = new io.appstack.operator.api.v1alpha1.RedisSpec.ExternalSpec();
        redis.external.urlSecretRef = new io.appstack.operator.api.v1alpha1.RedisSpec.SecretKeyRef();
        redis.external.urlSecretRef.name = "upstash";
        redis.external.urlSecretRef.key = "url";
        s.getSpec().redis = redis;
        s.getSpec().api.image = s.getSpec().api.image.replace("1.4.2", "1.5.0");
        return s;
      });
      seen.add(Serialization.asJson(awaitReady("shop")));
      List<String> environments = new ArrayList<>();
      for (String arn : aws.ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily())).taskDefinitionArns()) {
        aws.ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().containerDefinitions()
            .forEach(c -> c.environment().forEach(e -> environments.add(e.name() + "=" + e.value())));
      }
      String metrics = operator.registry.scrape();
      stack("shop").delete();
      org.awaitility.Awaitility.await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);
      String events = Serialization.asJson(events());
      List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();

      assertEquals(3, secrets.stream().filter(v -> v.length() >= 16).count(), "three real secret values to look for");
      assertTrue(lines.size() > 10, "the operator logged something: " + lines.size());
      for (String secret : secrets) {
        assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "a secret value is in the operator's logs");
        assertFalse(events.contains(secret), "a secret value is in an Event");
        assertTrue(seen.stream().noneMatch(s -> s.contains(secret)), "a secret value is in an AppStack");
        assertFalse(metrics.contains(secret), "a secret value is on the metrics page");
        assertTrue(environments.stream().noneMatch(e -> e.contains(secret)), "a secret value is in a plain environment");
      }
    } finally {
      root.detachAppender(logs);
    }
  }
}
