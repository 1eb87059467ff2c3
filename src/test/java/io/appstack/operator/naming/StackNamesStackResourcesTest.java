package io.appstack.operator.naming;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names of the API, cache and log resources follow each AWS service's rules and never collide. */
class StackNamesStackResourcesTest {
  /** ElastiCache replication group ids: 1-40 letters, digits, hyphens; first a letter; no "--"; no trailing "-". */
  private static final Pattern REPLICATION_GROUP_ID = Pattern.compile("^[a-zA-Z][a-zA-Z0-9-]{0,39}$");
  /** Cache subnet group names: up to 255 letters, digits, hyphens (stored lower case). */
  private static final Pattern CACHE_SUBNET_GROUP = Pattern.compile("^[a-z0-9-]{1,255}$");
  /** ECS task definition families and service names: up to 255 letters, digits, hyphens, underscores. */
  private static final Pattern ECS_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  /** CloudWatch Logs group names. */
  private static final Pattern LOG_GROUP = Pattern.compile("^[.\\-_/#A-Za-z0-9]{1,512}$");
  private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z0-9/_+=.@-]{1,512}$");
  private static final Pattern SECRETS_MANAGER_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");

  static Stream<org.junit.jupiter.params.provider.Arguments> oddStacks() {
    return StackNamesTest.oddStacks();
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("oddStacks")
  void cacheNamesFollowElastiCacheRules(String namespace, String name) {
    StackNames names = StackNames.of(namespace, name);
    String id = names.replicationGroupId();
    String subnets = names.cacheSubnetGroupName();
    assertAll(
        () -> assertTrue(REPLICATION_GROUP_ID.matcher(id).matches(), "replication group id '" + id + "' ("
            + id.length() + " chars)"),
        () -> assertFalse(id.contains("--") || id.endsWith("-"), "replication group id '" + id + "'"),
        () -> assertTrue(CACHE_SUBNET_GROUP.matcher(subnets).matches(), "cache subnet group '" + subnets + "'"));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("oddStacks")
  void apiNamesFollowEcsAndLogsRules(String namespace, String name) {
    StackNames names = StackNames.of(namespace, name);
    assertAll(
        () -> assertTrue(ECS_NAME.matcher(names.taskFamily()).matches(), "family " + names.taskFamily()),
        () -> assertTrue(ECS_NAME.matcher(names.serviceName()).matches(), "service " + names.serviceName()),
        () -> assertTrue(LOG_GROUP.matcher(names.logGroupName()).matches(), "log group " + names.logGroupName()));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("oddStacks")
  void securityGroupAndSecretNamesFollowTheirRules(String namespace, String name) {
    StackNames names = StackNames.of(namespace, name);
    List<String> groups = List.of(names.apiSecurityGroupName(), names.dbSecurityGroupName(),
        names.cacheSecurityGroupName());
    List<String> secrets = List.of(names.redisElastiCacheSecretName(), names.redisExternalSecretName());
    for (String g : groups) {
      assertTrue(g.length() <= 255 && !g.startsWith("sg-"), "security group name " + g);
    }
    for (String s : secrets) {
      assertTrue(SECRET_NAME.matcher(s).matches(), "secret name " + s);
      assertFalse(SECRETS_MANAGER_SUFFIX.matcher(s).find(), "secret name " + s + " ends like an ARN suffix");
    }
  }

  @Test
  void eachResourceKindHasItsOwnName() {
    StackNames names = StackNames.of("staging", "shop");
    List<String> groups = List.of(names.apiSecurityGroupName(), names.dbSecurityGroupName(),
        names.cacheSecurityGroupName());
    assertEquals(3, groups.stream().distinct().count(), "groups " + groups);
    List<String> secrets = List.of(names.dbCredentialsSecretName(), names.redisElastiCacheSecretName(),
        names.redisExternalSecretName());
    assertEquals(3, secrets.stream().distinct().count(), "secrets " + secrets);
    assertEquals("/appstack/staging/shop", names.logGroupName());
  }

  @Test
  void stacksThatCollideAfterTruncationGetDistinctApiAndCacheNames() {
    String prefix = "a".repeat(200);
    List<StackNames> stacks = new ArrayList<>();
    for (String suffix : List.of("1", "2", "x", "-y", "z.z")) {
      stacks.add(StackNames.of("team", prefix + suffix));
    }
    stacks.add(StackNames.of("a-b", "c"));
    stacks.add(StackNames.of("a", "b-c"));
    stacks.add(StackNames.of("a.b", "c"));
    for (Function<StackNames, String> name : List.<Function<StackNames, String>>of(StackNames::replicationGroupId,
        StackNames::cacheSubnetGroupName, StackNames::apiSecurityGroupName, StackNames::cacheSecurityGroupName,
        StackNames::taskFamily, StackNames::serviceName, StackNames::logGroupName,
        StackNames::redisElastiCacheSecretName, StackNames::redisExternalSecretName)) {
      Map<String, String> seen = new HashMap<>();
      for (StackNames s : stacks) {
        String previous = seen.put(name.apply(s), s.owner());
        assertTrue(previous == null, "'" + name.apply(s) + "' is shared by " + previous + " and " + s.owner());
      }
    }
  }
}
