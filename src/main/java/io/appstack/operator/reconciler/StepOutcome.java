package io.appstack.operator.reconciler;

/**
 * What one step found: its component is ready, AWS is still working (look again soon), or only
 * a change by a person can help (stalled). Waiting is not failing.
 *
 * @param reason CamelCase, as Kubernetes condition reasons are
 */
public record StepOutcome(String step, Component component, State state, String reason, String message) {

  /**
   * Ordered from best to worst, so the worst outcome of a component is the max. WAITING: the step
   * did not run because a step it needs is not ready; it is not work under way by itself.
   * DEGRADED: everything the operator does is done, but what runs is not healthy (failing targets
   * or health URL); there is nothing to retry and no spec change is needed.
   */
  public enum State { READY, WAITING, DEGRADED, PROGRESSING, STALLED }

  public static StepOutcome ready(String step, Component c, String reason, String message) {
    return new StepOutcome(step, c, State.READY, reason, message);
  }

  public static StepOutcome progressing(String step, Component c, String reason, String message) {
    return new StepOutcome(step, c, State.PROGRESSING, reason, message);
  }

  public static StepOutcome waiting(String step, Component c, String message) {
    return new StepOutcome(step, c, State.WAITING, "Waiting", message);
  }

  public static StepOutcome degraded(String step, Component c, String reason, String message) {
    return new StepOutcome(step, c, State.DEGRADED, reason, message);
  }

  public static StepOutcome stalled(String step, Component c, String reason, String message) {
    return new StepOutcome(step, c, State.STALLED, reason, message);
  }

  public boolean isReady() {
    return state == State.READY;
  }
}
