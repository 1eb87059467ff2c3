package io.appstack.operator.reconciler.steps;

import io.appstack.operator.naming.StackNames;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StepOutcome;

/** A step's name and the component its outcomes feed, kept in one place. */
abstract class StepBase implements Step {
  private final String name;
  private final Component component;

  StepBase(String name, Component component) {
    this.name = name;
    this.component = component;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Component component() {
    return component;
  }

  /** Stalled: a resource with this stack's name exists without its ownership tags. */
  final StepOutcome notOwned(String what, StackNames names) {
    return StepOutcome.stalled(name, component, "NotOwned", what + " exists but is not tagged appstack.io/owner="
        + names.owner() + "; the operator will not use or change it");
  }
}
