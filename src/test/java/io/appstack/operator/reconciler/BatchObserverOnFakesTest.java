package io.appstack.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.ecs.EcsGateway;
import io.appstack.operator.fakes.Stacks;
import io.appstack.operator.aws.rds.RdsGateway;
import io.appstack.operator.aws.secrets.SecretsGateway;
import io.appstack.operator.observe.BatchObserver;
import io.appstack.operator.observe.StackObservation;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batched drift poll on the fakes (which the scale benchmark runs the operator on): a
 * converged stack is observed with its resources, two polls with nothing changed are equal, and a
 * change behind the operator's back shows, each poll costing one call per batched operation.
 */
class BatchObserverOnFakesTest {
  private final PlanHarness h = new PlanHarness();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BatchObserver observer = new BatchObserver(h.aws.factory(), PlanHarness.DEFAULTS, registry);

  private void converge() {
    for (int i = 0; i < PlanHarness.MAX_PASSES && !h.apply().allReady(); i++) {
      h.aws.finishPending();
    }
  }

  private StackObservation observe() {
    Map<ResourceID, StackObservation> seen = observer.observe(List.of(h.stack));
    return seen.get(ResourceID.fromResource(h.stack));
  }

  @Test
  void convergedStackIsObservedAndUnchangedUntilAwsChanges() {
    converge();
    int mutatingBefore = h.aws.mutatingCalls();

    StackObservation first = observe();
    StackObservation second = observe();
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    StackObservation afterChange = observe();

    assertTrue(first.database().startsWith("available,"), first.database());
    assertTrue(first.securityGroups().contains(h.names.dbSecurityGroupName() + "=5432<"), first.securityGroups());
    assertTrue(first.secrets().contains(h.names.dbCredentialsSecretName() + "=true"), first.secrets());
    assertEquals(first, second, "nothing changed between two polls");
    assertNotEquals(second.service(), afterChange.service(), "the desired count changed in ECS");
    assertEquals(mutatingBefore + 1, h.aws.mutatingCalls(), "polls change nothing; only the test's update did");
  }

  /**
   * Seen at 1,000 stacks on moto: DescribeSecurityGroups timed out on every poll and, when that
   * failed the whole region's poll, no drift was seen at all. Now the kind that cannot be read is
   * unknown for that poll, taken as unchanged, and the other kinds are still compared.
   */
  @Test
  void aKindThatCannotBeReadIsUnknownAndTheOthersAreStillCompared() {
    converge();
    StackObservation first = observe();
    h.aws.ec2.failNext("findManagedSecurityGroups", new AwsFailure("ec2", "RequestTimeout",
        "HTTP request execution did not complete before the specified timeout", false, null));
    h.aws.rds.failNext("listInstances", new AwsFailure("rds", "Throttling", "Rate exceeded", false, null));
    h.aws.ecs.updateService(h.cluster(), h.names.serviceName(), null, 5, false);
    StackObservation partial = observe();

    assertNull(partial.securityGroups(), "security groups could not be read: unknown, not absent");
    assertNull(partial.database(), "RDS could not be read");
    assertNotNull(partial.secrets());
    assertNotEquals(first.service(), partial.service(), "the service change is seen all the same");
    StackObservation merged = partial.withUnknownFrom(first);
    assertEquals(first.securityGroups(), merged.securityGroups(), "the unknown part is taken as unchanged");
    assertEquals(first.database(), merged.database());
    assertNotEquals(first, merged, "so the poll reconciles the stack for its service");
    assertEquals(1.0, unread("security_groups"), "the unread kind shows in the gauge");
    assertEquals(1.0, unread("rds_instances"));
    assertEquals(0.0, unread("secrets"));
    assertEquals(merged, observe().withUnknownFrom(merged), "the next full poll finds nothing more");
    assertEquals(0.0, unread("security_groups"), "read again: the gauge clears");

    h.aws.ec2.failNext("findManagedSecurityGroups", new AwsFailure("ec2", "RequestTimeout", "timeout", false, null));
    assertEquals(merged, observe().withUnknownFrom(merged), "an unreadable kind alone changes nothing");
  }

  /**
   * At 1,000 stacks on moto one kind (security groups) took 30 s to fail and the poll read the
   * kinds one after another, so every drift waited for it. Now the kinds are read side by side:
   * here RDS and Secrets Manager each wait until the other was asked, which one after the other
   * could not both see.
   */
  @Test
  void theKindsAreReadSideBySide() throws Exception {
    converge();
    CountDownLatch rdsAsked = new CountDownLatch(1);
    CountDownLatch secretsAsked = new CountDownLatch(1);
    List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
    RdsGateway rds = meanwhile(RdsGateway.class, h.aws.rds, "listInstances", rdsAsked, secretsAsked, sawTheOther);
    SecretsGateway secrets = meanwhile(SecretsGateway.class, h.aws.secrets, "listManagedSecretNames", secretsAsked,
        rdsAsked, sawTheOther);
    AwsGateways fakes = h.aws.factory().forRegion(PlanHarness.DEFAULTS.region());
    AwsGateways.Factory waiting = region -> new AwsGateways(rds, secrets, fakes.ec2(), fakes.ecs(), fakes.logs(),
        fakes.elasticache(), fakes.elb());

    StackObservation seen = new BatchObserver(waiting, PlanHarness.DEFAULTS, registry).observe(List.of(h.stack))
        .get(ResourceID.fromResource(h.stack));

    assertEquals(List.of(true, true), sawTheOther, "each read was under way while the other was asked");
    assertEquals(observe(), seen, "and the observation is the same as read by the plain fakes");
  }

  /** A cluster's services are read in parts of 100 (ten DescribeServices calls each), side by side. */
  @Test
  void aClustersServicesAreReadInPartsOfAHundred() {
    List<AppStack> stacks = IntStream.range(0, 250).mapToObj(i -> Stacks.sample("team", "s" + i)).toList();
    List<Integer> parts = new CopyOnWriteArrayList<>();
    Set<String> asked = ConcurrentHashMap.newKeySet();
    AwsGateways fakes = h.aws.factory().forRegion(PlanHarness.DEFAULTS.region());
    EcsGateway ecs = (EcsGateway) Proxy.newProxyInstance(EcsGateway.class.getClassLoader(),
        new Class<?>[] {EcsGateway.class}, (proxy, m, args) -> {
          if (m.getName().equals("findServices")) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) args[1];
            parts.add(names.size());
            asked.addAll(names);
          }
          return m.invoke(fakes.ecs(), args);
        });
    AwsGateways.Factory recording = region -> new AwsGateways(fakes.rds(), fakes.secrets(), fakes.ec2(), ecs,
        fakes.logs(), fakes.elasticache(), fakes.elb());

    Map<ResourceID, StackObservation> seen = new BatchObserver(recording, PlanHarness.DEFAULTS, registry).observe(stacks);

    assertEquals(List.of(50, 100, 100), parts.stream().sorted().toList());
    assertEquals(250, asked.size(), "every stack's service was asked for once");
    assertEquals(250, seen.size());
    assertEquals(0.0, unread("ecs_services:" + PlanHarness.DEFAULTS.cluster()));
  }

  /** {@code gateway}, except that {@code method} first says it was asked and waits (up to 5 s) for {@code other}. */
  private static <T> T meanwhile(Class<T> type, T gateway, String method, CountDownLatch asked, CountDownLatch other,
      List<Boolean> sawTheOther) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
      if (m.getName().equals(method)) {
        asked.countDown();
        sawTheOther.add(other.await(5, TimeUnit.SECONDS));
      }
      try {
        return m.invoke(gateway, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }

  private double unread(String kind) {
    return registry.get(BatchObserver.UNREAD).tags("region", PlanHarness.DEFAULTS.region(), "kind", kind).gauge().value();
  }
}
