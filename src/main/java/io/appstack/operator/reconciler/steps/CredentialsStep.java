package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.DATABASE;

import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.secrets.SecretsGateway;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.desired.DatabaseDesired;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The database master credentials, generated once and kept only in Secrets Manager. The value is
 * never logged, put in status or events; only the ARN travels.
 */
public final class CredentialsStep extends StepBase {
  public static final String NAME = "credentials";
  private static final SecretJson.Passwords PASSWORDS = new SecretJson.Passwords();

  public CredentialsStep() {
    super(NAME, DATABASE);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    SecretsGateway secrets = ctx.aws().secrets();
    String name = ctx.names().dbCredentialsSecretName();
    Optional<SecretInfo> found = secrets.find(name);
    if (found.isEmpty() && ctx.aws().rds().findInstance(ctx.names().dbInstanceIdentifier())
        .filter(db -> ctx.names().ownedBy(db.tags())).isPresent()) {
      // A new password would not open the existing instance; only a person can decide what to do.
      return StepOutcome.stalled(NAME, DATABASE, "CredentialsLost", "Secrets Manager secret " + name
          + " with the master password of RDS instance " + ctx.names().dbInstanceIdentifier()
          + " is gone; restore it (or reset the instance's master password and store it there)");
    }
    if (found.isEmpty()) {
      try {
        SecretInfo created = secrets.create(name,
            "Master credentials of the RDS instance of AppStack " + ctx.names().owner(),
            credentialsJson(ctx), ctx.names().tags());
        ctx.observed().credentialsSecret = created;
        ctx.observed().credentialsSecretArn = created.arn();
      } catch (AwsFailure e) {
        if ("ResourceExistsException".equals(e.code())) {
          // Created by a pass we did not see finish; the next pass reads it back.
          return StepOutcome.progressing(NAME, DATABASE, "CredentialsPending", "secret " + name + " is being created");
        }
        throw e;
      }
      ctx.observed().acted("CredentialsCreated", "created Secrets Manager secret " + name);
      return StepOutcome.ready(NAME, DATABASE, "CredentialsReady", "secret " + name);
    }
    SecretInfo secret = found.get();
    if (!ctx.names().ownedBy(secret.tags())) {
      return notOwned("Secrets Manager secret " + name, ctx.names());
    }
    if (secret.deletedAt() != null) {
      secrets.restore(secret.arn());
      ctx.observed().acted("CredentialsRestored", "restored Secrets Manager secret " + name + " from scheduled deletion");
    }
    ctx.observed().credentialsSecretArn = secret.arn();
    ctx.observed().credentialsSecret = secret;
    return StepOutcome.ready(NAME, DATABASE, "CredentialsReady", "secret " + name);
  }

  /**
   * Only Delete removes the credentials: with Snapshot they are the only way into the final
   * snapshot, with Retain into the kept instance.
   */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    if (ctx.stack().getSpec().database.deletionPolicy != DeletionPolicy.Delete) {
      return StepOutcome.ready(NAME, DATABASE, "CredentialsRetained", "secret kept for the retained database or snapshot");
    }
    Optional<SecretInfo> found = ctx.aws().secrets().find(ctx.names().dbCredentialsSecretName());
    if (found.isPresent() && ctx.names().ownedBy(found.get().tags())) {
      ctx.aws().secrets().deleteNow(found.get().arn());
      ctx.observed().acted("CredentialsDeleted", "deleted Secrets Manager secret " + found.get().name());
    }
    return StepOutcome.ready(NAME, DATABASE, "CredentialsDeleted", "secret deleted");
  }

  private String credentialsJson(StackContext ctx) {
    Map<String, String> value = new LinkedHashMap<>();
    value.put("engine", "postgres");
    value.put("username", DatabaseDesired.MASTER_USERNAME);
    value.put("password", password());
    value.put("dbname", ctx.names().dbName());
    return SecretJson.write(value);
  }

  /** 32 characters RDS accepts in a master password (no / @ " or space), about 186 bits. */
  private static String password() {
    return PASSWORDS.generate(32);
  }

  /** Reads the password field of the credentials JSON. */
  static String passwordOf(String credentialsJson) {
    return SecretJson.read(credentialsJson).getOrDefault("password", "");
  }
}
