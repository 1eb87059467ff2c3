package io.appstack.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sets conditions the Kubernetes way: lastTransitionTime moves only when the status flips. */
final class Conditions {
  private static final int MAX_MESSAGE = 32_768;

  private Conditions() {}

  static Condition next(List<Condition> previous, String type, boolean status, String reason, String message,
      long generation, Instant now) {
    String value = status ? "True" : "False";
    String since = find(previous, type).filter(c -> value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime).orElse(now.toString());
    return new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withObservedGeneration(generation).withLastTransitionTime(since).build();
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
