package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What the team declares: the whole stack. */
@ValidationRule(value = "!has(oldSelf.region) || (has(self.region) && self.region == oldSelf.region)",
    message = "spec.region cannot be changed: a stack's resources cannot move between regions")
public class AppStackSpec {
  @JsonPropertyDescription("AWS region of the stack, e.g. us-east-1. Defaults to the operator's region. Cannot be changed.")
  @Pattern("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$")
  @Size(max = 32)
  public String region;

  @Required
  @JsonPropertyDescription("The VPC and private subnets the stack runs in. The VPC cannot be changed.")
  public NetworkSpec network;

  @Required
  @JsonPropertyDescription("The API container, run as an ECS Fargate service.")
  public ApiSpec api;

  @Required
  @JsonPropertyDescription("The Postgres database on RDS.")
  public DatabaseSpec database;

  @JsonPropertyDescription("Where Redis runs: none, a sidecar in each task, ElastiCache, or an external URL.")
  public RedisSpec redis;

  @JsonPropertyDescription("Database migrations, run as a one-off ECS task before a new image rolls out.")
  public MigrationsSpec migrations;

  @Default("Correct")
  @JsonPropertyDescription("What to do when AWS drifts from this spec: Correct it, or only Detect and report it.")
  public DriftPolicy driftPolicy = DriftPolicy.Correct;

  /** What the operator does about drift. */
  public enum DriftPolicy { Correct, Detect }
}
