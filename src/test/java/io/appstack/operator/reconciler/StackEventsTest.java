package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.Component.DATABASE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.status.StackStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackEventsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  /** One emitted event. */
  record Event(String type, String reason, String message) {}

  private final List<Event> emitted = new ArrayList<>();
  private final StackEvents events = new StackEvents((stack, type, reason, message) ->
      emitted.add(new Event(type, reason, message)));
  private final AppStack stack = Stacks.sample("staging", "shop");

  private static AppStackStatus status(AppStackStatus previous, StepOutcome outcome) {
    return StackStatusBuilder.build(previous, new StackStatusBuilder.Pass(1, false, List.of(DATABASE),
        List.of(outcome), new Observed(), Stacks.sample("staging", "shop").getSpec()), NOW);
  }

  private static AppStackStatus stalled(AppStackStatus previous, String reason, String message) {
    return status(previous, StepOutcome.stalled("database", DATABASE, reason, message));
  }

  private static AppStackStatus progressing(AppStackStatus previous) {
    return status(previous, StepOutcome.progressing("database", DATABASE, "DatabaseBusy", "modifying"));
  }

  private List<Event> warnings() {
    return emitted.stream().filter(e -> e.type().equals("Warning")).toList();
  }

  @Test
  void normalEventForEachAction() {
    List<Observed.Action> actions = List.of(new Observed.Action("CredentialsCreated", "created secret s"),
        new Observed.Action("SecurityGroupCreated", "created security group g"));
    events.report(stack, actions, null, progressing(null));
    assertEquals(List.of(new Event("Normal", "CredentialsCreated", "created secret s"),
        new Event("Normal", "SecurityGroupCreated", "created security group g")), emitted);
  }

  @Test
  void noEventWithoutActionsOrStall() {
    AppStackStatus before = progressing(null);
    events.report(stack, List.of(), before, progressing(before));
    assertEquals(List.of(), emitted);
  }

  @Test
  void warningWhenStalledFirstTurnsTrue() {
    AppStackStatus before = progressing(null);
    events.report(stack, List.of(), before, stalled(before, "ChangeNotPossible", "storage 50 -> 30"));
    assertEquals(List.of(new Event("Warning", "ChangeNotPossible", "storage 50 -> 30")), emitted);
  }

  @Test
  void warningOnTheVeryFirstPassWhenStalled() {
    events.report(stack, List.of(), null, stalled(null, "NotOwned", "secret exists"));
    assertEquals(List.of(new Event("Warning", "NotOwned", "secret exists")), emitted);
  }

  @Test
  void noRepeatedWarningWhileStalledForTheSameCause() {
    AppStackStatus first = stalled(null, "ChangeNotPossible", "storage 50 -> 30");
    events.report(stack, List.of(), null, first);
    AppStackStatus second = stalled(first, "ChangeNotPossible", "storage 50 -> 30");
    events.report(stack, List.of(), first, second);
    events.report(stack, List.of(), second, stalled(second, "ChangeNotPossible", "storage 50 -> 30"));
    assertEquals(1, warnings().size(), "warnings " + warnings());
  }

  @Test
  void newWarningWhenStalledReasonChanges() {
    AppStackStatus first = stalled(null, "ChangeNotPossible", "storage 50 -> 30");
    events.report(stack, List.of(), null, first);
    events.report(stack, List.of(), first, stalled(first, "AwsRejected", "storage 50 -> 30"));
    assertEquals(List.of("ChangeNotPossible", "AwsRejected"), warnings().stream().map(Event::reason).toList());
  }

  @Test
  void newWarningWhenStalledMessageChanges() {
    AppStackStatus first = stalled(null, "ChangeNotPossible", "storage 50 -> 30");
    events.report(stack, List.of(), null, first);
    events.report(stack, List.of(), first, stalled(first, "ChangeNotPossible", "storage 50 -> 20"));
    assertEquals(List.of("storage 50 -> 30", "storage 50 -> 20"), warnings().stream().map(Event::message).toList());
  }

  @Test
  void warningAgainWhenStalledReturnsAfterClearing() {
    AppStackStatus first = stalled(null, "ChangeNotPossible", "storage 50 -> 30");
    events.report(stack, List.of(), null, first);
    AppStackStatus cleared = progressing(first);
    events.report(stack, List.of(), first, cleared);
    events.report(stack, List.of(), cleared, stalled(cleared, "ChangeNotPossible", "storage 50 -> 30"));
    assertEquals(2, warnings().size(), "warnings " + warnings());
  }

  @Test
  void stalledPlanPassesWarnOnceAcrossReconciles() {
    PlanHarness h = new PlanHarness();
    h.aws.untaggedSecurityGroup(h.names, Stacks.VPC_ID);
    for (int i = 0; i < 3; i++) {
      AppStackStatus before = h.stack.getStatus();
      StackPlan.Result r = h.apply();
      events.report(h.stack, r.actions(), before, r.status());
    }
    assertEquals(List.of("NotOwned"), warnings().stream().map(Event::reason).toList());
    // What does not need the database's security group goes ahead, once: the secret, the API's
    // group, the subnet group and the log group.
    assertEquals(List.of("CredentialsCreated", "SecurityGroupCreated", "SubnetGroupCreated", "LogGroupCreated"),
        emitted.stream().filter(e -> e.type().equals("Normal")).map(Event::reason).toList());
  }
}
