package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.Component.DATABASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackSpec.DriftPolicy;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.drift.FieldDiff;
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

  private static final FieldDiff OPEN_DB = new FieldDiff("security-group:appstack-shop-db", "ingress",
      "tcp 5432 from sg-1", "tcp 5432 from sg-1, tcp 5432-5432 from 0.0.0.0/0", FieldDiff.Change.IN_PLACE);
  private static final FieldDiff SCALED = new FieldDiff("ecs-service:shop-api", "desiredCount", "2", "5",
      FieldDiff.Change.IN_PLACE);

  /** A Ready database pass whose observations carry {@code drift}. */
  private static AppStackStatus drifted(AppStackStatus previous, FieldDiff... drift) {
    Observed observed = new Observed();
    observed.drift.addAll(List.of(drift));
    return StackStatusBuilder.build(previous, new StackStatusBuilder.Pass(1, false, List.of(DATABASE),
        List.of(StepOutcome.ready("database", DATABASE, "DatabaseAvailable", "up")), observed,
        Stacks.sample("staging", "shop").getSpec()), NOW);
  }

  private List<Event> driftEvents() {
    return emitted.stream().filter(e -> e.reason().startsWith("Drift")).toList();
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
  void driftDetectedWarningWhenDriftAppearsNamingTheDriftedFields() {
    AppStackStatus clean = drifted(null);
    events.report(stack, List.of(), clean, drifted(clean, OPEN_DB, SCALED));
    assertEquals(1, driftEvents().size(), "events " + emitted);
    Event e = driftEvents().get(0);
    assertEquals(List.of("Warning", "DriftDetected"), List.of(e.type(), e.reason()));
    assertTrue(e.message().contains("security-group:appstack-shop-db ingress")
        && e.message().contains("ecs-service:shop-api desiredCount"), e.message());
  }

  @Test
  void driftDetectedOnTheFirstPassThatSeesDrift() {
    events.report(stack, List.of(), null, drifted(null, SCALED));
    assertEquals(List.of("DriftDetected"), driftEvents().stream().map(Event::reason).toList());
  }

  @Test
  void noDriftEventWhilePersistingDriftIsReportedAgain() {
    AppStackStatus first = drifted(drifted(null), SCALED);
    events.report(stack, List.of(), drifted(null), first);
    AppStackStatus second = drifted(first, SCALED);
    events.report(stack, List.of(), first, second);
    AppStackStatus third = drifted(second, SCALED, OPEN_DB);
    events.report(stack, List.of(), second, third);
    assertEquals(List.of("DriftDetected"), driftEvents().stream().map(Event::reason).toList(),
        "one warning while drift persists, even as it grows: " + emitted);
  }

  @Test
  void driftClearedNormalEventWhenDriftClears() {
    AppStackStatus driftedStatus = drifted(null, OPEN_DB);
    events.report(stack, List.of(), null, driftedStatus);
    AppStackStatus clean = drifted(driftedStatus);
    events.report(stack, List.of(), driftedStatus, clean);
    events.report(stack, List.of(), clean, drifted(clean));
    assertEquals(List.of(new Event("Warning", "DriftDetected", driftEvents().get(0).message()),
        new Event("Normal", "DriftCleared", "AWS matches the spec again")), driftEvents());
  }

  @Test
  void retryingStatusKeepsDriftAndEmitsNoDriftEvent() {
    AppStackStatus driftedStatus = drifted(null, SCALED);
    events.report(stack, List.of(), null, driftedStatus);
    events.report(stack, List.of(), driftedStatus,
        StackStatusBuilder.retrying(driftedStatus, 1, "retrying after: ecs Throttling", NOW));
    assertEquals(1, driftEvents().size(), "events " + emitted);
  }

  @Test
  void driftWarningSaysWhetherItIsCorrected() {
    events.report(stack, List.of(), null, drifted(null, SCALED));
    AppStack detecting = Stacks.sample("staging", "shop");
    detecting.getSpec().driftPolicy = DriftPolicy.Detect;
    events.report(detecting, List.of(), null, drifted(null, SCALED));
    List<String> messages = driftEvents().stream().map(Event::message).toList();
    assertTrue(messages.get(0).contains("being corrected"), messages.get(0));
    assertTrue(messages.get(1).contains("Detect") && !messages.get(1).contains("being corrected"), messages.get(1));
  }

  @Test
  void planPassesUnderCorrectWarnOnceThenClear() {
    PlanHarness h = new PlanHarness();
    h.applyUntilReady();
    h.aws.ec2.addCidrRule(h.dbGroup().id(), "tcp", 5432, 5432, "0.0.0.0/0");
    for (int i = 0; i < 3; i++) {
      AppStackStatus before = h.stack.getStatus();
      StackPlan.Result r = h.apply();
      events.report(h.stack, r.actions(), before, r.status());
    }
    assertEquals(List.of("Warning DriftDetected", "Normal DriftCleared"),
        driftEvents().stream().map(e -> e.type() + " " + e.reason()).toList(), "events " + emitted);
    assertTrue(emitted.stream().anyMatch(e -> e.reason().equals("SecurityGroupRuleRevoked")), "events " + emitted);
  }

  @Test
  void planPassesUnderDetectWarnOnceWhileDriftPersists() {
    PlanHarness h = new PlanHarness();
    h.stack.getSpec().driftPolicy = DriftPolicy.Detect;
    h.applyUntilReady();
    h.aws.ec2.addCidrRule(h.dbGroup().id(), "tcp", 5432, 5432, "0.0.0.0/0");
    for (int i = 0; i < 3; i++) {
      AppStackStatus before = h.stack.getStatus();
      StackPlan.Result r = h.apply();
      events.report(h.stack, r.actions(), before, r.status());
    }
    assertEquals(List.of("Warning DriftDetected"),
        driftEvents().stream().map(e -> e.type() + " " + e.reason()).toList(), "events " + emitted);
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
