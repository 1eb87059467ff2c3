package io.appstack.operator.reconciler.steps;

import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Set;

/**
 * One AWS concern of a stack: observe, compare, act. {@code reconcile} brings AWS to the spec;
 * {@code cleanup} removes (or retains) what the step owns when the stack is deleted. Both return at
 * once: a step that has to wait for AWS says so and is called again later.
 */
public interface Step {
  String name();

  /** The component whose condition this step's outcome feeds. */
  Component component();

  /**
   * Names of the steps whose results this one uses. It runs only once they are ready in the same
   * pass, and its cleanup only once theirs is done; steps that need nothing of each other proceed
   * side by side, so a slow database does not hold back the cache.
   */
  default Set<String> needs() {
    return Set.of();
  }

  StepOutcome reconcile(StackContext ctx);

  /** READY means: nothing of this step is left to remove (deleted, gone, or retained on purpose). */
  StepOutcome cleanup(StackContext ctx);
}
