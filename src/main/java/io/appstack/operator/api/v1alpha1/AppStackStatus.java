package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator reports; written only by status.StackStatusBuilder. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppStackStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("The generation the whole stack last converged on (was Ready); differences found after that are drift.")
  public Long appliedGeneration;

  @JsonPropertyDescription("Provisioning | Migrating | Deploying | Ready | Degraded | Failed | Deleting.")
  public String phase;

  @JsonPropertyDescription("Ready, Reconciling, Stalled (kstatus) and one condition per component.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The RDS instance.")
  public DatabaseStatus database;

  @JsonPropertyDescription("The Redis the API uses.")
  public CacheStatus cache;

  @JsonPropertyDescription("The ECS service.")
  public ApiStatus api;

  @JsonPropertyDescription("The last migration task.")
  public MigrationStatus migration;

  @JsonPropertyDescription("Differences between this spec and AWS found at the last check.")
  public List<DriftEntry> drift;

  /** The RDS instance as last observed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DatabaseStatus {
    @JsonPropertyDescription("RDS DB instance identifier.")
    public String identifier;
    @JsonPropertyDescription("Hostname clients connect to.")
    public String endpoint;
    @JsonPropertyDescription("Port clients connect to.")
    public Integer port;
    @JsonPropertyDescription("RDS instance status, e.g. creating, modifying, available.")
    public String status;
    @JsonPropertyDescription("ARN of the Secrets Manager secret with the master credentials.")
    public String credentialsSecretArn;
  }

  /** The cache as last observed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CacheStatus {
    public String mode;
    public String endpoint;
    public Integer port;
    public String status;
  }

  /** The ECS service as last observed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ApiStatus {
    public String serviceArn;
    public String taskDefinitionArn;
    public Integer desiredCount;
    public Integer runningCount;
    public String rolloutState;
    @JsonPropertyDescription("A revision whose rollout failed and was rolled back; it is not deployed again.")
    public String failedTaskDefinitionArn;
    @JsonPropertyDescription("Why that rollout failed, as ECS reported it.")
    public String failureReason;
    @JsonPropertyDescription("How the running API is doing: rollout, load balancer targets, health URL.")
    public ApiHealth health;
  }

  /** Health of the running API. state: Healthy, Unhealthy or Unknown. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ApiHealth {
    public String state;
    @JsonPropertyDescription("Targets of the attached target group reported healthy.")
    public Integer targetsHealthy;
    @JsonPropertyDescription("Targets reported unhealthy.")
    public Integer targetsUnhealthy;
    @JsonPropertyDescription("Why targets are not healthy, as ELB says.")
    public List<String> targetReasons;
    @JsonPropertyDescription("The last probe of spec.api.healthCheckUrl.")
    public Probe probe;
  }

  /** One GET of the health URL. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Probe {
    public String url;
    public Boolean ok;
    public Integer statusCode;
    public Long latencyMs;
    public String checkedAt;
    public String error;
  }

  /** The last migration task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MigrationStatus {
    @JsonPropertyDescription("Identifies the image and command this migration ran.")
    public String runKey;
    @JsonPropertyDescription("The metadata.generation the migration ran for; a failed one is retried only by a newer one.")
    public Long generation;
    @JsonPropertyDescription("CloudWatch Logs group/stream with the migration's output.")
    public String logStream;
    public String taskArn;
    public String image;
    public String phase;
    public Integer exitCode;
    public String startedAt;
    public String finishedAt;
    public String message;
  }

  /** One field where AWS differs from the spec. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DriftEntry {
    public String resource;
    public String field;
    public String desired;
    public String actual;
    public String detectedAt;
  }
}
