package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.secrets.SecretsGateway;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An in-memory Secrets Manager. ARNs end in "-" and six characters like real ones; every value
 * stored is a new version with a UUID-shaped id, the newest being AWSCURRENT. A secret can be
 * scheduled for deletion (then it is found with {@code deletedAt}, and creating, reading or
 * writing it fails as in AWS) and restored.
 */
public final class FakeSecretsGateway extends FakeGateway implements SecretsGateway {
  private static final String SERVICE = "secretsmanager";
  private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

  private final Map<String, Secret> byName = new LinkedHashMap<>();
  private int created;
  private long versions;

  private static final class Secret {
    String arn;
    String name;
    String value;
    final Map<String, String> tags = new LinkedHashMap<>();
    Instant deletedAt;
    final List<String> versionIds = new ArrayList<>();

    String currentVersionId() {
      return versionIds.get(versionIds.size() - 1);
    }

    SecretInfo info() {
      return new SecretInfo(arn, name, Map.copyOf(tags), deletedAt, currentVersionId());
    }
  }

  public FakeSecretsGateway() {
    this(new Journal());
  }

  public FakeSecretsGateway(Journal journal) {
    super(new CallLog(Set.of("find", "create", "value", "restore", "putValue", "tag", "deleteNow"),
        Set.of("create", "putValue")), journal, Set.of("create", "restore", "putValue", "tag", "deleteNow"));
  }

  @Override
  public synchronized Optional<SecretInfo> find(String name) {
    log.enter("find");
    return Optional.ofNullable(byName.get(name)).map(Secret::info);
  }

  /** As ListSecrets filtered on the managed-by tag key. */
  @Override
  public synchronized Set<String> listManagedSecretNames() {
    log.enter("listManagedSecretNames");
    return byName.values().stream().map(Secret::info).filter(i -> i.tags().containsKey(StackNames.MANAGED_BY_TAG))
        .map(SecretInfo::name).collect(java.util.stream.Collectors.toSet());
  }

  @Override
  public synchronized SecretInfo create(String name, String description, String secretString,
      Map<String, String> tags) {
    log.enter("create");
    Secret existing = byName.get(name);
    if (existing != null && existing.deletedAt != null) {
      throw new AwsFailure(SERVICE, "InvalidRequestException",
          "You can't create this secret because a secret with this name is already scheduled for deletion.", true, null);
    }
    if (existing != null) {
      throw new AwsFailure(SERVICE, "ResourceExistsException",
          "The operation failed because the secret " + name + " already exists.", false, null);
    }
    put(name, secretString, tags);
    journal.record(SERVICE, "create", name);
    SecretInfo info = byName.get(name).info();
    log.exit("create");
    return info;
  }

  @Override
  public synchronized String value(String arn) {
    log.enter("value");
    return usable(arn).value;
  }

  @Override
  public synchronized void restore(String arn) {
    log.enter("restore");
    Secret s = require(arn);
    s.deletedAt = null;
    journal.record(SERVICE, "restore", s.name);
  }

  @Override
  public synchronized String putValue(String arn, String secretString, Map<String, String> tags) {
    log.enter("putValue");
    Secret s = usable(arn);
    s.value = secretString;
    s.versionIds.add(nextVersionId(s.arn));
    s.tags.putAll(tags);
    journal.record(SERVICE, "putValue", s.name);
    String version = s.currentVersionId();
    log.exit("putValue");
    return version;
  }

  @Override
  public synchronized void tag(String arn, Map<String, String> tags) {
    log.enter("tag");
    Secret s = require(arn);
    s.tags.putAll(tags);
    journal.record(SERVICE, "tag", s.name);
  }

  @Override
  public synchronized void deleteNow(String arn) {
    log.enter("deleteNow");
    Secret s = require(arn);
    byName.remove(s.name);
    journal.record(SERVICE, "deleteNow", s.name);
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** Stores a secret directly, as if created outside the operator; returns its ARN. */
  public synchronized String put(String name, String value, Map<String, String> tags) {
    Secret s = new Secret();
    s.name = name;
    s.arn = ARN_PREFIX + name + "-" + suffix(++created);
    s.value = value;
    s.tags.putAll(tags);
    s.versionIds.add(nextVersionId(s.arn));
    byName.put(name, s);
    return s.arn;
  }

  /** The stored value, by name or ARN, without counting a call. */
  public synchronized Optional<String> stored(String nameOrArn) {
    return lookup(nameOrArn).map(s -> s.value);
  }

  public synchronized Optional<SecretInfo> secret(String name) {
    return Optional.ofNullable(byName.get(name)).map(Secret::info);
  }

  /** Every version id the secret has had, oldest first; the last is AWSCURRENT. */
  public synchronized List<String> versions(String nameOrArn) {
    return lookup(nameOrArn).map(s -> List.copyOf(s.versionIds)).orElse(List.of());
  }

  public synchronized List<SecretInfo> secrets() {
    return byName.values().stream().map(Secret::info).toList();
  }

  /** As an operator that died between PutSecretValue and TagResource leaves the secret. */
  public synchronized void untag(String name, String key) {
    byName.get(name).tags.remove(key);
  }

  /** As DeleteSecret with a recovery window does. */
  public synchronized void scheduleDeletion(String name, Instant at) {
    byName.get(name).deletedAt = at;
  }

  private Optional<Secret> lookup(String nameOrArn) {
    return byName.values().stream().filter(s -> s.arn.equals(nameOrArn) || s.name.equals(nameOrArn)).findFirst();
  }

  private Secret require(String nameOrArn) {
    return lookup(nameOrArn).orElseThrow(() -> new AwsFailure(SERVICE, "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.", false, null));
  }

  private Secret usable(String nameOrArn) {
    Secret s = require(nameOrArn);
    if (s.deletedAt != null) {
      throw new AwsFailure(SERVICE, "InvalidRequestException",
          "You can't perform this operation on the secret because it was marked for deletion.", true, null);
    }
    return s;
  }

  /** UUID-shaped like AWS's version ids; deterministic so test runs repeat. */
  private String nextVersionId(String arn) {
    return UUID.nameUUIDFromBytes((arn + "#" + (++versions)).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Six characters, like the random suffix AWS appends; deterministic so test runs repeat. */
  private static String suffix(int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder();
    long x = n * 2_654_435_761L;
    for (int i = 0; i < 6; i++) {
      sb.append(alphabet.charAt((int) Math.floorMod(x, (long) alphabet.length())));
      x /= alphabet.length();
    }
    return sb.toString();
  }
}
