package io.appstack.operator.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Deterministic AWS names and ownership tags of one stack, derived from namespace and name only,
 * so that a restarted operator finds what it created. Every name carries a short hash of
 * "namespace/name": two stacks whose names collide after truncation still get distinct resources.
 */
public record StackNames(String namespace, String name, String stackId) {
  public static final String OWNER_TAG = "appstack.io/owner";
  public static final String MANAGED_BY_TAG = "appstack.io/managed-by";
  public static final String MANAGED_BY = "appstack-operator";

  /** RDS identifiers: 1-63 letters, digits, hyphens; first a letter; no "--"; no trailing "-". */
  private static final int STACK_ID_MAX = 63 - "-xx".length();

  /** Postgres's reserved key words, and names RDS keeps for itself. */
  private static final java.util.Set<String> RESERVED_DB_NAMES = java.util.Set.of(
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
      "both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
      "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
      "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
      "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
      "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
      "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
      "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
      "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
      "with", "postgres", "rdsadmin", "template0", "template1");

  public static StackNames of(String namespace, String name) {
    return new StackNames(namespace, name, id(namespace, name, STACK_ID_MAX));
  }

  /** namespace-name, cut to fit {@code max} with the hash kept, in the RDS/ElastiCache alphabet. */
  private static String id(String namespace, String name, int max) {
    String hash = hash(namespace + "/" + name);
    String base = (namespace + "-" + name).toLowerCase().replaceAll("[^a-z0-9]+", "-");
    if (!Character.isLetter(base.charAt(0))) {
      base = "s" + base;
    }
    int room = max - hash.length() - 1;
    if (base.length() > room) {
      base = base.substring(0, room);
    }
    base = base.replaceAll("-+$", "");
    return base + "-" + hash;
  }

  public String owner() {
    return namespace + "/" + name;
  }

  /** The tags every resource of this stack carries; the operator touches nothing without them. */
  public Map<String, String> tags() {
    return Map.of(OWNER_TAG, owner(), MANAGED_BY_TAG, MANAGED_BY);
  }

  public boolean ownedBy(Map<String, String> tags) {
    return owner().equals(tags.get(OWNER_TAG)) && MANAGED_BY.equals(tags.get(MANAGED_BY_TAG));
  }

  public String dbInstanceIdentifier() {
    return stackId + "-db";
  }

  public String dbSubnetGroupName() {
    return stackId + "-db";
  }

  /** EC2 group names may not start with "sg-", which a namespace could. */
  public String dbSecurityGroupName() {
    return "appstack-" + stackId + "-db";
  }

  /**
   * Secrets Manager appends "-" and six characters to ARNs; a name that itself ends that way
   * makes partial-ARN lookups ambiguous, hence "credentials" rather than a six-letter word.
   */
  public String dbCredentialsSecretName() {
    return "appstack/" + namespace + "/" + name + "/database-credentials";
  }

  public String apiSecurityGroupName() {
    return "appstack-" + stackId + "-api";
  }

  /**
   * Matches each of the stack's group names in an EC2 filter. It could match another stack's
   * whose id starts with this one's and a dash; callers pick the exact names from what it finds.
   */
  public String securityGroupNamePattern() {
    return "appstack-" + stackId + "-*";
  }

  public String cacheSecurityGroupName() {
    return "appstack-" + stackId + "-cache";
  }

  public String cacheSubnetGroupName() {
    return stackId + "-cache";
  }

  /** ElastiCache replication group ids are at most 40 characters. */
  public String replicationGroupId() {
    return id(namespace, name, 40);
  }

  /** The elasticache-mode secret: AUTH token and the rediss:// URL built from it. */
  public String redisElastiCacheSecretName() {
    return "appstack/" + namespace + "/" + name + "/redis-elasticache";
  }

  /** The external-mode secret: the URL copied from the referenced Kubernetes Secret. */
  public String redisExternalSecretName() {
    return "appstack/" + namespace + "/" + name + "/redis-external";
  }

  public String logGroupName() {
    return "/appstack/" + namespace + "/" + name;
  }

  public String taskFamily() {
    return stackId + "-api";
  }

  public String serviceName() {
    return stackId + "-api";
  }

  /** Deterministic per incarnation (uid), so a retried delete never asks for a second snapshot. */
  public String finalSnapshotIdentifier(String uid) {
    String suffix = uid.replace("-", "");
    return dbInstanceIdentifier() + "-final-" + suffix.substring(0, Math.min(8, suffix.length()));
  }

  /**
   * Postgres database name: letters, digits and underscores, starting with a letter, and not a
   * word Postgres reserves (RDS refuses those), so "order" becomes "order_db".
   */
  public String dbName() {
    String n = name.replaceAll("[^A-Za-z0-9]+", "_");
    n = Character.isLetter(n.charAt(0)) ? n : "app_" + n;
    n = n.length() > 60 ? n.substring(0, 60) : n;
    return RESERVED_DB_NAMES.contains(n.toLowerCase(java.util.Locale.ROOT)) ? n + "_db" : n;
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
