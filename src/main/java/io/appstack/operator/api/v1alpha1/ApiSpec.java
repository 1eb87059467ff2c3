package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The API container and how its ECS Fargate service runs. */
@ValidationRule(value = "self.cpu != 256 || self.memory in [512, 1024, 2048]",
    message = "api.memory is not valid with cpu 256 on Fargate: use 512, 1024 or 2048 MiB",
    fieldPath = ".memory")
@ValidationRule(value = "self.cpu != 512 || (self.memory >= 1024 && self.memory <= 4096 && self.memory % 1024 == 0)",
    message = "api.memory is not valid with cpu 512 on Fargate: use 1024 to 4096 in steps of 1024 MiB",
    fieldPath = ".memory")
@ValidationRule(value = "self.cpu != 1024 || (self.memory >= 2048 && self.memory <= 8192 && self.memory % 1024 == 0)",
    message = "api.memory is not valid with cpu 1024 on Fargate: use 2048 to 8192 in steps of 1024 MiB",
    fieldPath = ".memory")
@ValidationRule(value = "self.cpu != 2048 || (self.memory >= 4096 && self.memory <= 16384 && self.memory % 1024 == 0)",
    message = "api.memory is not valid with cpu 2048 on Fargate: use 4096 to 16384 in steps of 1024 MiB",
    fieldPath = ".memory")
@ValidationRule(value = "self.cpu != 4096 || (self.memory >= 8192 && self.memory <= 30720 && self.memory % 1024 == 0)",
    message = "api.memory is not valid with cpu 4096 on Fargate: use 8192 to 30720 in steps of 1024 MiB",
    fieldPath = ".memory")
@ValidationRule(value = "!has(self.env) || !has(self.secretEnv) || self.env.all(e, !self.secretEnv.exists(s, s.name == e.name))",
    message = "a variable name appears in both api.env and api.secretEnv")
public class ApiSpec {
  @Required
  @Pattern("^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$")
  @JsonPropertyDescription("Container image reference, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2. A new image runs migrations before it rolls out.")
  public String image;

  @Default("3000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port the container listens on; also passed as PORT.")
  public Integer port = 3000;

  @Default("256")
  @JsonPropertyDescription("Fargate CPU units: 256, 512, 1024, 2048 or 4096.")
  @ValidationRule(value = "self in [256, 512, 1024, 2048, 4096]", message = "api.cpu must be one of 256, 512, 1024, 2048, 4096 (Fargate CPU units)")
  public Integer cpu = 256;

  @Default("512")
  @JsonPropertyDescription("Memory in MiB; must be a valid Fargate pairing with cpu (256: 512-2048, 512: 1024-4096, 1024: 2048-8192, 2048: 4096-16384, 4096: 8192-30720).")
  public Integer memory = 512;

  @Default("1")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Number of tasks the ECS service runs. 0 stops the API but keeps the stack.")
  public Integer replicas = 1;

  @Default("/health")
  @Pattern("^/[^\\s]*$")
  @JsonPropertyDescription("HTTP path of the container's health check.")
  public String healthCheckPath = "/health";

  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription("Optional public URL the operator probes to report status.api.health.")
  public String healthCheckUrl;

  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  @JsonPropertyDescription("ECS cluster name. Defaults to the operator's cluster.")
  public String cluster;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")
  @JsonPropertyDescription("IAM role ECS uses to pull the image and read the stack's secrets. Defaults to the operator's role.")
  public String executionRoleArn;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")
  @JsonPropertyDescription("Optional IAM role the application code runs as.")
  public String taskRoleArn;

  @Size(max = 64)
  @JsonPropertyDescription("Plain environment variables. Never put secrets here: use secretEnv.")
  @ValidationRule(value = "self.all(e, self.exists_one(f, f.name == e.name))", message = "api.env must not repeat a name")
  public List<EnvVar> env;

  @Size(max = 64)
  @JsonPropertyDescription("Variables injected from Secrets Manager through ECS secrets; values never pass through Kubernetes.")
  @ValidationRule(value = "self.all(e, self.exists_one(f, f.name == e.name))", message = "api.secretEnv must not repeat a name")
  public List<SecretEnvVar> secretEnv;

  @JsonPropertyDescription("Optional: attach the service to an existing ALB target group.")
  public LoadBalancerSpec loadBalancer;

  /** A plain environment variable. */
  @ValidationRule(value = "!(self.name in ['DATABASE_URL', 'REDIS_URL', 'PORT'])",
      message = "DATABASE_URL, REDIS_URL and PORT are set by the operator and cannot be declared in api.env")
  public static class EnvVar {
    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
    @Size(min = 1, max = 128)
    @JsonPropertyDescription("Variable name.")
    public String name;

    @Size(max = 32768)
    @JsonPropertyDescription("Variable value (not secret).")
    public String value;
  }

  /** A variable whose value ECS reads from Secrets Manager. */
  @ValidationRule(value = "!(self.name in ['DATABASE_URL', 'REDIS_URL', 'PORT'])",
      message = "DATABASE_URL, REDIS_URL and PORT are set by the operator and cannot be declared in api.secretEnv")
  public static class SecretEnvVar {
    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
    @Size(min = 1, max = 128)
    @JsonPropertyDescription("Variable name.")
    public String name;

    @Required
    @Pattern("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+(:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*)?$")
    @JsonPropertyDescription("ARN of the Secrets Manager secret (optionally with :json-key:version-stage:version-id).")
    public String secretArn;
  }

  /** An existing load balancer target group. */
  public static class LoadBalancerSpec {
    @Required
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$")
    @JsonPropertyDescription("ARN of the target group the service registers its tasks in.")
    public String targetGroupArn;
  }
}
