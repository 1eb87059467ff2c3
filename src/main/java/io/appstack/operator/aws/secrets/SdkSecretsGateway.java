package io.appstack.operator.aws.secrets;

import static io.appstack.operator.aws.AwsCall.call;
import static io.appstack.operator.aws.AwsCall.run;

import io.appstack.operator.aws.AwsFailure;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** {@link SecretsGateway} on the AWS SDK. */
public final class SdkSecretsGateway implements SecretsGateway {
  private static final String SERVICE = "secretsmanager";
  private final SecretsManagerClient secrets;

  public SdkSecretsGateway(SecretsManagerClient secrets) {
    this.secrets = secrets;
  }

  @Override
  public Optional<SecretInfo> find(String name) {
    try {
      DescribeSecretResponse d = call(SERVICE, () -> secrets.describeSecret(r -> r.secretId(name)));
      String current = d.versionIdsToStages().entrySet().stream()
          .filter(e -> e.getValue().contains("AWSCURRENT")).map(Map.Entry::getKey).findFirst().orElse(null);
      return Optional.of(new SecretInfo(d.arn(), d.name(),
          d.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), d.deletedDate(), current));
    } catch (AwsFailure e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public java.util.Set<String> listManagedSecretNames() {
    return call(SERVICE, () -> {
      java.util.Set<String> names = new java.util.HashSet<>();
      secrets.listSecretsPaginator(r -> r.maxResults(100).filters(f -> f
          .key(software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType.TAG_KEY)
          .values(io.appstack.operator.naming.StackNames.MANAGED_BY_TAG)))
          .forEach(page -> page.secretList().forEach(s -> names.add(s.name())));
      return names;
    });
  }

  @Override
  public SecretInfo create(String name, String description, String secretString, Map<String, String> tags) {
    var created = call(SERVICE, () -> secrets.createSecret(r -> r.name(name).description(description)
        .secretString(secretString).tags(tags(tags))));
    return new SecretInfo(created.arn(), created.name(), tags, null, created.versionId());
  }

  @Override
  public String putValue(String arn, String secretString, Map<String, String> tags) {
    String version = call(SERVICE, () -> secrets.putSecretValue(r -> r.secretId(arn).secretString(secretString)))
        .versionId();
    if (!tags.isEmpty()) {
      tag(arn, tags);
    }
    return version;
  }

  @Override
  public void tag(String arn, Map<String, String> tags) {
    run(SERVICE, () -> secrets.tagResource(r -> r.secretId(arn).tags(tags(tags))));
  }

  private static java.util.List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  @Override
  public String value(String arn) {
    return call(SERVICE, () -> secrets.getSecretValue(r -> r.secretId(arn))).secretString();
  }

  @Override
  public void restore(String arn) {
    run(SERVICE, () -> secrets.restoreSecret(r -> r.secretId(arn)));
  }

  @Override
  public void deleteNow(String arn) {
    run(SERVICE, () -> secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true)));
  }
}
