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
      return Optional.of(new SecretInfo(d.arn(), d.name(),
          d.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), d.deletedDate()));
    } catch (AwsFailure e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public String create(String name, String description, String secretString, Map<String, String> tags) {
    return call(SERVICE, () -> secrets.createSecret(r -> r.name(name).description(description)
        .secretString(secretString)
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())))
        .arn();
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
