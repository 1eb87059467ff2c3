package io.appstack.operator.fakes;

import io.appstack.operator.aws.elb.LoadBalancerGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * In-memory ELBv2 target health. A target group's targets are the tasks the ECS services
 * registered in it run, healthy unless a knob says the group's targets are in another state.
 */
public final class FakeLoadBalancerGateway extends FakeGateway implements LoadBalancerGateway {
  private final ToIntFunction<String> runningTasksIn;
  private final Map<String, TargetHealth> stateOverride = new HashMap<>();

  /** @param runningTasksIn how many tasks run registered in a target group, by its ARN */
  public FakeLoadBalancerGateway(Journal journal, ToIntFunction<String> runningTasksIn) {
    super(new CallLog(Set.of("targetHealth"), Set.of()), journal, Set.of());
    this.runningTasksIn = runningTasksIn;
  }

  @Override
  public synchronized List<TargetHealth> targetHealth(String targetGroupArn) {
    log.enter("targetHealth");
    int n = runningTasksIn.applyAsInt(targetGroupArn);
    TargetHealth as = stateOverride.get(targetGroupArn);
    List<TargetHealth> targets = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String id = "10.0.0." + i;
      targets.add(as == null ? new TargetHealth(id, 3000, "healthy", null, null)
          : new TargetHealth(id, as.port(), as.state(), as.reason(), as.description()));
    }
    return targets;
  }

  // ---- knobs (no call is counted) ---------------------------------------------------------

  /** Every target of the group reports {@code state} (e.g. unhealthy, Target.ResponseCodeMismatch). */
  public synchronized void targetsAre(String targetGroupArn, String state, String reason, String description) {
    stateOverride.put(targetGroupArn, new TargetHealth(null, 3000, state, reason, description));
  }

  /** The group's targets report healthy again. */
  public synchronized void targetsHealthy(String targetGroupArn) {
    stateOverride.remove(targetGroupArn);
  }
}
