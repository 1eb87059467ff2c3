package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.SERVICE;

import io.appstack.operator.aws.logs.LogsGateway.LogGroup;
import io.appstack.operator.reconciler.Component;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.util.Objects;
import java.util.Optional;

/** The API's CloudWatch Logs group, owned by the stack, with a retention so logs do not pile up. */
public final class LogGroupStep extends StepBase {
  public static final String NAME = "log-group";
  public static final int RETENTION_DAYS = 30;

  public LogGroupStep() {
    super(NAME, SERVICE);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    String name = ctx.names().logGroupName();
    Optional<LogGroup> found = ctx.aws().logs().findLogGroup(name);
    if (found.isEmpty()) {
      ctx.aws().logs().createLogGroup(name, ctx.names().tags());
      ctx.aws().logs().setRetention(name, RETENTION_DAYS);
      ctx.observed().acted("LogGroupCreated", "created log group " + name + " (" + RETENTION_DAYS + " days)");
    } else if (!ctx.names().ownedBy(found.get().tags())) {
      return notOwned("log group " + name, ctx.names());
    } else if (!Objects.equals(found.get().retentionDays(), RETENTION_DAYS)) {
      ctx.aws().logs().setRetention(name, RETENTION_DAYS);
    }
    return StepOutcome.ready(NAME, SERVICE, "LogGroupReady", "log group " + name);
  }

  @Override
  public StepOutcome cleanup(StackContext ctx) {
    String name = ctx.names().logGroupName();
    Optional<LogGroup> found = ctx.aws().logs().findLogGroup(name);
    if (found.isPresent() && ctx.names().ownedBy(found.get().tags())) {
      ctx.aws().logs().deleteLogGroup(name);
      ctx.observed().acted("LogGroupDeleted", "deleted log group " + name);
    }
    return StepOutcome.ready(NAME, SERVICE, "LogGroupDeleted", "log group deleted");
  }
}
