package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.DATABASE;

import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import io.appstack.operator.desired.TaskDefinitionDesired;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Map;
import java.util.Set;

/**
 * Writes the database's address into the credentials secret (host, port, and the whole
 * DATABASE_URL) once RDS reports the endpoint, so the API reads one secret key. A tag on the
 * secret remembers which endpoint it holds; the value is read only when that changes.
 */
public final class DatabaseConnectionStep extends StepBase {
  public static final String NAME = "database-url";

  public DatabaseConnectionStep() {
    super(NAME, DATABASE);
  }

  @Override
  public Set<String> needs() {
    return Set.of(DatabaseStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    DbInstance db = ctx.observed().dbInstance;
    SecretInfo secret = ctx.observed().credentialsSecret;
    String endpoint = db.endpoint() + ":" + db.port();
    String version = SecretJson.withEndpoint(ctx, secret, endpoint, value -> {
      value.put("host", db.endpoint());
      value.put("port", String.valueOf(db.port()));
      value.put("url", "postgresql://" + value.get("username") + ":" + value.get("password") + "@" + endpoint + "/"
          + value.get("dbname"));
    }, "DatabaseUrlWritten");
    ctx.observed().databaseUrlValueFrom = TaskDefinitionDesired.valueFrom(secret.arn(), "url", version);
    return StepOutcome.ready(NAME, DATABASE, "DatabaseAvailable", "RDS instance " + db.identifier() + " is "
        + db.status() + " at " + endpoint);
  }

  /** The address lives in the credentials secret, which CredentialsStep removes or keeps. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    return StepOutcome.ready(NAME, DATABASE, "Nothing", "nothing of its own");
  }
}
