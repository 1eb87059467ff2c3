package io.appstack.operator.reconciler;

import io.appstack.operator.aws.rds.RdsGateway.DbInstance;
import io.appstack.operator.drift.FieldDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * What the steps of one reconcile learned about AWS and did to it. Steps write here, the status
 * builder reads it; ids are recorded as soon as they are known so later steps can use them.
 */
public final class Observed {
  public String credentialsSecretArn;
  public String dbSecurityGroupId;
  public DbInstance dbInstance;
  public final List<FieldDiff> drift = new ArrayList<>();
  /** Changes made to AWS in this pass, told to the user as Events. */
  public final List<Action> actions = new ArrayList<>();

  /** A change made to AWS. */
  public record Action(String reason, String message) {}

  public void acted(String reason, String message) {
    actions.add(new Action(reason, message));
  }
}
