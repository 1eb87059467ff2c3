package io.appstack.operator.reconciler;

import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroup;
import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.desired.RedisWiring;
import io.appstack.operator.drift.FieldDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * What the steps of one reconcile learned about AWS and did to it. Steps write here, the status
 * builder reads it; ids are recorded as soon as they are known so later steps can use them.
 */
public final class Observed {
  public String credentialsSecretArn;
  /** The credentials secret as described this pass (tags and current version, never the value). */
  public io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo credentialsSecret;
  public String apiSecurityGroupId;
  public String dbSecurityGroupId;
  public String cacheSecurityGroupId;
  public DbInstance dbInstance;
  /** ECS valueFrom of DATABASE_URL, once the endpoint is written into the credentials secret. */
  public String databaseUrlValueFrom;
  public RedisWiring redis;
  public ReplicationGroup replicationGroup;
  public String taskDefinitionArn;
  public Service service;
  /** The migration of this spec's image and command, as far as known. */
  public MigrationRun migration;
  /** Health of the running API, once its rollout has settled. */
  public io.appstack.operator.health.ServiceHealth health;
  /** A revision whose deployment failed and was rolled back. */
  public FailedRollout failedRollout;
  public final List<FieldDiff> drift = new ArrayList<>();
  /** Changes made to AWS in this pass, told to the user as Events. */
  public final List<Action> actions = new ArrayList<>();

  /**
   * One migration run. {@code runKey} identifies image and command; with the generation it makes
   * the task's startedBy marker. phase: Pending, Running, Succeeded, Failed.
   */
  public record MigrationRun(String runKey, long generation, String image, String taskArn, String phase,
      Integer exitCode, java.time.Instant startedAt, java.time.Instant finishedAt, String message, String logStream) {

    public boolean finished() {
      return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
  }

  /** A revision ECS rolled back, and why. */
  public record FailedRollout(String taskDefinitionArn, String reason) {}

  /** A change made to AWS. */
  public record Action(String reason, String message) {}

  public void acted(String reason, String message) {
    actions.add(new Action(reason, message));
  }
}
