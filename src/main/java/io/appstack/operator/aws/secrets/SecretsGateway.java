package io.appstack.operator.aws.secrets;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The Secrets Manager calls the operator makes. Secret values never leave this layer in logs. */
public interface SecretsGateway {

  Optional<SecretInfo> find(String name);

  /** Names of every secret tagged as managed by the operator, 100 per ListSecrets page. */
  default java.util.Set<String> listManagedSecretNames() {
    throw new UnsupportedOperationException("this gateway does not list secrets");
  }

  /** Creates the secret; returns what AWS then holds (ARN and first version id). */
  SecretInfo create(String name, String description, String secretString, Map<String, String> tags);

  /** The current value; only read where AWS needs it (e.g. the master password at create). */
  String value(String arn);

  void restore(String arn);

  /** Stores a new current value and sets {@code tags} on the secret; returns the new version id. */
  String putValue(String arn, String secretString, Map<String, String> tags);

  /** Sets {@code tags} on the secret (PutSecretValue and TagResource are two calls: this finishes the second). */
  void tag(String arn, Map<String, String> tags);

  void deleteNow(String arn);

  /**
   * A secret's metadata (never its value). {@code deletedAt} is set while deletion is scheduled;
   * {@code currentVersionId} is the AWSCURRENT version, which task definitions pin.
   */
  record SecretInfo(String arn, String name, Map<String, String> tags, Instant deletedAt, String currentVersionId) {}
}
