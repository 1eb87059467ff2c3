package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ecs.EcsGateway;
import java.util.ArrayList;
import java.util.Comparator;
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
 */
public final class FakeEcsGateway extends FakeGateway implements EcsGateway {
  private static final String SERVICE = "ecs";
  public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:123456789012:";

  private final Map<String, Revision> revisions = new LinkedHashMap<>();
  private final Map<String, Integer> lastRevision = new HashMap<>();
  private final Map<String, Svc> services = new LinkedHashMap<>();
  private final List<Update> updates = new ArrayList<>();
  private long deploymentIds;

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
    super(new CallLog(Set.of("registerTaskDefinition", "describeTaskDefinition", "activeRevisions",
        "deregisterTaskDefinition", "findService", "createService", "updateService", "deleteService"),
        Set.of("registerTaskDefinition", "createService", "updateService")), journal,
        Set.of("registerTaskDefinition", "deregisterTaskDefinition", "createService", "updateService",
            "deleteService"));
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

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /**
   * ECS finishes its work: each rollout that is under way completes (every desired task runs,
   * older deployments are gone) and DRAINING services disappear. A FAILED deployment stays failed.
   */
  public synchronized void finishPending() {
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

  /** Whether a service that is not yet gone runs its tasks in the security group. */
  public synchronized boolean usesSecurityGroup(String groupId) {
    return services.values().stream().anyMatch(s -> s.securityGroupIds.contains(groupId));
  }

  // ---- internals ---------------------------------------------------------------------------

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
