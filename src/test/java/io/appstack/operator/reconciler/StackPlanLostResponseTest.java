package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.reconciler.StepOutcome.State;
import org.junit.jupiter.api.Test;

/**
 * A create whose answer is lost (timeout, 5xx, the SDK's retry meeting the first attempt's result)
 * must neither duplicate the resource nor stall the stack: deterministic names find it next pass.
 */
class StackPlanLostResponseTest {
  private final PlanHarness h = new PlanHarness();

  private static AwsFailure timeout(String service) {
    return new AwsFailure(service, "ApiCallAttemptTimeoutException", "attempt timed out", false, null);
  }

  @Test
  void secretCreatedButAnswerLostIsFoundNextPass() {
    h.aws.secrets.loseNextResponse("create", timeout("secretsmanager"));
    assertThrows(AwsFailure.class, h::apply);
    h.apply();
    assertEquals(1, h.aws.secrets.calls("create"));
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }

  @Test
  void secretCreateRetriedIntoItsOwnResultWaits() {
    h.aws.secrets.loseNextResponse("create", new AwsFailure("secretsmanager", "ResourceExistsException",
        "The operation failed because the secret already exists.", false, null));
    StackPlan.Result r = h.apply();
    assertCondition(r, "Reconciling", "True", "CredentialsPending");
    h.aws.finishPending();
    h.apply();
    h.aws.finishPending();
    assertCondition(h.apply(), "Ready", "True", "StackReady");
    assertEquals(1, h.aws.secrets.calls("create"));
  }

  @Test
  void securityGroupAndSubnetGroupCreatedButAnswerLostAreFoundNextPass() {
    h.aws.ec2.loseNextResponse("createSecurityGroup", timeout("ec2"));
    assertThrows(AwsFailure.class, h::apply);
    h.aws.rds.loseNextResponse("createSubnetGroup", timeout("rds"));
    assertThrows(AwsFailure.class, h::apply);
    h.apply();
    h.aws.finishPending();
    assertCondition(h.apply(), "Ready", "True", "StackReady");
    assertEquals(1, h.aws.ec2.calls("createSecurityGroup"));
    assertEquals(1, h.aws.rds.calls("createSubnetGroup"));
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }

  @Test
  void instanceCreatedButAnswerLostIsFoundNextPass() {
    h.aws.rds.loseNextResponse("createInstance", timeout("rds"));
    assertThrows(AwsFailure.class, h::apply);
    StackPlan.Result r = h.apply();
    assertCondition(r, "Reconciling", "True", "DatabaseBusy");
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }

  @Test
  void instanceCreateRetriedIntoItsOwnResultWaitsInsteadOfStalling() {
    h.aws.rds.loseNextResponse("createInstance", new AwsFailure("rds", "DBInstanceAlreadyExists",
        "DB instance already exists", true, null));
    StackPlan.Result r = h.apply();
    assertNotEquals(State.STALLED, r.outcomes().get(r.outcomes().size() - 1).state(), describe(r));
    assertCondition(r, "Stalled", "False", "NotStalled");
  }
}
