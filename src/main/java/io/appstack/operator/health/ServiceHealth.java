package io.appstack.operator.health;

import io.appstack.operator.aws.elb.LoadBalancerGateway.TargetHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure: what target health and the health URL say about a service whose rollout has settled.
 * Targets count only when a target group is attached, the probe only when a URL is set.
 *
 * @param targets empty when no target group is attached
 * @param probeConfigured whether spec.api.healthCheckUrl is set
 * @param probe the latest probe; empty while none has finished
 */
public record ServiceHealth(Optional<List<TargetHealth>> targets, boolean probeConfigured,
    Optional<HealthProbe.Result> probe) {

  /** Healthy, Unhealthy, or Unknown while a configured probe has not answered yet. */
  public enum State { HEALTHY, UNHEALTHY, UNKNOWN }

  public long healthyTargets() {
    return targets.map(t -> t.stream().filter(h -> "healthy".equals(h.state())).count()).orElse(0L);
  }

  public long unhealthyTargets() {
    return targets.map(t -> t.stream().filter(h -> "unhealthy".equals(h.state())).count()).orElse(0L);
  }

  public State state() {
    if (!problems().isEmpty()) {
      return State.UNHEALTHY;
    }
    return probeConfigured && probe.isEmpty() ? State.UNKNOWN : State.HEALTHY;
  }

  /** What is wrong, in words for a condition message; empty when nothing is known to be wrong. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (targets.isPresent()) {
      if (unhealthyTargets() > 0) {
        problems.add(unhealthyTargets() + " of " + targets.get().size() + " target(s) unhealthy: "
            + String.join("; ", targetReasons()));
      } else if (healthyTargets() == 0) {
        problems.add("no healthy target in the target group");
      }
    }
    probe.filter(p -> !p.ok()).ifPresent(p -> problems.add("GET " + p.url() + " failed: " + p.error()));
    return problems;
  }

  public List<String> targetReasons() {
    return targets.orElse(List.of()).stream().filter(t -> !"healthy".equals(t.state()))
        .map(t -> t.id() + (t.port() == null ? "" : ":" + t.port()) + " " + t.state()
            + (t.reason() == null ? "" : " (" + t.reason() + ")"))
        .toList();
  }
}
