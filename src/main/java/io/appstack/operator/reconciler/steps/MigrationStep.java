package io.appstack.operator.reconciler.steps;

import static io.appstack.operator.reconciler.Component.MIGRATIONS;

import io.appstack.operator.api.v1alpha1.AppStackStatus.MigrationStatus;
import io.appstack.operator.api.v1alpha1.MigrationsSpec;
import io.appstack.operator.aws.ecs.EcsGateway;
import io.appstack.operator.aws.ecs.EcsGateway.OneOffTask;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.desired.ServiceDesired;
import io.appstack.operator.desired.TaskDefinitionDesired;
import io.appstack.operator.reconciler.Observed.MigrationRun;
import io.appstack.operator.reconciler.StackContext;
import io.appstack.operator.reconciler.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs spec.migrations as a one-off Fargate task of the new revision before the service moves to
 * it, once per image and command. The task carries a startedBy marker derived from image, command
 * and generation, and the same string as RunTask's clientToken: a retried call or a restarted
 * operator finds the task instead of starting a second one. Nothing waits: each pass looks once.
 */
public final class MigrationStep extends StepBase {
  public static final String NAME = "migration";
  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  public MigrationStep() {
    super(NAME, MIGRATIONS);
  }

  @Override
  public Set<String> needs() {
    return Set.of(TaskDefinitionStep.NAME, NetworkStep.NAME);
  }

  @Override
  public StepOutcome reconcile(StackContext ctx) {
    MigrationsSpec spec = ctx.stack().getSpec().migrations;
    if (spec == null) {
      return StepOutcome.ready(NAME, MIGRATIONS, "NoMigrations", "the stack declares no migrations");
    }
    String image = ctx.stack().getSpec().api.image;
    String runKey = runKey(image, spec.command);
    long generation = ctx.stack().getMetadata().getGeneration();
    MigrationStatus last = ctx.stack().getStatus() == null ? null : ctx.stack().getStatus().migration;
    boolean sameRun = last != null && runKey.equals(last.runKey);
    if (sameRun && SUCCEEDED.equals(last.phase)) {
      ctx.observed().migration = carried(last);
      return succeeded(last.taskArn);
    }
    if (sameRun && FAILED.equals(last.phase) && last.generation != null && last.generation == generation) {
      // The same spec would fail the same way: only a new generation (a fixed image) tries again.
      ctx.observed().migration = carried(last);
      return StepOutcome.stalled(NAME, MIGRATIONS, "MigrationFailed", last.message);
    }

    EcsGateway ecs = ctx.aws().ecs();
    String cluster = ServiceDesired.cluster(ctx.stack().getSpec().api, ctx.defaults().cluster());
    String marker = "appstack-mig-" + runKey + "-g" + generation;
    // A run of this image and command under way is followed whatever else the spec changed since;
    // a finished one is only run again under a new generation, which gives a new marker and token.
    boolean underWay = sameRun && last.taskArn != null && (PENDING.equals(last.phase) || RUNNING.equals(last.phase));
    Optional<String> taskArn = underWay ? Optional.of(last.taskArn)
        : ecs.tasksStartedBy(cluster, marker).stream().findFirst();
    // ListTasks finds only running tasks and ECS forgets stopped ones after about an hour: a run
    // that cannot be found any more is started again (RunTask's clientToken returns it if it still can).
    Optional<Task> found = taskArn.flatMap(arn -> ecs.describeTask(cluster, arn));
    if (found.isEmpty()) {
      String arn = ecs.runTask(new OneOffTask(cluster, ctx.observed().taskDefinitionArn,
          TaskDefinitionDesired.API_CONTAINER, spec.command, sorted(ctx.stack().getSpec().network.privateSubnetIds),
          List.of(ctx.observed().apiSecurityGroupId), marker, ctx.names().tags()), marker);
      ctx.observed().migration = new MigrationRun(runKey, generation, image, arn, PENDING, null, ctx.now(), null,
          "migration started", logStream(ctx, arn));
      ctx.observed().acted("MigrationStarted", "started migration task " + arn + " for " + image + ": "
          + String.join(" ", spec.command));
      return StepOutcome.progressing(NAME, MIGRATIONS, "Migrating", "migration task " + arn + " started");
    }

    Task task = found.get();
    Instant started = task.startedAt() != null ? task.startedAt() : task.createdAt() != null ? task.createdAt()
        : last != null && last.startedAt != null ? Instant.parse(last.startedAt) : ctx.now();
    String stream = logStream(ctx, task.arn());
    if (task.stopped()) {
      return finished(ctx, runKey, generation, image, task, started, stream, last);
    }
    Duration limit = Duration.ofSeconds(spec.timeoutSeconds);
    if (Duration.between(started, ctx.now()).compareTo(limit) > 0) {
      String reason = "migration timed out after " + spec.timeoutSeconds + " s";
      ecs.stopTask(cluster, task.arn(), reason);
      String message = reason + "; the task was stopped and the service stays on its previous revision. Output: " + stream;
      ctx.observed().migration = new MigrationRun(runKey, generation, image, task.arn(), FAILED, null, started,
          ctx.now(), message, stream);
      ctx.metrics().migrationFinished(task.arn(), "timed_out");
      return StepOutcome.stalled(NAME, MIGRATIONS, "MigrationFailed", message);
    }
    ctx.observed().migration = new MigrationRun(runKey, generation, image, task.arn(),
        "RUNNING".equals(task.lastStatus()) ? RUNNING : PENDING, null, started, null,
        "migration task is " + task.lastStatus(), stream);
    return StepOutcome.progressing(NAME, MIGRATIONS, "Migrating", "migration task " + task.arn() + " is "
        + task.lastStatus());
  }

  /** Nothing to remove: stopped tasks vanish by themselves; a running one is stopped. */
  @Override
  public StepOutcome cleanup(StackContext ctx) {
    MigrationStatus last = ctx.stack().getStatus() == null ? null : ctx.stack().getStatus().migration;
    if (last != null && last.taskArn != null && (PENDING.equals(last.phase) || RUNNING.equals(last.phase))) {
      String cluster = ServiceDesired.cluster(ctx.stack().getSpec().api, ctx.defaults().cluster());
      Optional<Task> task = ctx.aws().ecs().describeTask(cluster, last.taskArn);
      if (task.isPresent() && !task.get().stopped()) {
        ctx.aws().ecs().stopTask(cluster, last.taskArn, "the AppStack is being deleted");
        ctx.observed().acted("MigrationStopped", "stopped migration task " + last.taskArn);
      }
    }
    return StepOutcome.ready(NAME, MIGRATIONS, "NoMigrationRunning", "no migration task left running");
  }

  private StepOutcome finished(StackContext ctx, String runKey, long generation, String image, Task task,
      Instant started, String stream, MigrationStatus last) {
    Integer exit = task.exitCodes().get(TaskDefinitionDesired.API_CONTAINER);
    boolean firstSight = last == null || !task.arn().equals(last.taskArn) || !FAILED.equals(last.phase)
        && !SUCCEEDED.equals(last.phase);
    Instant finishedAt = task.stoppedAt() != null ? task.stoppedAt() : ctx.now();
    if (exit != null && exit == 0) {
      ctx.observed().migration = new MigrationRun(runKey, generation, image, task.arn(), SUCCEEDED, 0, started,
          finishedAt, "migration succeeded", stream);
      ctx.metrics().migrationFinished(task.arn(), "succeeded");
      if (firstSight) {
        ctx.observed().acted("MigrationSucceeded", "migration task " + task.arn() + " exited 0");
      }
      return succeeded(task.arn());
    }
    String why = exit != null ? "exited with code " + exit
        : "stopped before it ran (" + task.stopCode() + ": " + task.stoppedReason() + ")";
    String message = "migration task " + task.arn() + " " + why + "; the service stays on its previous revision. Output: "
        + stream;
    ctx.observed().migration = new MigrationRun(runKey, generation, image, task.arn(), FAILED, exit, started, finishedAt,
        message, stream);
    ctx.metrics().migrationFinished(task.arn(), "failed");
    return StepOutcome.stalled(NAME, MIGRATIONS, "MigrationFailed", message);
  }

  private static StepOutcome succeeded(String taskArn) {
    return StepOutcome.ready(NAME, MIGRATIONS, "MigrationsSucceeded", "migration task " + taskArn + " exited 0");
  }

  private static MigrationRun carried(MigrationStatus s) {
    return new MigrationRun(s.runKey, s.generation == null ? 0 : s.generation, s.image, s.taskArn, s.phase, s.exitCode,
        s.startedAt == null ? null : Instant.parse(s.startedAt), s.finishedAt == null ? null : Instant.parse(s.finishedAt),
        s.message, s.logStream);
  }

  /** awslogs names a stream prefix/container/task-id. */
  private static String logStream(StackContext ctx, String taskArn) {
    return ctx.names().logGroupName() + " " + TaskDefinitionDesired.API_CONTAINER + "/"
        + TaskDefinitionDesired.API_CONTAINER + "/" + taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  private static List<String> sorted(List<String> ids) {
    return ids.stream().sorted().distinct().toList();
  }

  /** 16 hex characters of SHA-256 over image and command. */
  static String runKey(String image, List<String> command) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((image + "\n" + String.join("\u0000", command))
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
