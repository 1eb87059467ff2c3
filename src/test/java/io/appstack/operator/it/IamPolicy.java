package io.appstack.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** iam/operator-policy.json, and whether it allows an AWS call the operator made. */
final class IamPolicy {
  /** The SDK's service names (as the call meter tags them) to IAM action prefixes. */
  private static final Map<String, String> PREFIX = Map.of("Rds", "rds", "SecretsManager", "secretsmanager",
      "Ec2", "ec2", "Ecs", "ecs", "CloudWatchLogs", "logs", "ElastiCache", "elasticache",
      "ElasticLoadBalancingV2", "elasticloadbalancing");
  private final List<Pattern> allowed = new ArrayList<>();

  IamPolicy(Path file) {
    try {
      JsonNode policy = new ObjectMapper().readTree(file.toFile());
      for (JsonNode statement : policy.path("Statement")) {
        if (!"Allow".equals(statement.path("Effect").asText())) {
          continue;
        }
        JsonNode actions = statement.path("Action");
        for (JsonNode a : actions.isArray() ? actions : List.of(actions)) {
          allowed.add(Pattern.compile(a.asText().replace("*", ".*"), Pattern.CASE_INSENSITIVE));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  /** The IAM action of an SDK call, e.g. ("Rds", "CreateDBInstance") -> rds:CreateDBInstance. */
  static String action(String sdkService, String operation) {
    String prefix = PREFIX.get(sdkService);
    if (prefix == null) {
      throw new IllegalArgumentException("no IAM prefix known for SDK service " + sdkService);
    }
    return prefix + ":" + operation;
  }

  boolean allows(String action) {
    return allowed.stream().anyMatch(p -> p.matcher(action).matches());
  }
}
