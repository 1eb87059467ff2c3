package io.appstack.operator.status;

import static io.appstack.operator.reconciler.Component.CACHE;
import static io.appstack.operator.reconciler.Component.DATABASE;
import static io.appstack.operator.reconciler.Component.NETWORK;
import static io.appstack.operator.reconciler.Component.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.drift.FieldDiff;
import io.appstack.operator.drift.FieldDiff.Change;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.Observed;
import io.appstack.operator.reconciler.StepOutcome;
import io.appstack.operator.status.StackStatusBuilder.Pass;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackStatusBuilderTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);

  private static final StepOutcome CREDS_READY = StepOutcome.ready("credentials", DATABASE, "CredentialsReady", "ok");
  private static final StepOutcome DB_READY = StepOutcome.ready("database", DATABASE, "DatabaseAvailable", "up");
  private static final StepOutcome DB_CREATING =
      StepOutcome.progressing("database", DATABASE, "DatabaseCreating", "being created");
  private static final StepOutcome DB_REFUSED =
      StepOutcome.stalled("database", DATABASE, "ChangeNotPossible", "storage 50 -> 30");
  private static final StepOutcome CACHE_READY = StepOutcome.ready("cache", CACHE, "CacheReady", "up");
  private static final StepOutcome SERVICE_DEPLOYING =
      StepOutcome.progressing("service", SERVICE, "Deploying", "0 of 2 task(s) running");

  private static final AppStackSpec SPEC = Stacks.sample("staging", "shop").getSpec();

  private static Pass pass(long generation, List<Component> components, StepOutcome... outcomes) {
    return new Pass(generation, false, components, List.of(outcomes), new Observed(), SPEC);
  }

  private static Pass dbPass(StepOutcome... outcomes) {
    return pass(1, List.of(DATABASE), outcomes);
  }

  static Stream<Arguments> outcomeMixes() {
    return Stream.of(
        Arguments.of("nothing yet", List.of()),
        Arguments.of("all ready", List.of(CREDS_READY, DB_READY)),
        Arguments.of("progressing", List.of(CREDS_READY, DB_CREATING)),
        Arguments.of("stalled", List.of(CREDS_READY, DB_REFUSED)),
        Arguments.of("progressing then stalled", List.of(DB_CREATING, DB_REFUSED)),
        Arguments.of("stalled then progressing", List.of(DB_REFUSED, DB_CREATING)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomeMixes")
  void reconcilingAndStalledAreNeverBothTrue(String label, List<StepOutcome> outcomes) {
    for (boolean deleting : new boolean[] {false, true}) {
      AppStackStatus s = StackStatusBuilder.build(null,
          new Pass(1, deleting, List.of(DATABASE), outcomes, new Observed(), SPEC), T0);
      String conditions = describe(s);
      assertFalse(isTrue(s, "Reconciling") && isTrue(s, "Stalled"), "both true: " + conditions);
      assertFalse(isTrue(s, "Ready") && (isTrue(s, "Reconciling") || isTrue(s, "Stalled")),
          "Ready with work or a stall: " + conditions);
    }
  }

  @Test
  void readyOnlyWhenEveryComponentHasAReadyOutcome() {
    List<Component> both = List.of(DATABASE, CACHE);
    AppStackStatus onlyDb = StackStatusBuilder.build(null, pass(1, both, CREDS_READY, DB_READY), T0);
    assertEquals("False", condition(onlyDb, "Ready").getStatus(), describe(onlyDb));
    AppStackStatus all = StackStatusBuilder.build(null, pass(1, both, CREDS_READY, DB_READY, CACHE_READY), T0);
    assertEquals("True", condition(all, "Ready").getStatus(), describe(all));
    assertEquals("StackReady", condition(all, "Ready").getReason());
    assertEquals("False", condition(all, "Reconciling").getStatus());
    assertEquals("False", condition(all, "Stalled").getStatus());
  }

  @Test
  void progressingStepMakesReconcilingTrueWithItsReason() {
    AppStackStatus s = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_CREATING), T0);
    assertEquals("True", condition(s, "Reconciling").getStatus(), describe(s));
    assertEquals("DatabaseCreating", condition(s, "Reconciling").getReason());
    assertEquals("DatabaseCreating", condition(s, "Ready").getReason());
    assertEquals("False", condition(s, "DatabaseReady").getStatus());
  }

  @Test
  void stalledStepMakesStalledTrueWithItsReasonAndMessage() {
    AppStackStatus s = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_REFUSED), T0);
    Condition stalled = condition(s, "Stalled");
    assertEquals("True", stalled.getStatus(), describe(s));
    assertEquals("ChangeNotPossible", stalled.getReason());
    assertEquals("storage 50 -> 30", stalled.getMessage());
    assertEquals("False", condition(s, "Reconciling").getStatus());
  }

  @Test
  void observedGenerationEqualsPassGeneration() {
    AppStackStatus s = StackStatusBuilder.build(null, pass(7, List.of(DATABASE), CREDS_READY, DB_CREATING), T0);
    assertEquals(7L, s.observedGeneration);
    for (Condition c : s.conditions) {
      assertEquals(7L, c.getObservedGeneration(), "observedGeneration of " + c.getType());
    }
  }

  @Test
  void lastTransitionTimeKeptWhileStatusUnchanged() {
    AppStackStatus first = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_CREATING), T0);
    // Same statuses, other reason: the transition time stays.
    AppStackStatus second = StackStatusBuilder.build(first,
        dbPass(CREDS_READY, StepOutcome.progressing("database", DATABASE, "DatabaseBusy", "modifying")), T1);
    for (Condition c : second.conditions) {
      assertEquals(condition(first, c.getType()).getLastTransitionTime(), c.getLastTransitionTime(),
          c.getType() + " kept its status, so its lastTransitionTime must not move");
    }
    assertEquals(T0.toString(), condition(second, "Ready").getLastTransitionTime());
  }

  @Test
  void lastTransitionTimeMovesWhenStatusFlips() {
    AppStackStatus creating = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_CREATING), T0);
    AppStackStatus ready = StackStatusBuilder.build(creating, dbPass(CREDS_READY, DB_READY), T1);
    assertEquals(T1.toString(), condition(ready, "Ready").getLastTransitionTime(), describe(ready));
    assertEquals(T1.toString(), condition(ready, "Reconciling").getLastTransitionTime());
    assertEquals(T0.toString(), condition(ready, "Stalled").getLastTransitionTime(), "Stalled stayed False");
    AppStackStatus again = StackStatusBuilder.build(ready, dbPass(CREDS_READY, DB_READY), T2);
    assertEquals(T1.toString(), condition(again, "Ready").getLastTransitionTime());
  }

  @Test
  void phaseFollowsTheOutcomes() {
    assertEquals("Provisioning", StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_CREATING), T0).phase);
    assertEquals("Ready", StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_READY), T0).phase);
    assertEquals("Failed", StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_REFUSED), T0).phase);
    assertEquals("Deleting", StackStatusBuilder.build(null,
        new Pass(1, true, List.of(DATABASE), List.of(DB_CREATING), new Observed(), SPEC), T0).phase);
  }

  @Test
  void phaseIsDeployingWhenTheServiceIsWhatIsUnderWay() {
    List<Component> all = List.of(DATABASE, SERVICE);
    assertEquals("Deploying", StackStatusBuilder.build(null, pass(1, all, CREDS_READY, DB_READY, SERVICE_DEPLOYING),
        T0).phase);
    assertEquals("Provisioning", StackStatusBuilder.build(null, pass(1, all, CREDS_READY, DB_CREATING,
        SERVICE_DEPLOYING), T0).phase, "the database comes first: still provisioning");
    assertEquals("Failed", StackStatusBuilder.build(null, pass(1, all, CREDS_READY, DB_REFUSED, SERVICE_DEPLOYING),
        T0).phase, "a stall wins over a rollout");
  }

  @Test
  void readyDatabaseAloneIsNotAReadyStack() {
    AppStackStatus s = StackStatusBuilder.build(null,
        pass(1, List.of(DATABASE, NETWORK, CACHE, SERVICE), CREDS_READY, DB_READY, SERVICE_DEPLOYING), T0);
    assertEquals("True", condition(s, "DatabaseReady").getStatus(), describe(s));
    assertEquals("False", condition(s, "Ready").getStatus(), describe(s));
    assertEquals("Deploying", condition(s, "Ready").getReason());
    assertEquals("WaitingForDependencies", condition(s, "NetworkReady").getReason());
  }

  @Test
  void deletingStackIsNeverReady() {
    AppStackStatus s = StackStatusBuilder.build(null,
        new Pass(1, true, List.of(DATABASE), List.of(CREDS_READY, DB_READY), new Observed(), SPEC), T0);
    assertEquals("False", condition(s, "Ready").getStatus(), describe(s));
  }

  @Test
  void componentWithoutOutcomeWaitsForDependencies() {
    AppStackStatus s = StackStatusBuilder.build(null, pass(1, List.of(DATABASE, CACHE), CREDS_READY, DB_CREATING), T0);
    Condition cache = condition(s, "CacheReady");
    assertEquals("False", cache.getStatus());
    assertEquals("WaitingForDependencies", cache.getReason());
  }

  @Test
  void componentConditionReportsItsWorstOutcome() {
    AppStackStatus s = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_REFUSED), T0);
    assertEquals("ChangeNotPossible", condition(s, "DatabaseReady").getReason(), describe(s));
  }

  @Test
  void readyComponentConditionDescribesItsLastStep() {
    AppStackStatus s = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_READY), T0);
    Condition db = condition(s, "DatabaseReady");
    assertEquals("True/DatabaseAvailable/up", db.getStatus() + "/" + db.getReason() + "/" + db.getMessage());
  }

  @Test
  void driftDetectedAtIsPreservedAcrossPasses() {
    FieldDiff storage = new FieldDiff("rds:x-db", "allocatedStorageGiB", "30", "50", Change.REFUSED);
    AppStackStatus first = StackStatusBuilder.build(null, withDrift(storage), T0);
    AppStackStatus second = StackStatusBuilder.build(first, withDrift(storage), T1);
    assertEquals(1, second.drift.size());
    assertEquals(T0.toString(), second.drift.get(0).detectedAt, "the same difference keeps its first sighting");
    FieldDiff other = new FieldDiff("rds:x-db", "allocatedStorageGiB", "30", "60", Change.REFUSED);
    AppStackStatus third = StackStatusBuilder.build(second, withDrift(other), T2);
    assertEquals(T2.toString(), third.drift.get(0).detectedAt, "a different actual value is a new sighting");
  }

  @Test
  void noDriftLeavesDriftUnset() {
    AppStackStatus s = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_READY), T0);
    assertNull(s.drift);
  }

  @Test
  void conditionsComeInKstatusOrderThenComponents() {
    AppStackStatus s = StackStatusBuilder.build(null, pass(1, List.of(DATABASE, NETWORK, CACHE, SERVICE),
        CREDS_READY), T0);
    assertEquals(List.of("Ready", "Reconciling", "Stalled", "DatabaseReady", "NetworkReady", "CacheReady",
        "ServiceReady", "Drifted"),
        s.conditions.stream().map(Condition::getType).toList());
  }

  @Test
  void retryingKeepsObservationsAndSaysReconciling() {
    AppStackStatus ready = StackStatusBuilder.build(null, dbPass(CREDS_READY, DB_READY), T0);
    ready.database = new AppStackStatus.DatabaseStatus();
    ready.database.identifier = "x-db";
    AppStackStatus retrying = StackStatusBuilder.retrying(ready, 2, "retrying after: rds Throttling", T1);
    assertEquals("True", condition(retrying, "Reconciling").getStatus());
    assertEquals("False", condition(retrying, "Stalled").getStatus());
    assertEquals("x-db", retrying.database.identifier);
    assertNotEquals(null, condition(retrying, "DatabaseReady"), "component conditions are kept");
  }

  @Test
  void appliedGenerationIsUnsetBeforeTheStackFirstConverges() {
    AppStackStatus s = StackStatusBuilder.build(null, pass(1, List.of(DATABASE), CREDS_READY, DB_CREATING), T0);
    assertNull(s.appliedGeneration, describe(s));
  }

  @Test
  void appliedGenerationIsThePassGenerationWhenEveryOutcomeIsReady() {
    AppStackStatus s = StackStatusBuilder.build(null, pass(3, List.of(DATABASE), CREDS_READY, DB_READY), T0);
    assertEquals(3L, s.appliedGeneration, describe(s));
  }

  @Test
  void appliedGenerationKeepsTheConvergedGenerationWhileTheNextIsUnderWay() {
    AppStackStatus ready = StackStatusBuilder.build(null, pass(1, List.of(DATABASE), CREDS_READY, DB_READY), T0);
    AppStackStatus modifying = StackStatusBuilder.build(ready, pass(2, List.of(DATABASE), CREDS_READY, DB_CREATING),
        T1);
    assertEquals(List.of(2L, 1L), java.util.Arrays.asList(modifying.observedGeneration, modifying.appliedGeneration));
    AppStackStatus refused = StackStatusBuilder.build(modifying, pass(2, List.of(DATABASE), CREDS_READY, DB_REFUSED),
        T2);
    assertEquals(1L, refused.appliedGeneration, "a stalled generation has not converged: " + describe(refused));
    AppStackStatus done = StackStatusBuilder.build(refused, pass(2, List.of(DATABASE), CREDS_READY, DB_READY), T2);
    assertEquals(2L, done.appliedGeneration);
  }

  @Test
  void appliedGenerationCountsAServiceDegradedByHealthAsConverged() {
    StepOutcome unhealthy = StepOutcome.degraded("service", SERVICE, "ServiceUnhealthy", "2 of 2 running, but 503");
    AppStackStatus s = StackStatusBuilder.build(null,
        pass(4, List.of(DATABASE, SERVICE), CREDS_READY, DB_READY, unhealthy), T0);
    assertEquals("Degraded", s.phase, describe(s));
    assertEquals(4L, s.appliedGeneration, describe(s));
  }

  @Test
  void deletingPassKeepsAppliedGeneration() {
    AppStackStatus ready = StackStatusBuilder.build(null, pass(1, List.of(DATABASE), CREDS_READY, DB_READY), T0);
    AppStackStatus deleting = StackStatusBuilder.build(ready,
        new Pass(2, true, List.of(DATABASE), List.of(CREDS_READY, DB_READY), new Observed(), SPEC), T1);
    assertEquals(1L, deleting.appliedGeneration, describe(deleting));
  }

  @Test
  void retryingKeepsAppliedGeneration() {
    AppStackStatus ready = StackStatusBuilder.build(null, pass(5, List.of(DATABASE), CREDS_READY, DB_READY), T0);
    AppStackStatus retrying = StackStatusBuilder.retrying(ready, 6, "retrying after: rds Throttling", T1);
    assertEquals(5L, retrying.appliedGeneration);
  }

  @Test
  void readyPassWithDriftKeepsTheStackConverged() {
    AppStackStatus ready = StackStatusBuilder.build(null, pass(1, List.of(DATABASE), CREDS_READY, DB_READY), T0);
    Observed observed = new Observed();
    observed.drift.add(new FieldDiff("rds:x-db", "backupRetentionDays", "7", "1", Change.IN_PLACE));
    AppStackStatus drifted = StackStatusBuilder.build(ready, new Pass(1, false, List.of(DATABASE),
        List.of(CREDS_READY, StepOutcome.ready("database", DATABASE, "DriftDetected", "differs")), observed, SPEC), T1);
    assertEquals(1L, drifted.appliedGeneration, describe(drifted));
    assertEquals("True", condition(drifted, "Drifted").getStatus());
  }

  private static Pass withDrift(FieldDiff diff) {
    Observed observed = new Observed();
    observed.drift.add(diff);
    return new Pass(1, false, List.of(DATABASE), List.of(CREDS_READY, DB_REFUSED), observed, SPEC);
  }

  private static boolean isTrue(AppStackStatus s, String type) {
    return "True".equals(condition(s, type).getStatus());
  }

  private static Condition condition(AppStackStatus s, String type) {
    return s.conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + describe(s)));
  }

  static String describe(AppStackStatus s) {
    return "phase=" + s.phase + " " + s.conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")").collect(Collectors.joining(" "));
  }
}
