package io.appstack.operator.reconciler;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.status.StackStatusBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells users what happened, as Kubernetes Events on the AppStack: a Normal event for each change
 * made to AWS, a Warning when the stack becomes Stalled (once per distinct cause, not every pass).
 */
public final class StackEvents {
  private static final Logger LOG = LoggerFactory.getLogger(StackEvents.class);
  private static final String COMPONENT = "appstack-operator";
  private final Sink sink;

  /** Where events go: the apiserver, or a list in unit tests. */
  @FunctionalInterface
  public interface Sink {
    void emit(AppStack stack, String type, String reason, String message);
  }

  public StackEvents(Sink sink) {
    this.sink = sink;
  }

  /** Events written to the apiserver as core/v1 Events, shown by kubectl describe. */
  public static StackEvents kubernetes(KubernetesClient client, Clock clock) {
    return new StackEvents((stack, type, reason, message) -> emit(client, clock, stack, type, reason, message));
  }

  public void report(AppStack stack, List<Observed.Action> actions, AppStackStatus before, AppStackStatus after) {
    for (Observed.Action a : actions) {
      LOG.info("stack={}/{} action={} {}", stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
          a.reason(), a.message());
      sink.emit(stack, "Normal", a.reason(), a.message());
    }
    boolean drifted = after != null && after.drift != null && !after.drift.isEmpty();
    boolean wasDrifted = before != null && before.drift != null && !before.drift.isEmpty();
    if (drifted && !wasDrifted) {
      String fields = after.drift.stream().map(d -> d.resource + " " + d.field).collect(Collectors.joining(", "));
      sink.emit(stack, "Warning", "DriftDetected", "AWS differs from the spec: " + fields
          + (stack.getSpec().driftPolicy == io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy.Detect
              ? " (driftPolicy Detect: reported, not corrected)" : " (being corrected)"));
    } else if (!drifted && wasDrifted) {
      sink.emit(stack, "Normal", "DriftCleared", "AWS matches the spec again");
    }
    Optional<Condition> stalled = stalled(after);
    Optional<Condition> wasStalled = stalled(before);
    if (stalled.isPresent() && (wasStalled.isEmpty()
        || !Objects.equals(wasStalled.get().getReason(), stalled.get().getReason())
        || !Objects.equals(wasStalled.get().getMessage(), stalled.get().getMessage()))) {
      LOG.warn("stack={}/{} stalled reason={} {}", stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
          stalled.get().getReason(), stalled.get().getMessage());
      sink.emit(stack, "Warning", stalled.get().getReason(), stalled.get().getMessage());
    }
  }

  private static Optional<Condition> stalled(AppStackStatus status) {
    return status == null || status.conditions == null ? Optional.empty()
        : status.conditions.stream().filter(c -> StackStatusBuilder.STALLED.equals(c.getType())
            && "True".equals(c.getStatus())).findFirst();
  }

  private static void emit(KubernetesClient client, Clock clock, AppStack stack, String type, String reason,
      String message) {
    String now = clock.instant().toString();
    try {
      client.v1().events().inNamespace(stack.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withGenerateName(stack.getMetadata().getName() + ".").endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(stack.getApiVersion())
              .withKind(stack.getKind()).withName(stack.getMetadata().getName())
              .withNamespace(stack.getMetadata().getNamespace()).withUid(stack.getMetadata().getUid())
              .withResourceVersion(stack.getMetadata().getResourceVersion()).build())
          .withType(type).withReason(reason).withMessage(message).withCount(1)
          .withFirstTimestamp(now).withLastTimestamp(now)
          .withNewSource().withComponent(COMPONENT).endSource().withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; losing one must not fail the reconcile.
      LOG.warn("stack={}/{} event not recorded: {}", stack.getMetadata().getNamespace(),
          stack.getMetadata().getName(), e.getMessage());
    }
  }
}
