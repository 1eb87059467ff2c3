package io.appstack.operator.reconciler.steps;

import io.appstack.operator.reconciler.Component;

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
}
