package io.appstack.operator.aws.secrets;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The Secrets Manager calls the operator makes. Secret values never leave this layer in logs. */
public interface SecretsGateway {

  Optional<SecretInfo> find(String name);

  /** Creates the secret and returns its ARN. */
  String create(String name, String description, String secretString, Map<String, String> tags);

  /** The current value; only read where AWS needs it (e.g. the master password at create). */
  String value(String arn);

  void restore(String arn);

  void deleteNow(String arn);

  /** A secret's metadata (never its value). {@code deletedAt} is set while deletion is scheduled. */
  record SecretInfo(String arn, String name, Map<String, String> tags, Instant deletedAt) {}
}
