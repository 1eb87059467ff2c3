package io.appstack.operator.naming;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StackNamesTest {
  private static final Pattern RDS_IDENTIFIER = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");
  private static final Pattern SECRETS_MANAGER_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");
  private static final Pattern POSTGRES_DB_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,62}$");
  private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z0-9/_+=.@-]{1,512}$");

  /** Postgres's reserved key words (SQL key words appendix, "reserved" in the PostgreSQL column). */
  private static final Set<String> POSTGRES_RESERVED = Set.of("all", "analyse", "analyze", "and",
      "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint",
      "create", "current_catalog", "current_date", "current_role", "current_time", "current_timestamp",
      "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
      "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
      "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
      "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
      "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window",
      "with");

  /** Namespaces are DNS labels (63), names DNS subdomains (253); plus a few odder shapes. */
  static Stream<Arguments> oddStacks() {
    String longName = "a".repeat(120) + "." + "b1-".repeat(40) + "c".repeat(12);
    return Stream.of(
        Arguments.of("staging", "shop"),
        Arguments.of("default", "x"),
        Arguments.of("n".repeat(63), "m".repeat(253)),
        Arguments.of("team-a", longName.substring(0, 253)),
        Arguments.of("1st-team", "shop"),
        Arguments.of("42", "9lives"),
        Arguments.of("staging", "shop.v2.example.com"),
        Arguments.of("staging", "shop..api"),
        Arguments.of("prod", "api-"),
        Arguments.of("a", "-x-"),
        Arguments.of("Staging", "SHOP_Api"),
        // A hyphen lands right where the base is cut: no "-" may end the stack id before the hash.
        Arguments.of("ns", "x".repeat(49) + "-" + "y".repeat(40)),
        Arguments.of("ns", "x".repeat(48) + "--" + "y".repeat(40)),
        Arguments.of("ns", "x".repeat(48) + ".." + "y".repeat(40)));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("oddStacks")
  void rdsIdentifiersFollowRdsRules(String namespace, String name) {
    StackNames names = StackNames.of(namespace, name);
    assertAll(
        () -> assertRdsIdentifier("dbInstanceIdentifier", names.dbInstanceIdentifier()),
        () -> assertRdsIdentifier("dbSubnetGroupName", names.dbSubnetGroupName()),
        () -> assertRdsSnapshotIdentifier(names.finalSnapshotIdentifier("0f8fad5b-d9cb-469f-a165-70867728950e")));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("oddStacks")
  void otherNamesFollowTheirServicesRules(String namespace, String name) {
    StackNames names = StackNames.of(namespace, name);
    String sg = names.dbSecurityGroupName();
    String secret = names.dbCredentialsSecretName();
    String db = names.dbName();
    assertAll(
        () -> assertTrue(sg.length() <= 255 && !sg.startsWith("sg-"), "security group name " + sg),
        () -> assertTrue(SECRET_NAME.matcher(secret).matches(), "secret name " + secret),
        () -> assertFalse(SECRETS_MANAGER_SUFFIX.matcher(secret).find(),
            "secret name " + secret + " ends like a Secrets Manager ARN suffix (-xxxxxx)"),
        () -> assertTrue(POSTGRES_DB_NAME.matcher(db).matches(), "postgres database name " + db));
  }

  @Test
  void namesAreDeterministic() {
    StackNames a = StackNames.of("staging", "shop");
    StackNames b = StackNames.of("staging", "shop");
    assertEquals(a, b);
    assertEquals(a.dbInstanceIdentifier(), b.dbInstanceIdentifier());
    assertEquals(a.dbSecurityGroupName(), b.dbSecurityGroupName());
    assertEquals(a.dbCredentialsSecretName(), b.dbCredentialsSecretName());
    assertEquals(a.finalSnapshotIdentifier("uid-1"), b.finalSnapshotIdentifier("uid-1"));
  }

  @Test
  void readableStackIdKeepsNamespaceAndName() {
    String id = StackNames.of("staging", "shop").dbInstanceIdentifier();
    assertTrue(id.matches("^staging-shop-[0-9a-f]{6}-db$"), "identifier " + id);
  }

  @Test
  void stacksThatCollideAfterTruncationGetDistinctNames() {
    String prefix = "a".repeat(200);
    List<StackNames> stacks = new ArrayList<>();
    for (String suffix : List.of("1", "2", "x", "-y", "z.z")) {
      stacks.add(StackNames.of("team", prefix + suffix));
    }
    stacks.add(StackNames.of("a-b", "c"));
    stacks.add(StackNames.of("a", "b-c"));
    stacks.add(StackNames.of("a.b", "c"));
    assertAllDistinct(stacks, StackNames::dbInstanceIdentifier);
    assertAllDistinct(stacks, StackNames::dbSubnetGroupName);
    assertAllDistinct(stacks, StackNames::dbSecurityGroupName);
    assertAllDistinct(stacks, StackNames::dbCredentialsSecretName);
  }

  @Test
  void finalSnapshotIdentifierDependsOnTheIncarnation() {
    StackNames names = StackNames.of("staging", "shop");
    String first = names.finalSnapshotIdentifier("11111111-2222-3333-4444-555555555555");
    String again = names.finalSnapshotIdentifier("11111111-2222-3333-4444-555555555555");
    String recreated = names.finalSnapshotIdentifier("99999999-2222-3333-4444-555555555555");
    assertEquals(first, again, "a retried delete must ask for the same snapshot");
    assertNotEquals(first, recreated, "a re-created stack of the same name needs its own snapshot");
    assertTrue(first.startsWith(names.dbInstanceIdentifier()), first);
  }

  @Test
  void tagsNameTheOwnerAndTheOperator() {
    StackNames names = StackNames.of("staging", "shop");
    assertEquals(Map.of("appstack.io/owner", "staging/shop", "appstack.io/managed-by", "appstack-operator"),
        names.tags());
  }

  @Test
  void ownedByAcceptsOnlyThisStacksTags() {
    StackNames names = StackNames.of("staging", "shop");
    Map<String, String> withExtra = new HashMap<>(names.tags());
    withExtra.put("team", "payments");
    assertAll(
        () -> assertTrue(names.ownedBy(names.tags()), "own tags"),
        () -> assertTrue(names.ownedBy(withExtra), "own tags plus unrelated ones"),
        () -> assertFalse(names.ownedBy(Map.of()), "no tags"),
        () -> assertFalse(names.ownedBy(StackNames.of("staging", "shop2").tags()), "another stack's tags"),
        () -> assertFalse(names.ownedBy(StackNames.of("prod", "shop").tags()), "same name, other namespace"),
        () -> assertFalse(names.ownedBy(Map.of(StackNames.OWNER_TAG, "staging/shop")), "owner without managed-by"),
        () -> assertFalse(names.ownedBy(Map.of(StackNames.OWNER_TAG, "staging/shop",
            StackNames.MANAGED_BY_TAG, "terraform")), "managed by another tool"));
  }

  /**
   * CreateDBInstance rejects a DBName that is a reserved word ("Identifiers ... must not be a reserved
   * word"), and stacks named order, user or group are ordinary: such a stack would stay Stalled.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"order", "user", "group", "table", "select", "default"})
  void dbNameIsNeverAPostgresReservedWord(String stackName) {
    String db = StackNames.of("shop", stackName).dbName();
    assertFalse(POSTGRES_RESERVED.contains(db.toLowerCase(Locale.ROOT)), "dbName '" + db + "' is reserved");
  }

  private static void assertRdsIdentifier(String what, String id) {
    assertTrue(RDS_IDENTIFIER.matcher(id).matches(), what + " '" + id + "' (" + id.length()
        + " chars) must be 1-63 of [a-z0-9-] starting with a letter");
    assertFalse(id.contains("--"), what + " '" + id + "' contains --");
    assertFalse(id.endsWith("-"), what + " '" + id + "' ends with -");
  }

  /** DeleteDBInstance's FinalDBSnapshotIdentifier: 1-255 letters, digits, hyphens; same shape rules. */
  private static void assertRdsSnapshotIdentifier(String id) {
    assertTrue(id.matches("^[a-z][a-z0-9-]{0,254}$"), "final snapshot identifier '" + id + "'");
    assertFalse(id.contains("--"), "final snapshot identifier '" + id + "' contains --");
    assertFalse(id.endsWith("-"), "final snapshot identifier '" + id + "' ends with -");
  }

  private static void assertAllDistinct(List<StackNames> stacks, Function<StackNames, String> name) {
    Map<String, String> seen = new HashMap<>();
    for (StackNames s : stacks) {
      String previous = seen.put(name.apply(s), s.owner());
      assertTrue(previous == null, "'" + name.apply(s) + "' is shared by " + previous + " and " + s.owner());
    }
  }
}
