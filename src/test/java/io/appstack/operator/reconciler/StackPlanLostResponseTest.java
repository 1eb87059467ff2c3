package io.appstack.operator.reconciler;

import static io.appstack.operator.reconciler.PlanHarness.assertCondition;
import static io.appstack.operator.reconciler.PlanHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.reconciler.StepOutcome.State;
import java.util.List;
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
    h.applyUntilReady();
    assertEquals(1, h.aws.secrets.calls("create"));
  }

  @Test
  void securityGroupAndSubnetGroupCreatedButAnswerLostAreFoundNextPass() {
    h.aws.ec2.loseNextResponse("createSecurityGroup", timeout("ec2"));
    assertThrows(AwsFailure.class, h::apply);
    h.aws.rds.loseNextResponse("createSubnetGroup", timeout("rds"));
    assertThrows(AwsFailure.class, h::apply);
    h.applyUntilReady();
    assertEquals(2, h.aws.ec2.calls("createSecurityGroup"), "one create each for the API's and the database's");
    assertEquals(2, h.aws.ec2.groups().size(), "groups " + h.aws.ec2.groups());
    assertEquals(1, h.aws.rds.calls("createSubnetGroup"));
    assertEquals(1, h.aws.rds.calls("createInstance"));
  }

  @Test
  void securityGroupRuleAddedButAnswerLostIsNotAddedTwice() {
    h.aws.ec2.loseNextResponse("allowFromGroup", timeout("ec2"));
    assertThrows(AwsFailure.class, h::apply);
    h.applyUntilReady();
    String api = h.securityGroup(h.names.apiSecurityGroupName()).orElseThrow().id();
    assertEquals(List.of(new GroupRule(5432, api)),
        h.securityGroup(h.names.dbSecurityGroupName()).orElseThrow().ingress());
    assertEquals(1, h.aws.ec2.calls("allowFromGroup"), "the rule was seen in place and not sent again");
  }

  @Test
  void taskDefinitionRegisteredButAnswerLostIsReusedNextPass() {
    h.apply();
    h.aws.finishPending();
    h.aws.ecs.loseNextResponse("registerTaskDefinition", timeout("ecs"));
    assertThrows(AwsFailure.class, h::apply);
    h.applyUntilReady();
    assertEquals(1, h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size(),
        "revisions " + h.aws.ecs.allRevisionsOf(h.names.taskFamily()));
    assertEquals(1, h.aws.ecs.calls("createService"));
  }

  @Test
  void serviceCreatedButAnswerLostIsFoundNextPass() {
    h.applyUntilMigrationRan();
    h.aws.ecs.loseNextResponse("createService", timeout("ecs"));
    assertThrows(AwsFailure.class, h::apply);
    h.applyUntilReady();
    assertEquals(1, h.aws.ecs.calls("createService"));
    assertEquals(1, h.aws.ecs.services().size());
    assertEquals(1, h.aws.ecs.allRevisionsOf(h.names.taskFamily()).size());
  }

  @Test
  void addressWrittenIntoTheSecretButNotYetTaggedIsNotWrittenAgain() {
    // PutSecretValue took effect, then the operator died before TagResource (found by CrashIT).
    h.assertOnlyRetaggedAfterRestart(h.names.dbCredentialsSecretName(), "appstack.io/endpoint");
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
    assertNotEquals(State.STALLED, PlanHarness.outcome(r, "database").state(), describe(r));
    assertCondition(r, "Stalled", "False", "NotStalled");
  }
}
