package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackStatus;
import io.appstack.operator.api.v1alpha1.RedisSpec.Mode;
import io.appstack.operator.aws.ec2.Ec2Gateway.SecurityGroup;
import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.Service;
import io.appstack.operator.aws.ecs.EcsGateway.Task;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.fakes.FakeAws;
import io.appstack.operator.fakes.FakeHealthProbe;
import io.appstack.operator.fakes.FakeKubeSecrets;
import io.appstack.operator.fakes.MutableClock;
import io.appstack.operator.fakes.RecordingStackMetrics;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One stack, a StackPlan over a fake AWS account, fake Kubernetes Secrets, recorded metrics and
 * a clock that moves only when a test moves it (shared with the fake ECS); passes feed their
 * status back into the stack as the reconciler's status patch would.
 */
final class PlanHarness {
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final String DEFAULT_REGION = "us-east-1";
  static final String DEFAULT_CLUSTER = "default";
  static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/exec";
  static final StackDefaults DEFAULTS = new StackDefaults(DEFAULT_REGION, DEFAULT_CLUSTER, Optional.of(EXECUTION_ROLE));
  /** Passes (each followed by AWS finishing its work) a stack may take to become Ready or gone. */
  static final int MAX_PASSES = 10;

  final MutableClock clock = new MutableClock(NOW);
  final FakeAws aws = new FakeAws(clock);
  final FakeKubeSecrets kubeSecrets = new FakeKubeSecrets();
  final RecordingStackMetrics metrics = new RecordingStackMetrics();
  final FakeHealthProbe probe = new FakeHealthProbe(clock);
  private final StackDefaults defaults;
  StackPlan plan;
  final AppStack stack;
  final StackNames names = StackNames.of("staging", "shop");

  /** A stack with Redis as a sidecar. */
  PlanHarness() {
    this(Mode.sidecar);
  }

  PlanHarness(Mode redisMode) {
    this(redisMode, DEFAULTS);
  }

  PlanHarness(Mode redisMode, StackDefaults defaults) {
    this.defaults = defaults;
    plan = newPlan();
    stack = Stacks.sample("staging", "shop", redisMode);
  }

  private StackPlan newPlan() {
    return new StackPlan(defaults, aws.factory(), kubeSecrets, metrics, probe, clock);
  }

  /**
   * A Ready stack's {@code secret} loses {@code tag}, as when the operator died between
   * PutSecretValue and TagResource; after a restart the value must only be tagged again, not
   * written a second time.
   */
  void assertOnlyRetaggedAfterRestart(String secret, String tag) {
    applyUntilReady();
    String marker = aws.secrets.secret(secret).orElseThrow().tags().get(tag);
    List<String> versions = aws.secrets.versions(secret);
    int puts = aws.secrets.calls("putValue");
    aws.secrets.untag(secret, tag);
    restartOperator();
    applyUntilReady();
    assertEquals(versions, aws.secrets.versions(secret), "no second version of the same value");
    assertEquals(puts, aws.secrets.calls("putValue"));
    assertEquals(marker, aws.secrets.secret(secret).orElseThrow().tags().get(tag));
  }

  /** The operator restarts: later passes run on a new StackPlan over the same AWS account. */
  void restartOperator() {
    plan = newPlan();
  }

  StackPlan.Result apply() {
    StackPlan.Result r = plan.apply(stack);
    stack.setStatus(r.status());
    return r;
  }

  StackPlan.Result teardown() {
    StackPlan.Result r = plan.teardown(stack);
    stack.setStatus(r.status());
    return r;
  }

  /** Passes, AWS finishing its work after each, until one is Ready; fails with the last pass if none is. */
  StackPlan.Result applyUntilReady() {
    return applyUntil(r -> isTrue(r, "Ready"), "Ready");
  }

  /** Passes, AWS finishing its work after each, until one satisfies {@code done}. */
  StackPlan.Result applyUntil(Predicate<StackPlan.Result> done, String what) {
    StackPlan.Result r = null;
    for (int i = 0; i < MAX_PASSES; i++) {
      r = apply();
      if (done.test(r)) {
        return r;
      }
      aws.finishPending();
    }
    return fail("not " + what + " after " + MAX_PASSES + " passes; last: " + describe(r));
  }

  /** Every pass, AWS finishing its work after each, up to and including the first Ready one. */
  List<StackPlan.Result> passesUntilReady() {
    List<StackPlan.Result> passes = new ArrayList<>();
    applyUntil(r -> passes.add(r) && isTrue(r, "Ready"), "Ready");
    return passes;
  }

  /**
   * Passes, AWS finishing its work after each, until one starts a migration task; that task then
   * runs to its end (exit 0 unless a knob of the fake ECS says otherwise), nothing else moves.
   * The next pass finds it stopped.
   */
  StackPlan.Result applyUntilMigrationRan() {
    int started = aws.ecs.tasks().size();
    StackPlan.Result r = applyUntil(x -> aws.ecs.tasks().size() > started, "a migration task started");
    aws.ecs.settleTasks();
    return r;
  }

  /** The last migration task started, as the fake ECS holds it now. */
  Task lastMigrationTask() {
    List<Task> tasks = aws.ecs.tasks();
    if (tasks.isEmpty()) {
      throw new AssertionError("no migration task was started; ecs calls " + aws.ecs.calls());
    }
    return tasks.get(tasks.size() - 1);
  }

  /** Runs teardown passes, letting AWS finish between them, until every step is done. */
  StackPlan.Result teardownUntilDone(int maxPasses) {
    StackPlan.Result r = null;
    for (int i = 0; i < maxPasses; i++) {
      r = teardown();
      if (r.allReady()) {
        return r;
      }
      aws.finishPending();
    }
    return fail("teardown not done after " + maxPasses + " passes; last: " + describe(r));
  }

  /** Teardown passes, AWS finishing its work after each, until one satisfies {@code done}. */
  StackPlan.Result teardownUntil(Predicate<StackPlan.Result> done, String what) {
    StackPlan.Result r = null;
    for (int i = 0; i < MAX_PASSES; i++) {
      r = teardown();
      if (done.test(r)) {
        return r;
      }
      aws.finishPending();
    }
    return fail("teardown never " + what + " in " + MAX_PASSES + " passes; last: " + describe(r));
  }

  String dbId() {
    return names.dbInstanceIdentifier();
  }

  String cluster() {
    return stack.getSpec().api.cluster != null ? stack.getSpec().api.cluster : DEFAULT_CLUSTER;
  }

  Optional<Service> service() {
    return aws.ecs.service(cluster(), names.serviceName());
  }

  /** The task definition the service reports it runs. */
  TaskDefinition runningTaskDefinition() {
    String arn = service().orElseThrow(() -> new AssertionError("no service")).taskDefinitionArn();
    return aws.ecs.revision(arn).orElseThrow();
  }

  static Optional<Container> container(TaskDefinition td, String name) {
    return td.containers().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  static Container apiContainer(TaskDefinition td) {
    return container(td, "api").orElseThrow(() -> new AssertionError("no api container in " + td));
  }

  Optional<SecurityGroup> securityGroup(String groupName) {
    return aws.ec2.group(Stacks.VPC_ID, groupName);
  }

  /** A redis:// URL in the stack's external Redis Secret. */
  void putRedisUrl(String url) {
    kubeSecrets.put(names.namespace(), Stacks.redisSecretName(names.name()), Stacks.REDIS_URL_KEY, url);
  }

  /** The stack's database security group as the fake EC2 holds it now. */
  SecurityGroup dbGroup() {
    return securityGroup(names.dbSecurityGroupName()).orElseThrow(() -> new AssertionError("no database group"));
  }

  /** The stack's API security group as the fake EC2 holds it now. */
  SecurityGroup apiGroup() {
    return securityGroup(names.apiSecurityGroupName()).orElseThrow(() -> new AssertionError("no API group"));
  }

  /** The drift entry of the pass's status for {@code resource} and {@code field}; fails listing all if none. */
  static AppStackStatus.DriftEntry drift(StackPlan.Result r, String resource, String field) {
    List<AppStackStatus.DriftEntry> all = r.status().drift == null ? List.of() : r.status().drift;
    return all.stream().filter(d -> resource.equals(d.resource) && field.equals(d.field)).findFirst()
        .orElseThrow(() -> new AssertionError("no drift of " + resource + " " + field + " in status.drift="
            + describeDrift(r.status()) + "; " + describe(r)));
  }

  /** status.drift as "resource field: actual (spec desired)" lines, or "none". */
  static String describeDrift(AppStackStatus status) {
    return status.drift == null ? "none" : status.drift.stream()
        .map(d -> d.resource + " " + d.field + ": " + d.actual + " (spec " + d.desired + ")")
        .collect(Collectors.joining("; ", "[", "]"));
  }

  static StepOutcome outcome(StackPlan.Result r, String step) {
    return r.outcomes().stream().filter(o -> o.step().equals(step)).findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of step " + step + " in " + describe(r)));
  }

  static boolean isTrue(StackPlan.Result r, String type) {
    return "True".equals(condition(r.status(), type).getStatus());
  }

  static Condition condition(AppStackStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.conditions));
  }

  static void assertCondition(StackPlan.Result r, String type, String status, String reason) {
    Condition c = condition(r.status(), type);
    assertEquals(status + "/" + reason, c.getStatus() + "/" + c.getReason(), type + " in " + describe(r));
  }

  static String describe(StackPlan.Result r) {
    if (r == null) {
      return "no pass";
    }
    return "outcomes=" + r.outcomes().stream().map(o -> o.step() + ":" + o.state() + ":" + o.reason())
        .collect(Collectors.joining(",")) + " conditions=" + r.status().conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ": " + c.getMessage() + ")")
        .collect(Collectors.joining(" ")) + " actions=" + r.actions();
  }
}
