package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory ECS. Task definitions get revisions 1, 2, ... per family and are described exactly
 * as registered; deregistering makes a revision INACTIVE. A created service starts with a PRIMARY
 * deployment IN_PROGRESS and no task running; updating it to another revision adds a new PRIMARY
 * (the old one becomes ACTIVE). {@link #finishPending()} completes every rollout (running =
 * desired, older deployments dropped) and removes DRAINING services. Knobs fail a rollout as
 * the deployment circuit breaker does. Errors carry the codes and terminal flags
 * {@code AwsErrors} gives real ones.
 *
 * <p>One-off tasks (RunTask) go PROVISIONING, PENDING, RUNNING, STOPPED, one state per
 * {@link #finishPending()} ({@link #settleTasks()} takes them as far as they go); the overridden
 * container exits 0 unless a knob says otherwise, the task definition's other containers are
 * killed (137) once it has. Times come from the clock the fake is given.
 */
public final class FakeEcsGateway extends FakeGateway implements EcsGateway {
  private static final String SERVICE = "ecs";
  public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:123456789012:";

  private final Map<String, Revision> revisions = new LinkedHashMap<>();
  private final Map<String, Integer> lastRevision = new HashMap<>();
  private final Map<String, Svc> services = new LinkedHashMap<>();
  private final List<Update> updates = new ArrayList<>();
  private final Map<String, OneTask> tasks = new LinkedHashMap<>();
  private final Map<String, String> taskByClientToken = new HashMap<>();
  private final List<RunTaskRequest> runTaskRequests = new ArrayList<>();
  private final List<StopTaskRequest> stopTaskRequests = new ArrayList<>();
  private final Deque<Fate> nextFates = new ArrayDeque<>();
  private boolean keepTasksRunning;
  private long deploymentIds;
  private long taskIds;
  private Clock clock;

  /** One UpdateService request as it was sent. */
  public record Update(String cluster, String serviceName, String taskDefinitionArn, Integer desiredCount,
      boolean forceNewDeployment) {}

  private static final class Revision {
    String arn;
    String family;
    int number;
    TaskDefinition definition;
    boolean active = true;
  }

  private static final class Svc {
    String cluster;
    String name;
    String arn;
    String status = "ACTIVE";
    String clientToken;
    String taskDefinitionArn;
    String lastCompletedTaskDefinitionArn;
    int desiredCount;
    int runningCount;
    List<String> subnetIds;
    List<String> securityGroupIds;
    List<String> targetGroupArns;
    Map<String, String> tags;
    final List<Dep> deployments = new ArrayList<>();

    Optional<Dep> primary() {
      return deployments.stream().filter(d -> "PRIMARY".equals(d.status)).findFirst();
    }

    Service toRecord() {
      List<Deployment> ds = deployments.stream()
          .sorted(Comparator.comparing(d -> "PRIMARY".equals(d.status) ? 0 : 1)).map(Dep::toRecord).toList();
      return new Service(arn, name, status, taskDefinitionArn, desiredCount, runningCount, subnetIds,
          securityGroupIds, targetGroupArns, ds, tags);
    }
  }

  /** One RunTask request as it was sent. */
  public record RunTaskRequest(OneOffTask task, String clientToken) {}

  /** One StopTask request as it was sent. */
  public record StopTaskRequest(String cluster, String taskArn, String reason) {}

  /** How a task started by RunTask ends: its exit code, or a reason it never starts. */
  private record Fate(Integer exitCode, String failedToStart) {
    static final Fate SUCCEEDS = new Fate(0, null);
  }

  private static final class OneTask {
    String arn;
    String cluster;
    OneOffTask request;
    Fate fate;
    String lastStatus = "PROVISIONING";
    String stopCode;
    String stoppedReason;
    Instant createdAt;
    Instant startedAt;
    Instant stoppedAt;
    final Map<String, Integer> exitCodes = new TreeMap<>();
    boolean forgotten;

    Task toRecord() {
      return new Task(arn, lastStatus, stopCode, stoppedReason, createdAt, startedAt, stoppedAt, Map.copyOf(exitCodes));
    }
  }

  private static final class Dep {
    String id;
    String status;
    String taskDefinitionArn;
    String rolloutState;
    int desiredCount;
    int runningCount;
    String reason;

    Deployment toRecord() {
      return new Deployment(id, status, taskDefinitionArn, rolloutState, desiredCount, runningCount, reason);
    }
  }

  public FakeEcsGateway() {
    this(new Journal());
  }

  public FakeEcsGateway(Journal journal) {
    this(journal, Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
  }

  /** @param clock gives tasks their createdAt, startedAt and stoppedAt */
  public FakeEcsGateway(Journal journal, Clock clock) {
    super(new CallLog(Set.of("registerTaskDefinition", "describeTaskDefinition", "activeRevisions",
        "deregisterTaskDefinition", "findService", "createService", "updateService", "deleteService", "runTask",
        "describeTask", "tasksStartedBy", "stopTask"),
        Set.of("registerTaskDefinition", "createService", "updateService", "runTask")), journal,
        Set.of("registerTaskDefinition", "deregisterTaskDefinition", "createService", "updateService",
            "deleteService", "runTask", "stopTask"));
    this.clock = clock;
  }

  @Override
  public synchronized String registerTaskDefinition(TaskDefinition d) {
    log.enter("registerTaskDefinition");
    validate(d);
    int n = lastRevision.merge(d.family(), 1, Integer::sum);
    Revision r = new Revision();
    r.family = d.family();
    r.number = n;
    r.arn = ARN_PREFIX + "task-definition/" + d.family() + ":" + n;
    r.definition = copy(d);
    revisions.put(r.arn, r);
    journal.record(SERVICE, "registerTaskDefinition", r.arn);
    log.exit("registerTaskDefinition");
    return r.arn;
  }

  @Override
  public synchronized Optional<TaskDefinition> describeTaskDefinition(String arn) {
    log.enter("describeTaskDefinition");
    return Optional.ofNullable(revisions.get(arn)).map(r -> r.definition);
  }

  @Override
  public synchronized List<String> activeRevisions(String family) {
    log.enter("activeRevisions");
    return activeRevisionsOf(family);
  }

  @Override
  public synchronized void deregisterTaskDefinition(String arn) {
    log.enter("deregisterTaskDefinition");
    Revision r = revisions.get(arn);
    if (r == null) {
      throw new AwsFailure(SERVICE, "ClientException", "The specified task definition does not exist.", false, null);
    }
    if (r.active) {
      r.active = false;
      journal.record(SERVICE, "deregisterTaskDefinition", arn);
    }
  }

  @Override
  public synchronized Optional<Service> findService(String cluster, String serviceName) {
    log.enter("findService");
    return service(cluster, serviceName);
  }

  /** As DescribeServices: the named services that exist. */
  @Override
  public synchronized List<Service> findServices(String cluster, List<String> serviceNames) {
    log.enter("findServices");
    return serviceNames.stream().map(n -> service(cluster, n)).flatMap(Optional::stream).toList();
  }

  @Override
  public synchronized void createService(ServiceSpec spec, String clientToken) {
    log.enter("createService");
    requireActive(spec.taskDefinitionArn());
    Svc existing = services.get(key(spec.cluster(), spec.serviceName()));
    if (existing != null) {
      if ("DRAINING".equals(existing.status)) {
        throw invalid("Unable to Start a service that is still Draining.");
      }
      if (clientToken != null && clientToken.equals(existing.clientToken)) {
        log.exit("createService");
        return;  // a retried create with the same token returns the first one
      }
      throw invalid("Creation of service was not idempotent.");
    }
    if (spec.subnetIds().isEmpty() || spec.securityGroupIds().isEmpty()) {
      throw invalid("subnets and securityGroups can not be empty for awsvpc network mode.");
    }
    if (spec.desiredCount() < 0) {
      throw invalid("desiredCount can not be negative.");
    }
    spec.loadBalancer().ifPresent(lb -> {
      TaskDefinition td = revisions.get(spec.taskDefinitionArn()).definition;
      boolean portOfContainer = td.containers().stream().anyMatch(c -> c.name().equals(lb.containerName())
          && c.ports().contains(lb.containerPort()));
      if (!portOfContainer) {
        throw invalid("The container " + lb.containerName() + " did not have a container port "
            + lb.containerPort() + " defined.");
      }
    });
    put(spec, clientToken);
    journal.record(SERVICE, "createService", spec.serviceName());
    log.exit("createService");
  }

  private Svc put(ServiceSpec spec, String clientToken) {
    Svc s = new Svc();
    s.cluster = spec.cluster();
    s.name = spec.serviceName();
    s.arn = ARN_PREFIX + "service/" + spec.cluster() + "/" + spec.serviceName();
    s.clientToken = clientToken;
    s.taskDefinitionArn = spec.taskDefinitionArn();
    s.desiredCount = spec.desiredCount();
    s.subnetIds = spec.subnetIds().stream().sorted().toList();
    s.securityGroupIds = spec.securityGroupIds().stream().sorted().toList();
    s.targetGroupArns = spec.loadBalancer().map(lb -> List.of(lb.targetGroupArn())).orElse(List.of());
    s.tags = Map.copyOf(spec.tags());
    s.deployments.add(deployment("PRIMARY", s.taskDefinitionArn, s.desiredCount));
    services.put(key(s.cluster, s.name), s);
    return s;
  }

  @Override
  public synchronized void updateService(String cluster, String serviceName, String taskDefinitionArn,
      Integer desiredCount, boolean forceNewDeployment) {
    log.enter("updateService");
    Svc s = services.get(key(cluster, serviceName));
    if (s == null) {
      throw new AwsFailure(SERVICE, "ServiceNotFoundException", "Service not found.", false, null);
    }
    if (!"ACTIVE".equals(s.status)) {
      throw new AwsFailure(SERVICE, "ServiceNotActiveException", "Service was not ACTIVE.", false, null);
    }
    if (taskDefinitionArn != null) {
      requireActive(taskDefinitionArn);
    }
    if (desiredCount != null && desiredCount < 0) {
      throw invalid("desiredCount can not be negative.");
    }
    updates.add(new Update(cluster, serviceName, taskDefinitionArn, desiredCount, forceNewDeployment));
    if (desiredCount != null) {
      s.desiredCount = desiredCount;
    }
    boolean newDeployment = forceNewDeployment
        || (taskDefinitionArn != null && !taskDefinitionArn.equals(s.taskDefinitionArn));
    if (newDeployment) {
      String target = taskDefinitionArn != null ? taskDefinitionArn : s.taskDefinitionArn;
      s.deployments.forEach(d -> {
        if ("PRIMARY".equals(d.status)) {
          d.status = "ACTIVE";
        }
      });
      s.deployments.add(0, deployment("PRIMARY", target, s.desiredCount));
      s.taskDefinitionArn = target;
    } else if (desiredCount != null) {
      // Scaling alone starts no deployment: the primary one just aims at another count.
      s.primary().ifPresent(d -> d.desiredCount = desiredCount);
    }
    journal.record(SERVICE, "updateService", serviceName);
    log.exit("updateService");
  }

  /** Like the SDK gateway (force: true): a missing or inactive service is not an error. */
  @Override
  public synchronized void deleteService(String cluster, String serviceName) {
    log.enter("deleteService");
    Svc s = services.get(key(cluster, serviceName));
    if (s == null || !"ACTIVE".equals(s.status)) {
      return;
    }
    s.status = "DRAINING";
    s.desiredCount = 0;
    journal.record(SERVICE, "deleteService", serviceName);
  }

  /**
   * As ECS: the task definition must be ACTIVE and have the overridden container, awsvpc needs
   * subnets and groups, startedBy holds up to 128 characters and clientToken up to 64. A
   * clientToken seen before returns the first task's ARN and starts nothing.
   */
  @Override
  public synchronized String runTask(OneOffTask task, String clientToken) {
    log.enter("runTask");
    runTaskRequests.add(new RunTaskRequest(copy(task), clientToken));
    if (clientToken != null && taskByClientToken.containsKey(clientToken)) {
      log.exit("runTask");
      return taskByClientToken.get(clientToken);
    }
    requireActive(task.taskDefinitionArn());
    TaskDefinition td = revisions.get(task.taskDefinitionArn()).definition;
    if (td.containers().stream().noneMatch(c -> c.name().equals(task.containerName()))) {
      throw invalid("Override for container named " + task.containerName() + " is not a container in the "
          + "TaskDefinition.");
    }
    if (task.subnetIds().isEmpty() || task.securityGroupIds().isEmpty()) {
      throw invalid("subnets and securityGroups can not be empty for awsvpc network mode.");
    }
    if (task.startedBy() != null && task.startedBy().length() > 128) {
      throw invalid("startedBy can have at most 128 characters.");
    }
    if (clientToken != null && clientToken.length() > 64) {
      throw invalid("clientToken can have at most 64 characters.");
    }
    OneTask t = new OneTask();
    t.cluster = task.cluster();
    t.arn = ARN_PREFIX + "task/" + task.cluster() + "/" + String.format("%032x", ++taskIds);
    t.request = copy(task);
    t.fate = nextFates.isEmpty() ? Fate.SUCCEEDS : nextFates.poll();
    t.createdAt = clock.instant();
    tasks.put(t.arn, t);
    if (clientToken != null) {
      taskByClientToken.put(clientToken, t.arn);
    }
    journal.record(SERVICE, "runTask", t.arn);
    log.exit("runTask");
    return t.arn;
  }

  /** Empty for a task of another cluster, one never started, or a stopped one ECS has forgotten. */
  @Override
  public synchronized Optional<Task> describeTask(String cluster, String taskArn) {
    log.enter("describeTask");
    return known(cluster, taskArn).map(OneTask::toRecord);
  }

  @Override
  public synchronized List<String> tasksStartedBy(String cluster, String startedBy) {
    log.enter("tasksStartedBy");
    List<OneTask> marked = tasks.values().stream().filter(t -> !t.forgotten && t.cluster.equals(cluster)
        && startedBy.equals(t.request.startedBy())).toList();
    List<String> arns = new ArrayList<>();
    marked.stream().filter(t -> !"STOPPED".equals(t.lastStatus)).forEach(t -> arns.add(t.arn));
    marked.stream().filter(t -> "STOPPED".equals(t.lastStatus)).forEach(t -> arns.add(t.arn));
    return arns;
  }

  /**
   * The task stops at once: stopCode UserInitiated, and a container that was running is killed
   * (137). Stopping a stopped task changes nothing, as in ECS; an unknown one is an error.
   */
  @Override
  public synchronized void stopTask(String cluster, String taskArn, String reason) {
    log.enter("stopTask");
    stopTaskRequests.add(new StopTaskRequest(cluster, taskArn, reason));
    OneTask t = known(cluster, taskArn).orElseThrow(() -> invalid("The referenced task was not found."));
    if ("STOPPED".equals(t.lastStatus)) {
      return;
    }
    boolean ran = "RUNNING".equals(t.lastStatus);
    stop(t, "UserInitiated", reason);
    if (ran) {
      containersOf(t).forEach(c -> t.exitCodes.put(c, 137));
    }
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** The next task RunTask starts runs and its overridden container exits with {@code code}. */
  public synchronized void exitNextMigrationWith(int code) {
    nextFates.add(new Fate(code, null));
  }

  /**
   * The next task RunTask starts never runs: it stops from PENDING with stopCode TaskFailedToStart,
   * {@code reason} as its stoppedReason and no exit code, as when the image cannot be pulled.
   */
  public synchronized void failNextMigrationToStart(String reason) {
    nextFates.add(new Fate(null, reason));
  }

  /** While on, RUNNING tasks do not end by themselves (a long migration); off lets them finish. */
  public synchronized void keepMigrationsRunning(boolean keep) {
    keepTasksRunning = keep;
  }

  /** Every task goes on until it is STOPPED, or RUNNING while tasks are kept running. */
  public synchronized void settleTasks() {
    for (int i = 0; i < 4; i++) {
      advanceTasks();
    }
  }

  /**
   * ECS forgets stopped tasks after about an hour: describe and list no longer return them, StopTask
   * does not find them, and (an assumption: ECS does not document how long it keeps them) their
   * clientTokens no longer lead back to them.
   */
  public synchronized void forgetStoppedTasks() {
    tasks.values().stream().filter(t -> "STOPPED".equals(t.lastStatus)).forEach(t -> t.forgotten = true);
    taskByClientToken.values().removeIf(arn -> tasks.get(arn).forgotten);
  }

  /** Gives later task state changes their times from this clock. */
  public synchronized void useClock(Clock clock) {
    this.clock = clock;
  }

  /** Every RunTask request, in order, repeats with a known clientToken included. */
  public synchronized List<RunTaskRequest> runTaskRequests() {
    return List.copyOf(runTaskRequests);
  }

  /** Every StopTask request, in order. */
  public synchronized List<StopTaskRequest> stopTaskRequests() {
    return List.copyOf(stopTaskRequests);
  }

  /** Every task ever started, forgotten ones included, in the order they were started. */
  public synchronized List<Task> tasks() {
    return tasks.values().stream().map(OneTask::toRecord).toList();
  }

  /** A task by ARN, forgotten or not. */
  public synchronized Optional<Task> task(String taskArn) {
    return Optional.ofNullable(tasks.get(taskArn)).map(OneTask::toRecord);
  }

  /** The requests that started the tasks not yet STOPPED. */
  public synchronized List<RunTaskRequest> runningTaskRequests() {
    return tasks.values().stream().filter(t -> !"STOPPED".equals(t.lastStatus))
        .map(t -> new RunTaskRequest(t.request, null)).toList();
  }

  /** Tasks not yet STOPPED. */
  public synchronized List<Task> runningTasks() {
    return tasks.values().stream().filter(t -> !"STOPPED".equals(t.lastStatus)).map(OneTask::toRecord).toList();
  }


  /**
   * ECS finishes its work: each rollout that is under way completes (every desired task runs,
   * older deployments are gone) and DRAINING services disappear. A FAILED deployment stays failed.
   * Each one-off task moves on by one state.
   */
  public synchronized void finishPending() {
    advanceTasks();
    services.values().removeIf(s -> {
      if ("DRAINING".equals(s.status)) {
        journal.record(SERVICE, "gone", s.name);
        return true;
      }
      return false;
    });
    for (Svc s : services.values()) {
      Optional<Dep> primary = s.primary();
      if (primary.isEmpty() || "FAILED".equals(primary.get().rolloutState)) {
        continue;
      }
      Dep p = primary.get();
      boolean changed = !"COMPLETED".equals(p.rolloutState) || s.deployments.size() > 1
          || s.runningCount != s.desiredCount;
      if (!changed) {
        continue;
      }
      p.rolloutState = "COMPLETED";
      p.desiredCount = s.desiredCount;
      p.runningCount = s.desiredCount;
      p.reason = "ECS deployment " + p.id + " completed.";
      s.runningCount = s.desiredCount;
      s.deployments.clear();
      s.deployments.add(p);
      s.lastCompletedTaskDefinitionArn = p.taskDefinitionArn;
      journal.record(SERVICE, "rolloutCompleted", s.name + "@" + p.taskDefinitionArn);
    }
  }

  /**
   * The deployment circuit breaker gives up on the PRIMARY deployment: it is FAILED with
   * {@code reason} and stays so (the simple model: nothing rolls back).
   */
  public synchronized void failPrimaryDeployment(String cluster, String serviceName, String reason) {
    Dep p = requireService(cluster, serviceName).primary().orElseThrow();
    p.rolloutState = "FAILED";
    p.runningCount = 0;
    p.reason = reason;
    journal.record(SERVICE, "rolloutFailed", serviceName + "@" + p.taskDefinitionArn);
  }

  /**
   * The circuit breaker with rollback, as ECS does it: the failed deployment stays as ACTIVE and
   * FAILED, the last completed revision becomes the PRIMARY again (IN_PROGRESS) and the service
   * reports that revision. Once {@link #finishPending()} completes the rollback, the failed
   * deployment is no longer listed.
   */
  public synchronized void rollBackPrimaryDeployment(String cluster, String serviceName, String reason) {
    Svc s = requireService(cluster, serviceName);
    if (s.lastCompletedTaskDefinitionArn == null) {
      throw new IllegalStateException("no completed deployment to roll back to");
    }
    Dep failed = s.primary().orElseThrow();
    failed.status = "ACTIVE";
    failed.rolloutState = "FAILED";
    failed.runningCount = 0;
    failed.reason = "ECS deployment circuit breaker: " + reason;
    // The last completed deployment turns from COMPLETED back to IN_PROGRESS as the PRIMARY one.
    Dep back = s.deployments.stream().filter(d -> d != failed
        && s.lastCompletedTaskDefinitionArn.equals(d.taskDefinitionArn)).findFirst()
        .orElseGet(() -> deployment("PRIMARY", s.lastCompletedTaskDefinitionArn, s.desiredCount));
    s.deployments.remove(back);
    back.status = "PRIMARY";
    back.rolloutState = "IN_PROGRESS";
    back.desiredCount = s.desiredCount;
    s.deployments.add(0, back);
    s.taskDefinitionArn = s.lastCompletedTaskDefinitionArn;
    journal.record(SERVICE, "rolledBack", serviceName + "@" + failed.taskDefinitionArn);
  }

  /** A service put in place directly, as if by someone outside the operator; its rollout is done. */
  public synchronized void seedService(ServiceSpec spec) {
    Svc s = put(spec, "seeded-outside-the-operator");
    Dep p = s.primary().orElseThrow();
    p.rolloutState = "COMPLETED";
    p.runningCount = s.desiredCount;
    s.runningCount = s.desiredCount;
  }

  public synchronized Optional<Service> service(String cluster, String serviceName) {
    return Optional.ofNullable(services.get(key(cluster, serviceName))).map(Svc::toRecord);
  }

  /** Services not yet gone (ACTIVE or DRAINING). */
  public synchronized List<Service> services() {
    return services.values().stream().map(Svc::toRecord).toList();
  }

  public synchronized Optional<TaskDefinition> revision(String arn) {
    return Optional.ofNullable(revisions.get(arn)).map(r -> r.definition);
  }

  public synchronized boolean isActive(String arn) {
    return revisions.containsKey(arn) && revisions.get(arn).active;
  }

  /** ARNs of the family's ACTIVE revisions, oldest first, without counting a call. */
  public synchronized List<String> activeRevisionsOf(String family) {
    return revisions.values().stream().filter(r -> r.family.equals(family) && r.active)
        .sorted(Comparator.comparingInt(r -> r.number)).map(r -> r.arn).toList();
  }

  /** ARNs of every revision of the family ever registered, ACTIVE or not. */
  public synchronized List<String> allRevisionsOf(String family) {
    return revisions.values().stream().filter(r -> r.family.equals(family))
        .sorted(Comparator.comparingInt(r -> r.number)).map(r -> r.arn).toList();
  }

  /** Every UpdateService request, in order. */
  public synchronized List<Update> updates() {
    return List.copyOf(updates);
  }

  /** Whether a service that is not yet gone, or a task not yet stopped, runs in the security group. */
  public synchronized boolean usesSecurityGroup(String groupId) {
    return services.values().stream().anyMatch(s -> s.securityGroupIds.contains(groupId))
        || tasks.values().stream().anyMatch(t -> !"STOPPED".equals(t.lastStatus)
            && t.request.securityGroupIds().contains(groupId));
  }

  // ---- internals ---------------------------------------------------------------------------

  private void advanceTasks() {
    for (OneTask t : tasks.values()) {
      switch (t.lastStatus) {
        case "PROVISIONING" -> t.lastStatus = "PENDING";
        case "PENDING" -> {
          if (t.fate.failedToStart() != null) {
            stop(t, "TaskFailedToStart", t.fate.failedToStart());
          } else {
            t.lastStatus = "RUNNING";
            t.startedAt = clock.instant();
            journal.record(SERVICE, "taskRunning", t.arn);
          }
        }
        case "RUNNING" -> {
          if (!keepTasksRunning) {
            containersOf(t).forEach(c -> t.exitCodes.put(c, c.equals(t.request.containerName()) ? t.fate.exitCode()
                : 137));
            stop(t, "EssentialContainerExited", "Essential container in task exited");
          }
        }
        default -> { }
      }
    }
  }

  private void stop(OneTask t, String stopCode, String reason) {
    t.lastStatus = "STOPPED";
    t.stopCode = stopCode;
    t.stoppedReason = reason;
    t.stoppedAt = clock.instant();
    journal.record(SERVICE, "taskStopped", t.arn);
  }

  private List<String> containersOf(OneTask t) {
    return revisions.get(t.request.taskDefinitionArn()).definition.containers().stream().map(Container::name).toList();
  }

  private Optional<OneTask> known(String cluster, String taskArn) {
    return Optional.ofNullable(tasks.get(taskArn)).filter(t -> !t.forgotten && t.cluster.equals(cluster));
  }

  private static OneOffTask copy(OneOffTask t) {
    return new OneOffTask(t.cluster(), t.taskDefinitionArn(), t.containerName(), List.copyOf(t.command()),
        List.copyOf(t.subnetIds()), List.copyOf(t.securityGroupIds()), t.startedBy(), Map.copyOf(t.tags()));
  }

  private Dep deployment(String status, String taskDefinitionArn, int desiredCount) {
    Dep d = new Dep();
    d.id = "ecs-svc/" + String.format("%019d", ++deploymentIds);
    d.status = status;
    d.taskDefinitionArn = taskDefinitionArn;
    d.rolloutState = "IN_PROGRESS";
    d.desiredCount = desiredCount;
    d.reason = "ECS deployment " + d.id + " in progress.";
    return d;
  }

  private static void validate(TaskDefinition d) {
    if (d.family() == null || !d.family().matches("^[A-Za-z0-9_-]{1,255}$")) {
      throw new AwsFailure(SERVICE, "ClientException", "Family contains invalid characters.", false, null);
    }
    if (!fargateSize(d.cpu(), d.memory())) {
      throw new AwsFailure(SERVICE, "ClientException", "No Fargate configuration exists for given values: "
          + d.cpu() + " CPU, " + d.memory() + " memory.", false, null);
    }
    if (d.containers().isEmpty() || d.containers().stream().noneMatch(Container::essential)) {
      throw new AwsFailure(SERVICE, "ClientException", "A task definition needs an essential container.", false, null);
    }
    if (d.containers().stream().map(Container::name).distinct().count() != d.containers().size()) {
      throw new AwsFailure(SERVICE, "ClientException", "Container names must be unique.", false, null);
    }
    boolean needsRole = d.containers().stream().anyMatch(c -> !c.secrets().isEmpty() || c.log() != null);
    if (needsRole && d.executionRoleArn() == null) {
      throw new AwsFailure(SERVICE, "ClientException", "Fargate requires task definition to have execution role ARN "
          + "to support log driver awslogs and secrets.", false, null);
    }
  }

  private static boolean fargateSize(String cpu, String memory) {
    int c;
    int m;
    try {
      c = Integer.parseInt(cpu);
      m = Integer.parseInt(memory);
    } catch (NumberFormatException e) {
      return false;
    }
    return switch (c) {
      case 256 -> m == 512 || m == 1024 || m == 2048;
      case 512 -> m >= 1024 && m <= 4096 && m % 1024 == 0;
      case 1024 -> m >= 2048 && m <= 8192 && m % 1024 == 0;
      case 2048 -> m >= 4096 && m <= 16384 && m % 1024 == 0;
      case 4096 -> m >= 8192 && m <= 30720 && m % 1024 == 0;
      default -> false;
    };
  }

  /** What AWS stores is what was sent, detached from the caller's collections. */
  private static TaskDefinition copy(TaskDefinition d) {
    return new TaskDefinition(d.family(), d.cpu(), d.memory(), d.executionRoleArn(), d.taskRoleArn(),
        d.containers().stream().map(c -> new Container(c.name(), c.image(), c.essential(), List.copyOf(c.ports()),
            new TreeMap<>(c.environment()), new TreeMap<>(c.secrets()), List.copyOf(c.command()), c.log())).toList(),
        Map.copyOf(d.tags()));
  }

  private void requireActive(String taskDefinitionArn) {
    Revision r = revisions.get(taskDefinitionArn);
    if (r == null || !r.active) {
      throw invalid("TaskDefinition is inactive or does not exist: " + taskDefinitionArn);
    }
  }

  private Svc requireService(String cluster, String serviceName) {
    Svc s = services.get(key(cluster, serviceName));
    if (s == null) {
      throw new IllegalArgumentException("no service " + cluster + "/" + serviceName);
    }
    return s;
  }

  private static AwsFailure invalid(String message) {
    return new AwsFailure(SERVICE, "InvalidParameterException", message, true, null);
  }

  private static String key(String cluster, String serviceName) {
    return cluster + "/" + serviceName;
  }
}
