package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.secrets.SecretsGateway;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory Secrets Manager. ARNs end in "-" and six characters like real ones; a secret can
 * be scheduled for deletion (then it is found with {@code deletedAt}, and creating or reading it
 * fails as in AWS) and restored.
 */
public final class FakeSecretsGateway extends FakeGateway implements SecretsGateway {
  private static final String SERVICE = "secretsmanager";
  private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

  private final Map<String, Secret> byName = new LinkedHashMap<>();
  private int created;

  private static final class Secret {
    String arn;
    String name;
    String value;
    Map<String, String> tags;
    Instant deletedAt;

    SecretInfo info() {
      return new SecretInfo(arn, name, tags, deletedAt);
    }
  }

  public FakeSecretsGateway() {
    super(new CallLog(Set.of("find", "create", "value", "restore", "deleteNow"), Set.of("create")));
  }

  @Override
  public synchronized Optional<SecretInfo> find(String name) {
    log.enter("find");
    return Optional.ofNullable(byName.get(name)).map(Secret::info);
  }

  @Override
  public synchronized String create(String name, String description, String secretString, Map<String, String> tags) {
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
    String arn = put(name, secretString, tags);
    log.exit("create");
    return arn;
  }

  @Override
  public synchronized String value(String arn) {
    log.enter("value");
    Secret s = require(arn);
    if (s.deletedAt != null) {
      throw new AwsFailure(SERVICE, "InvalidRequestException",
          "You can't perform this operation on the secret because it was marked for deletion.", true, null);
    }
    return s.value;
  }

  @Override
  public synchronized void restore(String arn) {
    log.enter("restore");
    require(arn).deletedAt = null;
  }

  @Override
  public synchronized void deleteNow(String arn) {
    log.enter("deleteNow");
    byName.remove(require(arn).name);
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------





  /** Stores a secret directly, as if created outside the operator; returns its ARN. */
  public synchronized String put(String name, String value, Map<String, String> tags) {
    Secret s = new Secret();
    s.name = name;
    s.arn = ARN_PREFIX + name + "-" + suffix(++created);
    s.value = value;
    s.tags = Map.copyOf(tags);
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
