package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The migration command, run as a one-off ECS task with the new image before it rolls out. */
public class MigrationsSpec {
  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Command and arguments, e.g. [npm, run, migrate]. Runs in the new image with the API's environment.")
  public List<String> command;

  @Default("900")
  @Min(30)
  @Max(86400)
  @JsonPropertyDescription("Seconds the migration may run before it is stopped and reported failed.")
  public Integer timeoutSeconds = 900;
}
